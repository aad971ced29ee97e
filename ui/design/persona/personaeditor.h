#pragma once

#include "design/artifacteditor.h"
#include "design/document/designdocuments.h"
#include "flawpatternmodel.h"

class QAction;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTreeView;

namespace sift {

class InlineIssues;
class PersonaDimensionModel;
class PersonaPreviewModel;

// The persona template (finetune-design step 5): dimensions with weighted options, primary and
// secondary flaw patterns with their per-message probabilities, the share of personas without
// flaws, and a preview of sampled personas showing which flaws fire in which message.
class PersonaEditor : public ArtifactEditor
{
    Q_OBJECT

public:
    static constexpr int PreviewPersonas = 10;
    static constexpr int PreviewMessages = 10;

    explicit PersonaEditor(PersonaDocument *document, QWidget *parent = nullptr);

    PersonaDimensionModel *dimensionModel() const { return m_dimensions; }
    FlawPatternModel *patternModel(FlawPatternModel::Group group) const;
    PersonaPreviewModel *previewModel() const { return m_preview; }
    void setPreviewSeed(quint64 seed);
    void selectDimension(const QList<int> &path);
    QList<int> selectedPath() const;

protected:
    void refreshForm() override;
    bool focusFormLine(int line) override;

private:
    QWidget *createDimensionsBox();
    QWidget *createFlawsBox();
    QWidget *createGroupBox(FlawPatternModel::Group group);
    QWidget *createPreviewTab();
    void refreshPreview();
    void addDimension();
    void addOption();
    void removeSelected();
    void moveSelected(int delta);
    void addPattern(FlawPatternModel::Group group);
    void removePattern(FlawPatternModel::Group group);

    PersonaDocument *m_document;
    PersonaDimensionModel *m_dimensions;
    FlawPatternModel *m_primary;
    FlawPatternModel *m_secondary;
    PersonaPreviewModel *m_preview;
    QTabWidget *m_tabs;
    QTreeView *m_tree;
    QTableView *m_primaryTable;
    QTableView *m_secondaryTable;
    QDoubleSpinBox *m_noFlawShare;
    QDoubleSpinBox *m_primaryProbability;
    QDoubleSpinBox *m_secondaryProbability;
    QSpinBox *m_secondaryMax;
    InlineIssues *m_dimensionIssues;
    InlineIssues *m_flawIssues;
    QAction *m_addOption;
    QAction *m_remove;
    QSpinBox *m_seed;
    QLabel *m_previewSummary;
    QLabel *m_legend;
    QList<int> m_selectAfterReset;
};

} // namespace sift

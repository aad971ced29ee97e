#pragma once

#include "design/artifacteditor.h"
#include "design/document/designdocuments.h"
#include "design/taxonomypath.h"

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTreeView;

namespace sift {

class InlineIssues;
class ScenarioPreviewModel;
class ShareIndicator;
class TaxonomyTreeModel;

// The input taxonomy (finetune-design step 3): dimensions and their weighted values with nested
// subtopics in a tree, weights edited in place next to a bar of each value's share, drag and drop
// to reorder or move, the edge-case share against its target, and a preview of the scenarios the
// sampler draws for a seed.
class TaxonomyEditor : public ArtifactEditor
{
    Q_OBJECT

public:
    static constexpr int PreviewCount = 20;

    explicit TaxonomyEditor(TaxonomyDocument *document, QWidget *parent = nullptr);

    TaxonomyTreeModel *treeModel() const { return m_model; }
    ScenarioPreviewModel *previewModel() const { return m_preview; }
    // Selects a dimension or value in the tree (and shows it in the detail form).
    void select(const TaxonomyPath::Path &path);
    TaxonomyPath::Path selectedPath() const;
    void setPreviewSeed(quint64 seed);

protected:
    void refreshForm() override;
    bool focusFormLine(int line) override;

private:
    QWidget *createStructureTab();
    QWidget *createPreviewTab();
    void refreshDetail();
    void refreshPreview();
    void addDimension();
    void addValue(bool asSubtopic);
    void removeSelected();
    void moveSelected(int delta);
    void renameSelected();
    void rememberExpansion();
    void restoreExpansion();

    TaxonomyDocument *m_document;
    TaxonomyTreeModel *m_model;
    ScenarioPreviewModel *m_preview;
    QTabWidget *m_tabs;
    QTreeView *m_tree;
    ShareIndicator *m_edgeShare;
    QDoubleSpinBox *m_edgeTarget;
    QLabel *m_detailTitle;
    QLineEdit *m_id;
    QComboBox *m_kind;
    QDoubleSpinBox *m_weight;
    QLabel *m_share;
    QLineEdit *m_description;
    InlineIssues *m_issues;
    QLabel *m_kindLabel;
    QLabel *m_weightLabel;
    QLabel *m_shareLabel;
    QAction *m_addValue;
    QAction *m_addSubtopic;
    QAction *m_remove;
    QAction *m_moveUp;
    QAction *m_moveDown;
    QSpinBox *m_seed;
    QLabel *m_previewSummary;
    QTableView *m_previewTable;
    QList<TaxonomyPath::Path> m_expanded;
    TaxonomyPath::Path m_selectAfterReset;
};

} // namespace sift

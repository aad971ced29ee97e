#pragma once

#include "design/artifacteditor.h"
#include "design/document/designdocuments.h"

class QAction;
class QDoubleSpinBox;
class QTableView;

namespace sift {

class CriterionForm;
class RubricCategoryModel;
class RubricCriteriaModel;
class ShareIndicator;

// The binary rubric (finetune-design step 4, finetune-prep phase 3): weighted categories with a sum
// indicator, the criteria with their gate, NA and example counts and phrasing hints, and the
// selected criterion's fields and calibration examples.
class RubricEditor : public ArtifactEditor
{
    Q_OBJECT

public:
    explicit RubricEditor(RubricDocument *document, QWidget *parent = nullptr);

    RubricCategoryModel *categoryModel() const { return m_categories; }
    RubricCriteriaModel *criteriaModel() const { return m_criteria; }
    CriterionForm *criterionForm() const { return m_form; }
    // The categories table shows this many rows without scrolling (a rubric has a handful).
    static constexpr int MaxCategoryRows = 8;
    void selectCriterion(const QString &criterionId);
    QString selectedCriterion() const;

protected:
    void refreshForm() override;
    void showEvent(QShowEvent *event) override;
    bool focusFormLine(int line) override;

private:
    QWidget *createOverview();
    void addCategory();
    void removeCategory();
    void addCriterion();
    void removeCriterion();

    RubricDocument *m_document;
    RubricCategoryModel *m_categories;
    RubricCriteriaModel *m_criteria;
    QDoubleSpinBox *m_threshold;
    ShareIndicator *m_weightSum;
    ShareIndicator *m_criteriaCount;
    QTableView *m_categoryTable;
    QTableView *m_criteriaTable;
    CriterionForm *m_form;
    QAction *m_removeCategory;
    QAction *m_removeCriterion;
    QString m_selected;
};

} // namespace sift

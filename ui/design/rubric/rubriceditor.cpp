#include "rubriceditor.h"

#include "common/shareindicator.h"
#include "criterionform.h"
#include "rubriccategorymodel.h"
#include "rubriccriteriamodel.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace sift {

namespace {
QTableView *compactTable(QAbstractItemModel *model, const QString &name)
{
    auto *table = new QTableView;
    table->setObjectName(name);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 5);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

// Sizes a short table to show all its rows (up to `maxRows`, then it scrolls), so the few categories
// take only the height they need and the criteria get the rest.
void fitToRows(QTableView *table, int maxRows)
{
    const int rows = std::clamp(table->model()->rowCount(), 1, maxRows);
    table->setFixedHeight(table->horizontalHeader()->sizeHint().height() +
                          rows * table->verticalHeader()->defaultSectionSize() + 2 * table->frameWidth());
}

// A new criterion's id: the letters the category's criteria start with, and the next free number
// ("AC5" after AC1..AC4), so ids keep saying which category they belong to.
QString newCriterionId(const Rubric &rubric, const RubricCategory *category)
{
    QString prefix = QStringLiteral("C");
    static const QRegularExpression lettersThenNumber(QStringLiteral("^([A-Za-z_]+)(\\d+)$"));
    if (category && !category->criteria.isEmpty()) {
        const auto m = lettersThenNumber.match(category->criteria.first());
        if (m.hasMatch())
            prefix = m.captured(1);
    }
    for (int n = 1;; ++n) {
        const QString id = prefix + QString::number(n);
        if (!rubric.criterion(id))
            return id;
    }
}
} // namespace

RubricEditor::RubricEditor(RubricDocument *document, QWidget *parent)
    : ArtifactEditor(document, parent), m_document(document),
      m_categories(new RubricCategoryModel(document, this)),
      m_criteria(new RubricCriteriaModel(document, this))
{
    setObjectName(QStringLiteral("rubricEditor"));
    m_form =
        new CriterionForm(document, [this](int first, int end) { return diagnosticsBetween(first, end); });
    connect(m_form, &CriterionForm::renamed, this, [this](const QString &id) { selectCriterion(id); });

    auto *scroll = new QScrollArea;
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *split = new QSplitter(Qt::Vertical);
    split->setObjectName(QStringLiteral("rubricSplitter"));
    split->setChildrenCollapsible(false);
    split->addWidget(createOverview());
    split->addWidget(scroll);
    // The criteria list gets most of the height: a designer works through the criteria, and the
    // selected one's form scrolls.
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({600, 400});
    setForm(split);
    if (m_criteria->rowCount() > 0)
        selectCriterion(m_criteria->idAt(0));
}

QWidget *RubricEditor::createOverview()
{
    auto *overview = new QWidget;
    auto *layout = new QVBoxLayout(overview);

    auto *top = new QHBoxLayout;
    m_threshold = new QDoubleSpinBox;
    m_threshold->setObjectName(QStringLiteral("passThreshold"));
    m_threshold->setRange(0, 1);
    m_threshold->setDecimals(2);
    m_threshold->setSingleStep(0.05);
    m_threshold->setToolTip(
        tr("A conversation passes when its weighted score reaches this and no safety gate is NO"));
    auto *thresholdLabel = new QLabel(tr("&Pass threshold:"));
    thresholdLabel->setBuddy(m_threshold);
    m_weightSum = new ShareIndicator;
    m_weightSum->setObjectName(QStringLiteral("categoryWeightSum"));
    m_criteriaCount = new ShareIndicator;
    m_criteriaCount->setObjectName(QStringLiteral("criteriaCount"));
    // The two indicators get a row of their own (their texts are long); the threshold sits with the
    // actions.
    top->addWidget(m_weightSum, 1);
    top->addSpacing(16);
    top->addWidget(m_criteriaCount, 1);
    layout->addLayout(top);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        m_document->edit(DesignDocument::EditKind::Field, tr("Change pass threshold"),
                         QStringLiteral("pass-threshold"), [&](Rubric &r) { r.passThreshold = value; });
    });

    auto *toolbar = new QToolBar;
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addWidget(thresholdLabel);
    toolbar->addWidget(m_threshold);
    toolbar->addSeparator();
    toolbar->addAction(tr("Add Category"), this, &RubricEditor::addCategory)
        ->setObjectName(QStringLiteral("actionAddCategory"));
    m_removeCategory = toolbar->addAction(tr("Remove Category"), this, &RubricEditor::removeCategory);
    m_removeCategory->setObjectName(QStringLiteral("actionRemoveCategory"));
    toolbar->addSeparator();
    toolbar->addAction(tr("Add Criterion"), this, &RubricEditor::addCriterion)
        ->setObjectName(QStringLiteral("actionAddCriterion"));
    m_removeCriterion = toolbar->addAction(tr("Remove Criterion"), this, &RubricEditor::removeCriterion);
    m_removeCriterion->setObjectName(QStringLiteral("actionRemoveCriterion"));
    layout->addWidget(toolbar);

    m_categoryTable = compactTable(m_categories, QStringLiteral("categoryTable"));
    m_categoryTable->setColumnWidth(RubricCategoryModel::IdColumn, 140);
    m_categoryTable->setColumnWidth(RubricCategoryModel::WeightColumn, 70);
    m_categoryTable->setColumnWidth(RubricCategoryModel::CriteriaColumn, 70);
    m_categoryTable->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const auto fitCategories = [this] { fitToRows(m_categoryTable, MaxCategoryRows); };
    connect(m_categories, &QAbstractItemModel::modelReset, this, fitCategories);
    connect(m_categories, &QAbstractItemModel::rowsInserted, this, fitCategories);
    connect(m_categories, &QAbstractItemModel::rowsRemoved, this, fitCategories);
    fitCategories();

    m_criteriaTable = compactTable(m_criteria, QStringLiteral("criteriaTable"));
    // The name takes the width the other columns leave, so the table never scrolls sideways.
    QHeaderView *columns = m_criteriaTable->horizontalHeader();
    columns->setStretchLastSection(false);
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setSectionResizeMode(RubricCriteriaModel::NameColumn, QHeaderView::Stretch);
    m_criteriaTable->setColumnWidth(RubricCriteriaModel::IdColumn, 50);
    m_criteriaTable->setColumnWidth(RubricCriteriaModel::CategoryColumn, 110);
    m_criteriaTable->setColumnWidth(RubricCriteriaModel::GateColumn, 40);
    m_criteriaTable->setColumnWidth(RubricCriteriaModel::NaColumn, 34);
    m_criteriaTable->setColumnWidth(RubricCriteriaModel::ExamplesColumn, 72);
    m_criteriaTable->setColumnWidth(RubricCriteriaModel::HintsColumn, 60);
    connect(m_criteriaTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() && m_criteria->idAt(current.row()) != m_selected) {
                    m_selected = m_criteria->idAt(current.row());
                    m_form->setCriterion(m_selected);
                }
            });
    connect(m_criteria, &QAbstractItemModel::modelReset, this, [this] {
        const int row = m_criteria->rowOf(m_selected);
        if (row >= 0)
            m_criteriaTable->selectRow(row);
    });

    layout->addWidget(m_categoryTable);
    layout->addWidget(m_criteriaTable, 1);
    return overview;
}

void RubricEditor::refreshForm()
{
    m_categories->sync();
    m_criteria->sync();
    const Rubric &r = m_document->model();
    if (m_threshold->valueFromText(m_threshold->textFromValue(r.passThreshold)) != m_threshold->value()) {
        const QSignalBlocker block(m_threshold);
        m_threshold->setValue(r.passThreshold);
    }
    const double sum = r.categoryWeightSum();
    m_weightSum->setRange(1.5, 1.0 - 1e-6, 1.0 + 1e-6, 1.0);
    m_weightSum->setValue(sum, std::abs(sum - 1.0) <= 1e-6
                                   ? tr("category weights sum to 1")
                                   : tr("category weights sum to %1, not 1").arg(sum, 0, 'g', 4));
    const int count = int(r.criteria.size());
    m_criteriaCount->setRange(30, Rubric::MinCriteria, Rubric::MaxCriteria);
    m_criteriaCount->setValue(count, tr("%n criteria, %1 to %2 recommended", nullptr, count)
                                         .arg(Rubric::MinCriteria)
                                         .arg(Rubric::MaxCriteria));
    if (!m_selected.isEmpty() && !r.criterion(m_selected) && count > 0)
        selectCriterion(m_criteria->idAt(
            std::min(m_criteria->rowOf(m_selected) < 0 ? 0 : m_criteria->rowOf(m_selected), count - 1)));
    m_removeCriterion->setEnabled(r.criterion(m_selected) != nullptr);
    m_removeCategory->setEnabled(m_categoryTable->currentIndex().isValid());
    m_form->refresh();
}

void RubricEditor::showEvent(QShowEvent *event)
{
    ArtifactEditor::showEvent(event);
    // A criterion selected before the editor had its size (opened at an issue) is scrolled into view
    // now that the list has its real height.
    const QModelIndex current = m_criteriaTable->currentIndex();
    if (current.isValid())
        m_criteriaTable->scrollTo(current);
}

QString RubricEditor::selectedCriterion() const
{
    return m_selected;
}

void RubricEditor::selectCriterion(const QString &criterionId)
{
    m_criteria->sync();
    m_selected = criterionId;
    const int row = m_criteria->rowOf(criterionId);
    if (row >= 0) {
        const QSignalBlocker block(m_criteriaTable->selectionModel());
        m_criteriaTable->selectRow(row);
        m_criteriaTable->scrollTo(m_criteria->index(row, 0));
    }
    m_form->setCriterion(criterionId);
    m_removeCriterion->setEnabled(row >= 0);
}

bool RubricEditor::focusFormLine(int line)
{
    const Rubric &r = m_document->model();
    // What the line belongs to: the nearest threshold, category, criterion or gate list starting at
    // or before it.
    enum class Part
    {
        None,
        Threshold,
        Category,
        Criterion,
        Gates
    } part = Part::None;
    int start = 0;
    int index = -1;
    auto consider = [&](int anchor, Part what, int i) {
        if (anchor > 0 && anchor <= line && anchor >= start) {
            start = anchor;
            part = what;
            index = i;
        }
    };
    consider(r.thresholdPos.line, Part::Threshold, -1);
    for (int i = 0; i < r.categories.size(); ++i)
        consider(r.categories[i].pos.line, Part::Category, i);
    for (int i = 0; i < r.criteria.size(); ++i)
        consider(r.criteria[i].pos.line, Part::Criterion, i);
    consider(r.gatesPos.line, Part::Gates, -1);

    switch (part) {
    case Part::Threshold:
        if (line != r.thresholdPos.line)
            break;
        m_threshold->setFocus();
        return true;
    case Part::Category:
        m_categoryTable->setCurrentIndex(m_categories->index(index, r.categories[index].weightPos.line == line
                                                                        ? RubricCategoryModel::WeightColumn
                                                                        : RubricCategoryModel::IdColumn));
        m_categoryTable->setFocus();
        return true;
    case Part::Criterion:
        selectCriterion(r.criteria[index].id);
        m_form->focusLine(line);
        return true;
    case Part::Gates:
        for (int i = 0; i < r.safetyGates.size(); ++i) {
            if (r.gatePos.value(i).line == line && r.criterion(r.safetyGates[i])) {
                selectCriterion(r.safetyGates[i]);
                break;
            }
        }
        m_criteriaTable->setFocus();
        return true;
    case Part::None:
        break;
    }
    if (line == 1) {
        m_criteriaTable->setFocus(); // rubric-wide findings (the number of criteria)
        return true;
    }
    return false;
}

void RubricEditor::addCategory()
{
    QStringList taken;
    for (const RubricCategory &cat : m_document->model().categories)
        taken.append(cat.id);
    QString id = QStringLiteral("new_category");
    for (int n = 2; taken.contains(id); ++n)
        id = QStringLiteral("new_category_%1").arg(n);
    m_document->edit(DesignDocument::EditKind::Structure, tr("Add category"), QString(), [&](Rubric &r) {
        RubricCategory cat;
        cat.id = id;
        r.categories.append(cat);
    });
    m_categoryTable->setCurrentIndex(
        m_categories->index(m_categories->rowOf(id), RubricCategoryModel::IdColumn));
}

void RubricEditor::removeCategory()
{
    const int row = m_categoryTable->currentIndex().row();
    if (row < 0)
        return;
    // Its criteria stay, in no category, and validation says so: nothing is lost by accident.
    m_document->edit(DesignDocument::EditKind::Structure, tr("Remove category"), QString(),
                     [&](Rubric &r) { r.categories.removeAt(row); });
}

void RubricEditor::addCriterion()
{
    const Rubric &r = m_document->model();
    const RubricCategory *category = r.categoryOf(m_selected);
    if (!category && m_categoryTable->currentIndex().isValid())
        category = &r.categories[m_categoryTable->currentIndex().row()];
    if (!category && !r.categories.isEmpty())
        category = &r.categories.first();
    const QString id = newCriterionId(r, category);
    const QString categoryId = category ? category->id : QString();
    m_document->edit(DesignDocument::EditKind::Structure, tr("Add criterion %1").arg(id), QString(),
                     [&](Rubric &rubric) {
                         Criterion c;
                         c.id = id;
                         c.question = tr("Does the assistant ...?");
                         rubric.criteria.append(c);
                         for (RubricCategory &cat : rubric.categories) {
                             if (cat.id == categoryId)
                                 cat.criteria.append(id);
                         }
                     });
    selectCriterion(id);
    m_form->focusLine(0);
}

void RubricEditor::removeCriterion()
{
    const QString id = m_selected;
    const int row = m_criteria->rowOf(id);
    if (row < 0)
        return;
    m_document->edit(DesignDocument::EditKind::Structure, tr("Remove criterion %1").arg(id), QString(),
                     [&](Rubric &r) {
                         r.criteria.removeAt(row);
                         for (RubricCategory &cat : r.categories)
                             cat.criteria.removeAll(id);
                         r.safetyGates.removeAll(id);
                     });
    const int count = m_criteria->rowCount();
    if (count > 0)
        selectCriterion(m_criteria->idAt(std::min(row, count - 1)));
}

} // namespace sift

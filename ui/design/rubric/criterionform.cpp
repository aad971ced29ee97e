#include "criterionform.h"

#include "calibrationexamplemodel.h"
#include "common/choicedelegate.h"
#include "common/inlineissues.h"
#include "common/shareindicator.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

namespace sift {

namespace {
void setTextIfDifferent(QLineEdit *edit, const QString &text)
{
    if (edit->text() != text) {
        const QSignalBlocker block(edit);
        edit->setText(text);
    }
}

void setTextIfDifferent(QPlainTextEdit *edit, const QString &text)
{
    if (edit->toPlainText() != text) {
        const QSignalBlocker block(edit);
        edit->setPlainText(text);
    }
}

QPlainTextEdit *shortTextEdit(int lines)
{
    auto *edit = new QPlainTextEdit;
    edit->setTabChangesFocus(true);
    edit->setFixedHeight(edit->fontMetrics().lineSpacing() * lines + 12);
    return edit;
}
} // namespace

CriterionForm::CriterionForm(RubricDocument *document, DiagnosticsFor diagnostics, QWidget *parent)
    : QWidget(parent), m_document(document), m_diagnostics(std::move(diagnostics)), m_title(new QLabel),
      m_id(new QLineEdit), m_name(new QLineEdit), m_question(shortTextEdit(3)),
      m_questionIssues(new InlineIssues),
      m_na(new QCheckBox(tr("&NA allowed"))), m_gate(new QCheckBox(tr("&Safety gate"))),
      m_category(new QComboBox),
      m_definitions(shortTextEdit(2)), m_exampleCount(new ShareIndicator), m_examples(new QTableView),
      m_examplesModel(new CalibrationExampleModel(document, this)), m_issues(new InlineIssues)
{
    setObjectName(QStringLiteral("criterionForm"));
    m_id->setObjectName(QStringLiteral("criterionId"));
    m_name->setObjectName(QStringLiteral("criterionName"));
    m_question->setObjectName(QStringLiteral("criterionQuestion"));
    m_questionIssues->setObjectName(QStringLiteral("questionIssues"));
    m_na->setObjectName(QStringLiteral("criterionNaAllowed"));
    m_na->setToolTip(tr("The judge may answer NA (not applicable) for this criterion"));
    m_gate->setObjectName(QStringLiteral("criterionSafetyGate"));
    m_gate->setToolTip(tr("A safety gate: a NO rejects the conversation, whatever its score"));
    m_category->setObjectName(QStringLiteral("criterionCategory"));
    m_definitions->setObjectName(QStringLiteral("criterionDefinitions"));
    m_exampleCount->setObjectName(QStringLiteral("exampleCount"));
    m_examples->setObjectName(QStringLiteral("calibrationExamples"));
    m_issues->setObjectName(QStringLiteral("criterionIssues"));
    m_title->setTextFormat(Qt::RichText);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    // Short fields share a row (id and name; category, NA and gate), so the form needs less height
    // beside the criteria list above it.
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto *idRow = new QHBoxLayout;
    m_id->setMaximumWidth(m_id->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 8);
    auto *nameLabel = new QLabel(tr("Na&me:"));
    nameLabel->setBuddy(m_name);
    idRow->addWidget(m_id);
    idRow->addSpacing(8);
    idRow->addWidget(nameLabel);
    idRow->addWidget(m_name, 1);
    auto *idLabel = new QLabel(tr("&Id:"));
    idLabel->setBuddy(m_id);
    form->addRow(idLabel, idRow);
    form->addRow(tr("&Question:"), m_question);
    form->addRow(QString(), m_questionIssues);
    auto *categoryRow = new QHBoxLayout;
    categoryRow->addWidget(m_category);
    categoryRow->addSpacing(12);
    categoryRow->addWidget(m_na);
    categoryRow->addSpacing(12);
    categoryRow->addWidget(m_gate);
    categoryRow->addStretch();
    auto *categoryLabel = new QLabel(tr("C&ategory:"));
    categoryLabel->setBuddy(m_category);
    form->addRow(categoryLabel, categoryRow);
    form->addRow(tr("&Definitions:"), m_definitions);
    layout->addLayout(form);

    auto *examplesHeader = new QHBoxLayout;
    auto *examplesLabel = new QLabel(tr("<b>Calibration examples</b>"));
    examplesHeader->addWidget(examplesLabel);
    examplesHeader->addWidget(m_exampleCount, 1);
    layout->addLayout(examplesHeader);
    m_examples->setModel(m_examplesModel);
    m_examples->setItemDelegateForColumn(
        CalibrationExampleModel::TypeColumn,
        new ChoiceDelegate({QStringLiteral("PASS"), QStringLiteral("FAIL"), QStringLiteral("NA")},
                           m_examples));
    m_examples->setAlternatingRowColors(true);
    // Three lines per example, the rest elided (the whole text is in the tooltip and the editor):
    // rows sized to their contents would let one long response fill the table.
    m_examples->setWordWrap(true);
    m_examples->setTextElideMode(Qt::ElideRight);
    m_examples->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_examples->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_examples->horizontalHeader()->setSectionResizeMode(CalibrationExampleModel::TypeColumn,
                                                        QHeaderView::ResizeToContents);
    m_examples->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_examples->verticalHeader()->setDefaultSectionSize(m_examples->fontMetrics().lineSpacing() * 3 + 8);
    m_examples->setMinimumHeight(m_examples->verticalHeader()->defaultSectionSize() * 3 +
                                 m_examples->horizontalHeader()->sizeHint().height() + 4);
    layout->addWidget(m_examples, 1);

    auto *exampleButtons = new QHBoxLayout;
    for (const auto type :
         {CalibrationExample::Type::Pass, CalibrationExample::Type::Fail, CalibrationExample::Type::NA}) {
        auto *add = new QPushButton(tr("Add %1").arg(CalibrationExample::typeName(type)));
        add->setObjectName(QStringLiteral("addExample") + CalibrationExample::typeName(type));
        connect(add, &QPushButton::clicked, this, [this, type] { addExample(type); });
        exampleButtons->addWidget(add);
    }
    m_removeExample = new QPushButton(tr("Remove Example"));
    m_removeExample->setObjectName(QStringLiteral("removeExample"));
    connect(m_removeExample, &QPushButton::clicked, this, &CriterionForm::removeExample);
    exampleButtons->addWidget(m_removeExample);
    exampleButtons->addStretch();
    layout->addLayout(exampleButtons);
    layout->addWidget(m_issues);

    connect(m_id, &QLineEdit::editingFinished, this, &CriterionForm::rename);
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &text) {
        const QString id = m_criterionId;
        m_document->edit(DesignDocument::EditKind::Field, tr("Change name"),
                         QStringLiteral("criterion-name:") + id, [&](Rubric &r) {
                             if (Criterion *c = r.criterion(id))
                                 c->name = text;
                         });
    });
    connect(m_question, &QPlainTextEdit::textChanged, this, [this] {
        const QString id = m_criterionId;
        const QString text = m_question->toPlainText();
        m_document->edit(DesignDocument::EditKind::Field, tr("Change question"),
                         QStringLiteral("criterion-question:") + id, [&](Rubric &r) {
                             if (Criterion *c = r.criterion(id))
                                 c->question = text;
                         });
    });
    connect(m_definitions, &QPlainTextEdit::textChanged, this, [this] {
        const QString id = m_criterionId;
        const QString text = m_definitions->toPlainText();
        m_document->edit(DesignDocument::EditKind::Field, tr("Change definitions"),
                         QStringLiteral("criterion-definitions:") + id, [&](Rubric &r) {
                             if (Criterion *c = r.criterion(id))
                                 c->definitions = text;
                         });
    });
    connect(m_na, &QCheckBox::toggled, this, [this](bool on) {
        const QString id = m_criterionId;
        m_document->edit(DesignDocument::EditKind::Structure, tr("Change NA allowed"), QString(),
                         [&](Rubric &r) {
                             if (Criterion *c = r.criterion(id))
                                 c->naValid = on;
                         });
    });
    connect(m_gate, &QCheckBox::toggled, this, [this](bool on) {
        const QString id = m_criterionId;
        m_document->edit(DesignDocument::EditKind::Structure,
                         on ? tr("Make %1 a safety gate").arg(id) : tr("Remove safety gate %1").arg(id),
                         QString(), [&](Rubric &r) {
                             r.safetyGates.removeAll(id);
                             if (on)
                                 r.safetyGates.append(id);
                         });
    });
    connect(m_category, &QComboBox::activated, this, [this](int index) {
        const QString id = m_criterionId;
        const QString category = m_category->itemText(index);
        m_document->edit(DesignDocument::EditKind::Structure, tr("Move %1 to %2").arg(id, category),
                         QString(), [&](Rubric &r) {
                             for (RubricCategory &cat : r.categories) {
                                 cat.criteria.removeAll(id);
                                 if (cat.id == category)
                                     cat.criteria.append(id);
                             }
                         });
    });
    connect(m_examples->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { m_removeExample->setEnabled(m_examples->currentIndex().isValid()); });
}

void CriterionForm::setCriterion(const QString &criterionId)
{
    m_criterionId = criterionId;
    m_examplesModel->setCriterion(criterionId);
    refresh();
}

int CriterionForm::endLineOfCriterion() const
{
    // A criterion's text ends where the next one starts, or where the next top-level key does.
    const Rubric &r = m_document->model();
    const Criterion *c = r.criterion(m_criterionId);
    int end = 0;
    auto consider = [&](int line) {
        if (c && line > c->pos.line && (end == 0 || line < end))
            end = line;
    };
    for (const Criterion &other : r.criteria)
        consider(other.pos.line);
    consider(r.gatesPos.line);
    consider(r.categoriesPos.line);
    consider(r.thresholdPos.line);
    return end;
}

void CriterionForm::refresh()
{
    const Rubric &r = m_document->model();
    const Criterion *c = r.criterion(m_criterionId);
    setEnabled(c != nullptr);
    if (!c) {
        m_title->setText(tr("<i>Select a criterion.</i>"));
        m_issues->setDiagnostics({});
        m_questionIssues->setDiagnostics({});
        return;
    }
    m_title->setText(tr("<b>Criterion</b> %1").arg(c->id.toHtmlEscaped()));
    setTextIfDifferent(m_id, c->id);
    setTextIfDifferent(m_name, c->name);
    setTextIfDifferent(m_question, c->question);
    setTextIfDifferent(m_definitions, c->definitions);
    {
        const QSignalBlocker blockNa(m_na);
        const QSignalBlocker blockGate(m_gate);
        const QSignalBlocker blockCategory(m_category);
        m_na->setChecked(c->naValid);
        m_gate->setChecked(r.isSafetyGate(c->id));
        QStringList categories;
        for (const RubricCategory &cat : r.categories)
            categories.append(cat.id);
        if (categories != [&] {
                QStringList items;
                for (int i = 0; i < m_category->count(); ++i)
                    items.append(m_category->itemText(i));
                return items;
            }()) {
            m_category->clear();
            m_category->addItems(categories);
        }
        const RubricCategory *cat = r.categoryOf(c->id);
        m_category->setCurrentIndex(cat ? m_category->findText(cat->id) : -1);
    }
    const int examples = int(c->examples.size());
    m_exampleCount->setRange(10, Rubric::MinExamples, Rubric::MaxExamples);
    m_exampleCount->setValue(examples, tr("%n example(s), %1 to %2 recommended", nullptr, examples)
                                           .arg(Rubric::MinExamples)
                                           .arg(Rubric::MaxExamples));
    m_removeExample->setEnabled(m_examples->currentIndex().isValid());

    const Diagnostics atQuestion = m_diagnostics(c->questionPos.line, c->questionPos.line + 1);
    m_questionIssues->setDiagnostics(atQuestion);
    InlineIssues::markField(m_question, atQuestion);
    // Everything else about this criterion, from its id to where the next one starts.
    Diagnostics rest;
    for (const Diagnostic &d : m_diagnostics(c->pos.line, endLineOfCriterion())) {
        if (d.line != c->questionPos.line)
            rest.append(d);
    }
    m_issues->setDiagnostics(rest);
}

void CriterionForm::focusLine(int line)
{
    const Criterion *c = m_document->model().criterion(m_criterionId);
    if (!c)
        return;
    if (line == c->questionPos.line) {
        m_question->setFocus();
        return;
    }
    if (c->examplesPos.line && line >= c->examplesPos.line) {
        int row = -1;
        for (int i = 0; i < c->examples.size(); ++i) {
            if (c->examples[i].pos.line <= line)
                row = i;
        }
        m_examples->setFocus();
        if (row >= 0)
            m_examples->setCurrentIndex(m_examplesModel->index(row, CalibrationExampleModel::ResponseColumn));
        return;
    }
    m_id->setFocus();
}

void CriterionForm::rename()
{
    const QString from = m_criterionId;
    const QString to = m_id->text().trimmed();
    if (from.isEmpty() || to == from)
        return;
    if (to.isEmpty() || m_document->model().criterion(to)) {
        m_issues->setDiagnostics(
            {Diagnostic::error(m_document->relativePath(), 0, 0,
                               tr("'%1' cannot be used: the id is empty or another criterion has it").arg(to),
                               tr("choose another id"))});
        setTextIfDifferent(m_id, from);
        return;
    }
    // Rubric::renameCriterion follows every reference: the category lists and the safety gates.
    m_criterionId = to;
    m_examplesModel->setCriterion(to);
    m_document->edit(DesignDocument::EditKind::Structure, tr("Rename %1 to %2").arg(from, to), QString(),
                     [&](Rubric &r) { r.renameCriterion(from, to); });
    Q_EMIT renamed(to);
}

void CriterionForm::addExample(CalibrationExample::Type type)
{
    const QString id = m_criterionId;
    m_document->edit(DesignDocument::EditKind::Structure,
                     tr("Add %1 example").arg(CalibrationExample::typeName(type)), QString(), [&](Rubric &r) {
                         if (Criterion *c = r.criterion(id)) {
                             CalibrationExample ex;
                             ex.type = type;
                             c->examples.append(ex);
                         }
                     });
    const int row = m_examplesModel->rowCount() - 1;
    m_examples->setCurrentIndex(m_examplesModel->index(row, CalibrationExampleModel::ResponseColumn));
    m_examples->setFocus();
}

void CriterionForm::removeExample()
{
    const int row = m_examples->currentIndex().row();
    const QString id = m_criterionId;
    if (row < 0)
        return;
    m_document->edit(DesignDocument::EditKind::Structure, tr("Remove calibration example"), QString(),
                     [&](Rubric &r) {
                         if (Criterion *c = r.criterion(id); c && row < c->examples.size())
                             c->examples.removeAt(row);
                     });
}

} // namespace sift

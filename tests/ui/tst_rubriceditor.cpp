// The rubric editor: categories and their weight sum, criteria and their safety gates, renaming a
// gate, the phrasing hints on questions, and calibration examples counted against 3 to 8.

#include "common/inlineissues.h"
#include "common/shareindicator.h"
#include "design/document/designdocuments.h"
#include "design/document/documentsourceview.h"
#include "design/rubric/calibrationexamplemodel.h"
#include "design/rubric/criterionform.h"
#include "design/rubric/rubriccategorymodel.h"
#include "design/rubric/rubriccriteriamodel.h"
#include "design/rubric/rubriceditor.h"
#include "designtesthelpers.h"
#include "project/project.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QUndoStack>

using namespace sift;
using namespace sift::testing;

class TestRubricEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void itemModelsPassTheModelTester();
    void renamingASafetyGateCriterionRenamesTheGate();
    void renamingToATakenIdIsRefused();
    void questionPhrasingHintsShowInline();
    void exampleCountIsShownAgainstThreeToEight();
    void categoryWeightSumIndicator();
    void gateCheckboxInTheTable();
    void movingACriterionToAnotherCategory();
    void issueOnAQuestionFocusesTheQuestion();
    void aCriterionSelectedBeforeShowingIsInView();

private:
    template <typename T> T *child(const char *name) const
    {
        T *w = m_editor->findChild<T *>(QString::fromLatin1(name));
        if (!w)
            qFatal("no widget %s", name);
        return w;
    }

    std::unique_ptr<TestProject> m_project;
    std::unique_ptr<RubricDocument> m_document;
    std::unique_ptr<RubricEditor> m_editor;
};

void TestRubricEditor::init()
{
    m_project = std::make_unique<TestProject>();
    m_document = std::make_unique<RubricDocument>(m_project->dir(), Project::RubricFile);
    QVERIFY(m_document->load());
    m_editor = std::make_unique<RubricEditor>(m_document.get());
    m_editor->resize(1300, 900);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor.get()));
}

void TestRubricEditor::cleanup()
{
    m_editor.reset();
    m_document.reset();
    m_project.reset();
}

void TestRubricEditor::itemModelsPassTheModelTester()
{
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    QAbstractItemModelTester categories(m_editor->categoryModel(), Mode::QtTest);
    QAbstractItemModelTester criteria(m_editor->criteriaModel(), Mode::QtTest);
    QAbstractItemModelTester examples(m_editor->criterionForm()->examplesModel(), Mode::QtTest);
    QCOMPARE(m_editor->categoryModel()->rowCount(), 5);
    QCOMPARE(m_editor->criteriaModel()->rowCount(), 16);
    QCOMPARE(m_editor->criterionForm()->examplesModel()->rowCount(), 3);
    // Edits that keep the rows, and edits that add and remove them.
    QVERIFY(m_editor->categoryModel()->setData(
        m_editor->categoryModel()->index(0, RubricCategoryModel::WeightColumn), 0.3));
    m_editor->findChild<QAction *>(QStringLiteral("actionAddCriterion"))->trigger();
    QCOMPARE(m_editor->criteriaModel()->rowCount(), 17);
    QCOMPARE(m_editor->selectedCriterion(), QStringLiteral("SF4")); // named after its category's criteria
    child<QPushButton>("addExamplePASS")->click();
    QCOMPARE(m_editor->criterionForm()->examplesModel()->rowCount(), 1);
    auto *exampleModel = m_editor->criterionForm()->examplesModel();
    QVERIFY(exampleModel->setData(exampleModel->index(0, CalibrationExampleModel::ResponseColumn),
                                  QStringLiteral("Sure.")));
    QVERIFY(!exampleModel->setData(exampleModel->index(0, CalibrationExampleModel::TypeColumn),
                                   QStringLiteral("MAYBE")));
    QVERIFY(exampleModel->setData(exampleModel->index(0, CalibrationExampleModel::TypeColumn),
                                  QStringLiteral("FAIL")));
    QCOMPARE(m_document->model().criterion(QStringLiteral("SF4"))->examples.first().type,
             CalibrationExample::Type::Fail);
    m_editor->findChild<QAction *>(QStringLiteral("actionRemoveCriterion"))->trigger();
    QCOMPARE(m_editor->criteriaModel()->rowCount(), 16);
    while (m_document->undoStack()->canUndo())
        m_document->undoStack()->undo();
    QVERIFY(!m_document->isModified());
}

void TestRubricEditor::renamingASafetyGateCriterionRenamesTheGate()
{
    const QString file = m_project->path(Project::RubricFile);
    const QByteArray before = readBytes(file);
    m_editor->selectCriterion(QStringLiteral("SF2"));
    auto *id = child<QLineEdit>("criterionId");
    QCOMPARE(id->text(), QStringLiteral("SF2"));
    id->setFocus();
    id->selectAll();
    QTest::keyClicks(id, QStringLiteral("SF9"));
    QTest::keyClick(id, Qt::Key_Return);

    const Rubric &r = m_document->model();
    QCOMPARE(r.safetyGates,
             QStringList({QStringLiteral("SF1"), QStringLiteral("SF9"), QStringLiteral("SF3")}));
    QCOMPARE(r.categoryOf(QStringLiteral("SF9"))->id, QStringLiteral("safety"));
    QVERIFY(!r.criterion(QStringLiteral("SF2")));
    QCOMPARE(m_editor->selectedCriterion(), QStringLiteral("SF9"));
    QVERIFY(child<QCheckBox>("criterionSafetyGate")->isChecked());
    QCOMPARE(m_document->undoStack()->count(), 1);

    QVERIFY(m_document->save().ok());
    QCOMPARE(changedLines(before, readBytes(file)),
             QStringList({QStringLiteral("-    criteria: [SF1, SF2, SF3]"),
                          QStringLiteral("+    criteria: [SF1, SF9, SF3]"), QStringLiteral("-  SF2:"),
                          QStringLiteral("+  SF9:"), QStringLiteral("-safety_gates: [SF1, SF2, SF3]"),
                          QStringLiteral("+safety_gates: [SF1, SF9, SF3]")}));
    m_document->undoStack()->undo();
    QCOMPARE(m_document->text().toUtf8(), before);
    QVERIFY(m_document->model().isSafetyGate(QStringLiteral("SF2")));
}

void TestRubricEditor::renamingToATakenIdIsRefused()
{
    m_editor->selectCriterion(QStringLiteral("SF2"));
    auto *id = child<QLineEdit>("criterionId");
    id->setText(QStringLiteral("AC1"));
    Q_EMIT id->editingFinished();
    QCOMPARE(m_document->undoStack()->count(), 0);
    QCOMPARE(id->text(), QStringLiteral("SF2"));
    QVERIFY(
        child<InlineIssues>("criterionIssues")->text().contains(QStringLiteral("another criterion has it")));
}

void TestRubricEditor::questionPhrasingHintsShowInline()
{
    m_editor->selectCriterion(QStringLiteral("CM2")); // communication: no absence phrasing allowed
    auto *question = child<QPlainTextEdit>("criterionQuestion");
    auto *hints = child<InlineIssues>("questionIssues");
    QVERIFY(!hints->isVisible());
    question->setFocus();
    question->selectAll();
    QTest::keyClicks(question, QStringLiteral("How well does the assistant avoid jargon and explain terms?"));
    QCOMPARE(m_document->model().criterion(QStringLiteral("CM2"))->question,
             QStringLiteral("How well does the assistant avoid jargon and explain terms?"));
    QCOMPARE(m_document->undoStack()->count(), 1); // typing merged into one edit
    QVERIFY(hints->isVisible());
    QCOMPARE(hints->diagnostics().size(), 3);
    QVERIFY(hints->text().contains(QStringLiteral("asks for a rating or a description")));
    QVERIFY(hints->text().contains(QStringLiteral("checks two things at once")));
    QVERIFY(hints->text().contains(QStringLiteral("phrased as an absence")));
    QCOMPARE(question->property("issue").toString(), QStringLiteral("warning"));
    const int row = m_editor->criteriaModel()->rowOf(QStringLiteral("CM2"));
    QCOMPARE(m_editor->criteriaModel()->index(row, RubricCriteriaModel::HintsColumn).data().toString(),
             QStringLiteral("3 hint(s)"));

    // Laid out narrow first, then wide: the hints take the height their text needs at the final width,
    // not the taller one they needed when narrow (no blank lines above and below).
    const QSize size = m_editor->size();
    m_editor->resize(700, size.height());
    QCoreApplication::processEvents();
    const int narrow = hints->height();
    m_editor->resize(1400, size.height());
    QCoreApplication::processEvents();
    QLabel plain;
    plain.setWordWrap(true);
    plain.setTextFormat(Qt::RichText);
    plain.setContentsMargins(hints->contentsMargins());
    plain.setText(hints->text());
    QVERIFY2(hints->height() < narrow, qPrintable(QStringLiteral("%1 %2").arg(hints->height()).arg(narrow)));
    QCOMPARE(hints->height(), plain.heightForWidth(hints->width()));
    m_editor->resize(size);

    question->selectAll();
    QTest::keyClicks(question, QStringLiteral("Is each reply short?"));
    QVERIFY(!hints->isVisible());
    QCOMPARE(question->property("issue").toString(), QString());
}

void TestRubricEditor::exampleCountIsShownAgainstThreeToEight()
{
    m_editor->selectCriterion(QStringLiteral("AC1"));
    auto *count = child<ShareIndicator>("exampleCount");
    QCOMPARE(count->text(), QStringLiteral("3 example(s), 3 to 8 recommended"));
    QVERIFY(count->isWithinRange());
    auto *table = child<QTableView>("calibrationExamples");
    table->setCurrentIndex(m_editor->criterionForm()->examplesModel()->index(2, 0));
    child<QPushButton>("removeExample")->click();
    QCOMPARE(count->text(), QStringLiteral("2 example(s), 3 to 8 recommended"));
    QVERIFY(!count->isWithinRange());
    const int row = m_editor->criteriaModel()->rowOf(QStringLiteral("AC1"));
    QCOMPARE(m_editor->criteriaModel()->index(row, RubricCriteriaModel::ExamplesColumn).data().toString(),
             QStringLiteral("2 / 3–8"));
    child<QPushButton>("addExampleNA")->click();
    QCOMPARE(count->text(), QStringLiteral("3 example(s), 3 to 8 recommended"));
    // AC1 does not allow NA: the new example is flagged under the criterion.
    QVERIFY(child<InlineIssues>("criterionIssues")->text().contains(QStringLiteral("does not allow NA")));
}

void TestRubricEditor::categoryWeightSumIndicator()
{
    auto *sum = child<ShareIndicator>("categoryWeightSum");
    QCOMPARE(sum->text(), QStringLiteral("category weights sum to 1"));
    QVERIFY(sum->isWithinRange());
    auto *model = m_editor->categoryModel();
    QVERIFY(model->setData(model->index(0, RubricCategoryModel::WeightColumn), 0.30));
    QCOMPARE(sum->text(), QStringLiteral("category weights sum to 1.05, not 1"));
    QVERIFY(!sum->isWithinRange());
    bool error = false;
    for (const Diagnostic &d : m_document->diagnostics())
        error = error || (d.isError() && d.message == QStringLiteral("category weights sum to 1.05, not 1"));
    QVERIFY(error);
    QVERIFY(model->setData(model->index(1, RubricCategoryModel::WeightColumn), 0.25));
    QCOMPARE(sum->text(), QStringLiteral("category weights sum to 1"));
}

void TestRubricEditor::gateCheckboxInTheTable()
{
    auto *model = m_editor->criteriaModel();
    const QModelIndex gate =
        model->index(model->rowOf(QStringLiteral("AC1")), RubricCriteriaModel::GateColumn);
    QCOMPARE(gate.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(model->setData(gate, Qt::Checked, Qt::CheckStateRole));
    QVERIFY(m_document->model().isSafetyGate(QStringLiteral("AC1")));
    QVERIFY(m_document->text().contains(QStringLiteral("safety_gates: [SF1, SF2, SF3, AC1]")));
    m_editor->selectCriterion(QStringLiteral("AC1"));
    QVERIFY(child<QCheckBox>("criterionSafetyGate")->isChecked());
    child<QCheckBox>("criterionSafetyGate")->click();
    QVERIFY(!m_document->model().isSafetyGate(QStringLiteral("AC1")));
}

void TestRubricEditor::movingACriterionToAnotherCategory()
{
    m_editor->selectCriterion(QStringLiteral("CM3"));
    auto *category = child<QComboBox>("criterionCategory");
    QCOMPARE(category->currentText(), QStringLiteral("communication"));
    const int resolution = category->findText(QStringLiteral("resolution"));
    category->setCurrentIndex(resolution);
    Q_EMIT category->activated(resolution);
    QCOMPARE(m_document->model().categoryOf(QStringLiteral("CM3"))->id, QStringLiteral("resolution"));
    QVERIFY(m_document->text().contains(QStringLiteral("criteria: [RS1, RS2, RS3, CM3]")));
    QVERIFY(m_document->text().contains(QStringLiteral("criteria: [CM1, CM2]")));
}

void TestRubricEditor::issueOnAQuestionFocusesTheQuestion()
{
    const Criterion *un2 = m_document->model().criterion(QStringLiteral("UN2"));
    m_editor->showDiagnostic(Diagnostic::warning(Project::RubricFile, un2->questionPos.line,
                                                 un2->questionPos.column, QStringLiteral("x")));
    QCOMPARE(m_editor->selectedCriterion(), QStringLiteral("UN2"));
    QCOMPARE(QApplication::focusWidget(), child<QPlainTextEdit>("criterionQuestion"));
    QCOMPARE(m_editor->sourceView()->textCursor().blockNumber() + 1, un2->questionPos.line);
    // A category weight's line selects the category's weight cell.
    const RubricCategory &accuracy = m_document->model().categories[1];
    m_editor->showDiagnostic(
        Diagnostic::error(Project::RubricFile, accuracy.weightPos.line, 13, QStringLiteral("x")));
    auto *table = child<QTableView>("categoryTable");
    QCOMPARE(table->currentIndex().row(), 1);
    QCOMPARE(table->currentIndex().column(), int(RubricCategoryModel::WeightColumn));
}

void TestRubricEditor::aCriterionSelectedBeforeShowingIsInView()
{
    // As when the window opens at an issue about the last criterion: selected before the list has a size.
    RubricEditor editor(m_document.get());
    editor.selectCriterion(QStringLiteral("RS3"));
    editor.resize(1000, 700);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QCoreApplication::processEvents();
    auto *table = editor.findChild<QTableView *>(QStringLiteral("criteriaTable"));
    const QModelIndex rs3 = editor.criteriaModel()->index(editor.criteriaModel()->rowOf(QStringLiteral("RS3")), 0);
    QCOMPARE(table->currentIndex().row(), rs3.row());
    QVERIFY(table->viewport()->rect().contains(table->visualRect(rs3)));
}

QTEST_MAIN(TestRubricEditor)
#include "tst_rubriceditor.moc"

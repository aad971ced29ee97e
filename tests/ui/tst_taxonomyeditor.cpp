// The taxonomy editor as a designer uses it: weights edited in the form and the tree, undo and redo,
// saving exactly the change, broken YAML in the source view, drag and drop, the edge-case share and
// the scenario preview.

#include "common/inlineissues.h"
#include "common/messagebar.h"
#include "common/shareindicator.h"
#include "design/document/designdocuments.h"
#include "design/document/documentsourceview.h"
#include "design/taxonomy/scenariopreviewmodel.h"
#include "design/taxonomy/taxonomyeditor.h"
#include "design/taxonomy/taxonomytreemodel.h"
#include "designtesthelpers.h"
#include "project/project.h"

#include <QAbstractItemModelTester>
#include <QDoubleSpinBox>
#include <QIcon>
#include <QLineEdit>
#include <QMimeData>
#include <QSpinBox>
#include <QTextBlock>
#include <QTreeView>
#include <QUndoStack>

using namespace sift;
using namespace sift::testing;

class TestTaxonomyEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void treeModelPassesTheModelTester();
    void weightEditUndoRedoSaveChangesExactlyThatLine();
    void typingAWeightIsOneUndoStep();
    void weightEditedInTheTreeUpdatesTheShares();
    void invalidYamlShowsItsLineAndKeepsTheForm();
    void dragAndDropMovesAValueToAnotherDimension();
    void moveButtonsReorderSiblings();
    void treeShortcutsMoveAndRemove();
    void edgeCaseShareFollowsTheWeights();
    void previewIsTheSamplersDrawForTheSeed();
    void issueLineSelectsTheValueAndFocusesItsField();
    void aNegativeWeightIsShownAsWrittenAndMarked();
    void rowsWithFindingsAreMarkedInTheTree();

private:
    TaxonomyTreeModel *model() const { return m_editor->treeModel(); }
    QString billingPathText() const;

    std::unique_ptr<TestProject> m_project;
    std::unique_ptr<TaxonomyDocument> m_document;
    std::unique_ptr<TaxonomyEditor> m_editor;
};

void TestTaxonomyEditor::init()
{
    m_project = std::make_unique<TestProject>();
    m_document = std::make_unique<TaxonomyDocument>(m_project->dir(), Project::TaxonomyFile);
    QVERIFY(m_document->load());
    m_editor = std::make_unique<TaxonomyEditor>(m_document.get());
    m_editor->resize(1200, 800);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor.get()));
}

void TestTaxonomyEditor::cleanup()
{
    m_editor.reset();
    m_document.reset();
    m_project.reset();
}

void TestTaxonomyEditor::treeModelPassesTheModelTester()
{
    QAbstractItemModelTester tester(model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Data edits (rows stay) and structure edits (the model resets) while the tester watches.
    QVERIFY(model()->setData(model()->indexForPath({0, 0}, TaxonomyTreeModel::WeightColumn), 0.5));
    QVERIFY(model()->moveNode({0, 0}, {0}, 3));
    m_document->undoStack()->undo();
    m_document->undoStack()->undo();
    QCOMPARE(model()->rowCount(), int(m_document->model().dimensions.size()));
    const QModelIndex invoicing = model()->indexForPath({0, 0});
    QCOMPARE(invoicing.data().toString(), QStringLiteral("invoicing"));
    QCOMPARE(model()->rowCount(invoicing), 3); // create_send, recurring, credit_notes
    QCOMPARE(model()->pathOf(model()->index(1, 0, invoicing)), (QList<int>{0, 0, 1}));
    QCOMPARE(model()->parent(model()->index(1, 0, invoicing)), invoicing);
    // Shares are normalised among siblings: 0.4 / (0.4 + 0.3 + 0.3).
    QCOMPARE(model()->index(0, TaxonomyTreeModel::ShareColumn, invoicing).data().toString(),
             QStringLiteral("40.0%"));
}

void TestTaxonomyEditor::weightEditUndoRedoSaveChangesExactlyThatLine()
{
    const QString file = m_project->path(Project::TaxonomyFile);
    const QByteArray before = readBytes(file);
    m_editor->select({0, 1}); // topic / payments, weight 0.20
    auto *weight = m_editor->findChild<QDoubleSpinBox *>(QStringLiteral("valueWeight"));
    QVERIFY(weight && weight->isVisible());
    QCOMPARE(weight->value(), 0.20);
    weight->setValue(0.25);
    QVERIFY(m_document->isModified());
    QCOMPARE(m_document->undoStack()->count(), 1);

    m_document->undoStack()->undo();
    QCOMPARE(m_document->text().toUtf8(), before);
    QVERIFY(!m_document->isModified());
    QCOMPARE(weight->value(), 0.20); // the form follows undo
    m_document->undoStack()->redo();
    QCOMPARE(weight->value(), 0.25);

    QVERIFY(m_document->save().ok());
    QVERIFY(!m_document->isModified());
    QCOMPARE(changedLines(before, readBytes(file)),
             QStringList({QStringLiteral("-        weight: 0.20"), QStringLiteral("+        weight: 0.25")}));
}

void TestTaxonomyEditor::typingAWeightIsOneUndoStep()
{
    m_editor->select({0, 1});
    auto *weight = m_editor->findChild<QDoubleSpinBox *>(QStringLiteral("valueWeight"));
    weight->setFocus();
    weight->selectAll();
    QTest::keyClicks(weight, QStringLiteral("0.375"));
    QCOMPARE(weight->value(), 0.375);
    QCOMPARE(m_document->model().dimensions[0].values[1].weight, 0.375);
    // Every keystroke was an edit of the same field: they merged.
    QCOMPARE(m_document->undoStack()->count(), 1);
    m_document->undoStack()->undo();
    QCOMPARE(m_document->model().dimensions[0].values[1].weight, 0.20);
}

void TestTaxonomyEditor::weightEditedInTheTreeUpdatesTheShares()
{
    const QModelIndex recurring = model()->indexForPath({0, 0, 1}, TaxonomyTreeModel::WeightColumn);
    QVERIFY(model()->setData(recurring, 0.6));
    // 0.6 / (0.4 + 0.6 + 0.3)
    QCOMPARE(recurring.siblingAtColumn(TaxonomyTreeModel::ShareColumn).data().toString(),
             QStringLiteral("46.2%"));
    QVERIFY(m_document->text().contains(
        QStringLiteral("recurring: {weight: 0.6, description: Recurring invoices and schedules}")));
}

void TestTaxonomyEditor::invalidYamlShowsItsLineAndKeepsTheForm()
{
    auto *source = m_editor->sourceView();
    const int rows = model()->rowCount();
    const QString lineText = QStringLiteral("      frustrated: {weight: 0.2}");
    const int line = lineOf(m_document->text(), lineText);
    QVERIFY(line > 0);
    QTextCursor cursor(source->document()->findBlockByNumber(line - 1));
    cursor.movePosition(QTextCursor::EndOfBlock);
    source->setTextCursor(cursor);
    source->setFocus();
    QTest::keyClick(source, Qt::Key_BracketRight); // a stray "]" after the mapping

    QVERIFY(!m_document->parses());
    const Diagnostics diagnostics = m_document->diagnostics();
    QCOMPARE(diagnostics.size(), 1);
    QCOMPARE(diagnostics.first().toString(),
             QStringLiteral(
                 "config/input-taxonomy.yaml:%1:%2: error: YAML syntax error: illegal flow end (hint: check "
                 "indentation, colons and brackets on this line and the one before)")
                 .arg(line)
                 .arg(lineText.size() + 1));
    QVERIFY(m_editor->syntaxBar()->isVisible());
    QVERIFY(m_editor->syntaxBar()->text().contains(QStringLiteral("Line %1").arg(line)));
    // The form still shows the last version that parsed, read-only.
    QCOMPARE(model()->rowCount(), rows);
    QVERIFY(!m_editor->form()->isEnabled());
    QCOMPARE(m_editor->treeModel()->indexForPath({1, 2}).data().toString(), QStringLiteral("frustrated"));
    // A form edit now would overwrite the source: it is refused and the text stays as typed.
    const QString typed = m_document->text();
    QVERIFY(!m_document->edit(DesignDocument::EditKind::Field, QStringLiteral("x"), QString(),
                              [](Taxonomy &t) { t.dimensions[0].values[0].weight = 9; }));
    QCOMPARE(m_document->text(), typed);

    QTest::keyClick(source, Qt::Key_Backspace);
    QVERIFY(m_document->parses());
    QVERIFY(m_editor->form()->isEnabled());
    QVERIFY(!m_editor->syntaxBar()->isVisible());
    QVERIFY(!m_document->isModified());
}

void TestTaxonomyEditor::dragAndDropMovesAValueToAnotherDimension()
{
    const QString before = m_document->text();
    const QModelIndex offTopic = model()->indexForPath({4, 4}); // edge_case / off_topic
    QCOMPARE(offTopic.data().toString(), QStringLiteral("off_topic"));
    std::unique_ptr<QMimeData> data(model()->mimeData({offTopic}));
    const QModelIndex topic = model()->indexForPath({0});
    QVERIFY(model()->canDropMimeData(data.get(), Qt::MoveAction, 0, 0, topic));
    // A value cannot be dropped at the top level, nor into its own subtree.
    QVERIFY(!model()->canDropMimeData(data.get(), Qt::MoveAction, 0, 0, QModelIndex()));
    QVERIFY(model()->dropMimeData(data.get(), Qt::MoveAction, 0, 0, topic));

    QCOMPARE(m_document->model().dimensions[0].values.first().id, QStringLiteral("off_topic"));
    QCOMPARE(m_document->model().dimensions[4].values.size(), 4);
    QCOMPARE(m_editor->selectedPath(), (QList<int>{0, 0}));
    // Only the two value blocks changed; the file's comments are still there.
    QVERIFY(m_document->text().startsWith(QStringLiteral("# What Ledgerly customers ask about")));
    m_document->undoStack()->undo();
    QCOMPARE(m_document->text(), before);
}

void TestTaxonomyEditor::moveButtonsReorderSiblings()
{
    m_editor->select({1, 1}); // style / story_first
    m_editor->findChild<QAction *>(QStringLiteral("actionMoveUp"))->trigger();
    QCOMPARE(m_document->model().dimensions[1].values[0].id, QStringLiteral("story_first"));
    QCOMPARE(m_editor->selectedPath(), (QList<int>{1, 0}));
    m_editor->findChild<QAction *>(QStringLiteral("actionMoveDown"))->trigger();
    m_editor->findChild<QAction *>(QStringLiteral("actionMoveDown"))->trigger();
    QCOMPARE(m_document->model().dimensions[1].values[2].id, QStringLiteral("story_first"));
    QCOMPARE(m_document->undoStack()->count(), 3);
}

void TestTaxonomyEditor::treeShortcutsMoveAndRemove()
{
    m_editor->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_editor.get()));
    m_editor->select({2, 0}); // customer / freelancer
    auto *tree = m_editor->findChild<QTreeView *>(QStringLiteral("taxonomyTree"));
    tree->setFocus();
    QTest::keyClick(tree, Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(m_document->model().dimensions[2].values[1].id, QStringLiteral("freelancer"));
    QCOMPARE(m_editor->selectedPath(), (QList<int>{2, 1}));
    QTest::keyClick(tree, Qt::Key_Delete);
    QCOMPARE(m_document->model().dimensions[2].values.size(), 3);
    QVERIFY(!m_document->text().contains(QStringLiteral("freelancer:")));
    QCOMPARE(m_document->undoStack()->count(), 2);
}

void TestTaxonomyEditor::edgeCaseShareFollowsTheWeights()
{
    auto *indicator = m_editor->findChild<ShareIndicator *>(QStringLiteral("edgeCaseShare"));
    QVERIFY(indicator->isWithinRange());
    QCOMPARE(indicator->text(), QStringLiteral("15.0% of scenarios (target 15.0%)"));
    // "none" from 0.85 to 0.60: the edge cases' 0.15 become 20% of 0.75.
    QVERIFY(model()->setData(model()->indexForPath({4, 0}, TaxonomyTreeModel::WeightColumn), 0.35));
    QCOMPARE(indicator->text(), QStringLiteral("30.0% of scenarios (target 15.0%)"));
    QVERIFY(!indicator->isWithinRange());
    // The same finding is a warning in the Issues panel's terms.
    bool warned = false;
    for (const Diagnostic &d : m_document->diagnostics())
        warned = warned || d.message.startsWith(QLatin1String("edge cases make up 30.0%"));
    QVERIFY(warned);
}

void TestTaxonomyEditor::previewIsTheSamplersDrawForTheSeed()
{
    auto *seed = m_editor->findChild<QSpinBox *>(QStringLiteral("previewSeed"));
    seed->setValue(5);
    const QList<Scenario> first = m_editor->previewModel()->scenarios();
    QCOMPARE(first.size(), TaxonomyEditor::PreviewCount);
    QCOMPARE(first, ScenarioSampler(m_document->model(), 5).sample(0, TaxonomyEditor::PreviewCount));
    seed->setValue(6);
    QVERIFY(m_editor->previewModel()->scenarios() != first);
    seed->setValue(5);
    QCOMPARE(m_editor->previewModel()->scenarios(), first);
    QAbstractItemModelTester tester(m_editor->previewModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(m_editor->previewModel()->columnCount(), int(m_document->model().dimensions.size()) + 1);
    // An edit of the taxonomy shows in the preview at once.
    QVERIFY(model()->setData(model()->indexForPath({4, 0}, TaxonomyTreeModel::WeightColumn), 0.0));
    QCOMPARE(m_editor->previewModel()->edgeCases(), TaxonomyEditor::PreviewCount);
}

void TestTaxonomyEditor::issueLineSelectsTheValueAndFocusesItsField()
{
    const Taxonomy &t = m_document->model();
    const TaxonomyValue &recurring = t.dimensions[0].values[0].subtopics[1];
    m_editor->showDiagnostic(Diagnostic::warning(Project::TaxonomyFile, recurring.weightPos.line,
                                                 recurring.weightPos.column, QStringLiteral("x")));
    QCOMPARE(m_editor->selectedPath(), (QList<int>{0, 0, 1}));
    QCOMPARE(m_editor->sourceView()->textCursor().blockNumber() + 1, recurring.weightPos.line);
    QCOMPARE(QApplication::focusWidget(),
             m_editor->findChild<QDoubleSpinBox *>(QStringLiteral("valueWeight")));
}

void TestTaxonomyEditor::aNegativeWeightIsShownAsWrittenAndMarked()
{
    m_editor->select({0, 1}); // topic / payments, weight 0.20
    auto *weight = m_editor->findChild<QDoubleSpinBox *>(QStringLiteral("valueWeight"));
    auto *issues = m_editor->findChild<InlineIssues *>(QStringLiteral("nodeIssues"));
    QVERIFY(weight && issues);
    QVERIFY(weight->property("issue").toString().isEmpty());
    QVERIFY(!issues->isVisible());
    QCoreApplication::processEvents();
    const QImage clean = weight->grab().toImage();

    // As if typed in the source: the form shows what the file says, not a clamped 0.
    QVERIFY(model()->setData(model()->indexForPath({0, 1}, TaxonomyTreeModel::WeightColumn), -0.2));
    QCOMPARE(m_document->model().dimensions[0].values[1].weight, -0.2);
    QCOMPARE(weight->value(), -0.2);
    QCOMPARE(weight->text(), QStringLiteral("-0.2000"));

    // The finding next to the field: under the item, and as the field's frame and tooltip.
    QVERIFY(issues->isVisible());
    QCOMPARE(issues->diagnostics().size(), 1);
    QVERIFY2(issues->text().contains(QStringLiteral("weight -0.2 in")), qPrintable(issues->text()));
    QCOMPARE(weight->property("issue").toString(), QStringLiteral("error"));
    QVERIFY(weight->toolTip().contains(QStringLiteral("is negative")));

    // The frame is drawn around the field and leaves the field itself alone: it keeps its size, and
    // its arrow buttons look exactly as before (a style sheet border would squash them).
    QCoreApplication::processEvents();
    const QImage marked = weight->grab().toImage();
    QCOMPARE(marked.size(), clean.size());
    const QRgb red = InlineIssues::colour(true).rgb();
    QCOMPARE(marked.pixel(0, marked.height() / 2), red);
    QCOMPARE(marked.pixel(marked.width() - 1, marked.height() / 2), red);
    QCOMPARE(marked.pixel(marked.width() / 2, 0), red);
    QVERIFY(clean.pixel(0, clean.height() / 2) != red);
    const int buttons = 18;
    for (int x = marked.width() - buttons; x < marked.width() - 2; ++x) {
        for (int y = 2; y < marked.height() - 2; ++y)
            QVERIFY2(marked.pixel(x, y) == clean.pixel(x, y), qPrintable(QStringLiteral("%1,%2").arg(x).arg(y)));
    }

    // Fixed: no frame, no message.
    m_document->undoStack()->undo();
    QCOMPARE(weight->value(), 0.2);
    QVERIFY(weight->property("issue").toString().isEmpty());
    QVERIFY(weight->toolTip().isEmpty());
    QVERIFY(!issues->isVisible());
    QCoreApplication::processEvents();
    QCOMPARE(weight->grab().toImage(), clean);
}

void TestTaxonomyEditor::rowsWithFindingsAreMarkedInTheTree()
{
    const QModelIndex payments = model()->indexForPath({0, 1});
    const QModelIndex invoicing = model()->indexForPath({0, 0});
    QVERIFY(!payments.data(Qt::DecorationRole).isValid());
    // A warning on one value (the edge-case share leaving 10-20 %) and an error on another.
    QVERIFY(model()->setData(model()->indexForPath({0, 1}, TaxonomyTreeModel::WeightColumn), -0.2));
    m_editor->select({0, 0}); // the row is marked without being selected
    QCOMPARE(model()->findings({0, 1}).size(), 1);
    const QVariant decoration = payments.data(Qt::DecorationRole);
    QVERIFY(decoration.canConvert<QIcon>());
    const QImage dot = qvariant_cast<QIcon>(decoration).pixmap(12, 12).toImage();
    QCOMPARE(dot.pixel(6, 6), InlineIssues::colour(true).rgb());
    QVERIFY2(payments.data(Qt::ToolTipRole).toString().contains(QStringLiteral("weight -0.2 in")),
             qPrintable(payments.data(Qt::ToolTipRole).toString()));
    // Only its own row: not its dimension, its siblings, nor the other columns.
    QVERIFY(!invoicing.data(Qt::DecorationRole).isValid());
    QVERIFY(!model()->indexForPath({0}).data(Qt::DecorationRole).isValid());
    QVERIFY(!model()->indexForPath({0, 1}, TaxonomyTreeModel::WeightColumn).data(Qt::DecorationRole).isValid());
    QVERIFY(!invoicing.data(Qt::ToolTipRole).toString().contains(QStringLiteral("negative")));

    // A warning gets the amber dot: 'none' outweighing the edge cases is about the edge_case dimension.
    QVERIFY(model()->setData(model()->indexForPath({4, 0}, TaxonomyTreeModel::WeightColumn), 5.0));
    const Diagnostics edge = model()->findings({4});
    QCOMPARE(edge.size(), 1);
    QVERIFY(!edge.first().isError());
    const QImage amber =
        qvariant_cast<QIcon>(model()->indexForPath({4}).data(Qt::DecorationRole)).pixmap(12, 12).toImage();
    QCOMPARE(amber.pixel(6, 6), InlineIssues::colour(false).rgb());
    QVERIFY(model()->indexForPath({4}).data(Qt::ToolTipRole).toString().contains(QStringLiteral("edge cases make up")));

    // Undone, the marks go with the findings, rows staying in place.
    m_document->undoStack()->undo();
    m_document->undoStack()->undo();
    QVERIFY(!payments.data(Qt::DecorationRole).isValid());
    QVERIFY(!payments.data(Qt::ToolTipRole).toString().contains(QStringLiteral("negative")));
}

QTEST_MAIN(TestTaxonomyEditor)
#include "tst_taxonomyeditor.moc"

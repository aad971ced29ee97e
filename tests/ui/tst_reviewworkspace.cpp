// The review workbench driven as a reviewer drives it, through the real window and mostly from the
// keyboard: open the default project with a generated run beside its samples, move through a batch,
// flag a false positive and find it in the store, promote it to a calibration example and undo that,
// note and reject a transcript, sign a batch off, read the judges' agreement, and export through the
// File menu without the rejected transcript. Every item model runs under QAbstractItemModelTester.

#include "common/conversationview.h"
#include "common/shortcutsdialog.h"
#include "dataset/exportdialog.h"
#include "mainwindow.h"
#include "project/project.h"
#include "project/projectsetup.h"
#include "review/batchlistmodel.h"
#include "review/batchoverviewmodel.h"
#include "review/gatepanel.h"
#include "review/judgequalitymodel.h"
#include "review/reviewstore.h"
#include "review/reviewworkspace.h"
#include "review/verdictgridmodel.h"
#include "store/projectstore.h"
#include "support/plantedrun.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace sift;
using namespace sift::test;

class TestReviewWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void keyboardMovesThroughTheBatch();
    void falsePositiveIsStoredAndUndone();
    void promotedExampleLandsInTheRubricAndUndoTakesItOut();
    void notesAndRejectionFromTheKeyboard();
    void signOffFeedsTheGate();
    void judgeQualityFollowsTheFlags();
    void rejectedTranscriptIsNotExported();
    void everyReviewActionIsInTheShortcutsPage();

private:
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    QString rubricText() const;
    QString storedAnswer(const QString &uid, const QString &judge, const QString &criterion) const;

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dir;
    std::unique_ptr<MainWindow> m_window;
    ReviewWorkspace *m_review = nullptr;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

void TestReviewWorkspace::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("SIFT_NO_KEYCHAIN", "1");
}

void TestReviewWorkspace::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    m_dir = m_tmp->filePath(QStringLiteral("p"));
    QVERIFY(createProjectFromDefault(m_dir).ok());
    {
        const auto project = Project::load(m_dir);
        auto store = ProjectStore::open(project->path(Project::DatabaseFile));
        QVERIFY(store.ok());
        // Run batch 1: g1 passes, g2 where judge b says NO to AC1 (still passing on its score), g3
        // where judge b fails the SF1 gate. Run batch 2: five that pass.
        const PlantedJudge a{QStringLiteral("sample-judge-a"), {}};
        const PlantedJudge b{QStringLiteral("sample-judge-b"), {}};
        PlantedJudge bAc1 = b;
        bAc1.answers.insert(QStringLiteral("AC1"), QStringLiteral("NO"));
        PlantedJudge bGate = b;
        bGate.answers.insert(QStringLiteral("SF1"), QStringLiteral("NO"));
        QList<PlantedTranscript> second;
        for (int i = 1; i <= 5; ++i)
            second.append({QStringLiteral("h%1").arg(i), 3, {a, b}});
        QVERIFY(plantRun(**store, project->rubric,
                         {{{QStringLiteral("g1"), 3, {a, b}}, {QStringLiteral("g2"), 3, {a, bAc1}}, {QStringLiteral("g3"), 3, {a, bGate}}},
                          second}) > 0);
    }
    m_window = std::make_unique<MainWindow>();
    QVERIFY(m_window->openProject(m_dir));
    m_review = m_window->findChild<ReviewWorkspace *>();
    m_testers.clear();
    for (QAbstractItemModel *model : std::initializer_list<QAbstractItemModel *>{
             m_review->batchModel(), m_review->overviewModel(), m_review->gridModel(), m_review->qualityModel()})
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->showWorkspace(QStringLiteral("review")));
    QApplication::setActiveWindow(m_window.get());
    m_review->setFocus();
}

void TestReviewWorkspace::cleanup()
{
    m_testers.clear();
    m_window.reset();
}

void TestReviewWorkspace::press(int key, Qt::KeyboardModifiers modifiers)
{
    QWidget *target = QApplication::focusWidget() ? QApplication::focusWidget() : m_review;
    QTest::keyClick(target, Qt::Key(key), modifiers);
}

QString TestReviewWorkspace::rubricText() const
{
    QFile f(m_dir + QStringLiteral("/config/rubric.yaml"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QString TestReviewWorkspace::storedAnswer(const QString &uid, const QString &judge, const QString &criterion) const
{
    auto store = ProjectStore::open(m_dir + QStringLiteral("/sift.db"));
    const auto flags = ReviewStore(**store).flags(uid);
    for (const CellFlag &f : *flags) {
        if (f.judge == judge && f.criterion == criterion)
            return flagKindName(f.kind) + QLatin1Char('/') + f.answer + QLatin1Char('/') + f.note;
    }
    return {};
}

void TestReviewWorkspace::keyboardMovesThroughTheBatch()
{
    // The run's batches come first, then the samples in groups of five.
    QCOMPARE(m_review->batchModel()->rowCount(), 4);
    QCOMPARE(m_review->currentBatch(), 0);
    QCOMPARE(m_review->currentTranscriptUid(), QStringLiteral("g1"));
    const QStringList criteria = m_review->gridModel()->criteriaInOrder();
    QCOMPARE(m_review->currentCriterion(), criteria.first());
    QCOMPARE(m_review->currentJudge(), QStringLiteral("sample-judge-a"));

    press(Qt::Key_J);
    press(Qt::Key_J);
    QCOMPARE(m_review->currentCriterion(), criteria.at(2));
    press(Qt::Key_K);
    QCOMPARE(m_review->currentCriterion(), criteria.at(1));
    press(Qt::Key_L);
    QCOMPARE(m_review->currentJudge(), QStringLiteral("sample-judge-b"));
    press(Qt::Key_L);
    QCOMPARE(m_review->currentJudge(), ReviewStore::AggregateJudge);
    press(Qt::Key_H);
    QCOMPARE(m_review->currentJudge(), QStringLiteral("sample-judge-b"));

    // The next transcript keeps the same cell, so the reviewer compares like with like.
    press(Qt::Key_N);
    QCOMPARE(m_review->currentTranscriptUid(), QStringLiteral("g2"));
    QCOMPARE(m_review->currentCriterion(), criteria.at(1));
    QCOMPARE(m_review->currentJudge(), QStringLiteral("sample-judge-b"));
    // The judges disagree on AC1 in g2: the grid says so.
    const QModelIndex ac1 = m_review->gridModel()->criterionIndex(QStringLiteral("AC1"), 0);
    QVERIFY(ac1.data(VerdictGridModel::DisagreementRole).toBool());
    QVERIFY(ac1.data().toString().startsWith(QStringLiteral("\u2260")));

    // Selecting a cell shows the judge's evidence and highlights the cited turn.
    m_review->selectCell(QStringLiteral("AC1"), QStringLiteral("sample-judge-b"));
    auto *conversation = m_window->findChild<ConversationView *>(QStringLiteral("conversationView"));
    QCOMPARE(conversation->highlightedMessage(), 6);  // turn 6, the third reply
    QVERIFY(conversation->toPlainText().contains(QStringLiteral("cited by sample-judge-b on AC1")));

    press(Qt::Key_N);
    press(Qt::Key_N);  // past the last transcript of the batch: the next batch opens
    QCOMPARE(m_review->currentBatch(), 1);
    QCOMPARE(m_review->currentTranscriptUid(), QStringLiteral("h1"));
    press(Qt::Key_P);
    QCOMPARE(m_review->currentBatch(), 0);
    QCOMPARE(m_review->currentTranscriptUid(), QStringLiteral("g3"));
    press(Qt::Key_N, Qt::ShiftModifier);
    press(Qt::Key_N, Qt::ShiftModifier);
    QCOMPARE(m_review->currentBatch(), 2);
    QCOMPARE(m_review->currentTranscriptUid(), QStringLiteral("sample-01"));

    // The overview strip: a row per transcript with each judge's score and the result.
    m_review->selectBatch(0);
    BatchOverviewModel *overview = m_review->overviewModel();
    QCOMPARE(overview->rowCount(), 3);
    const int result = overview->columnCount() - 2;
    QCOMPARE(overview->index(2, result).data().toString(), QStringLiteral("FAIL \u00b7 gate SF1"));
    QCOMPARE(overview->index(0, result).data().toString(), QStringLiteral("PASS"));
}

void TestReviewWorkspace::falsePositiveIsStoredAndUndone()
{
    // g1: judge a said YES to CM2. The reviewer thinks it should fail.
    m_review->selectCell(QStringLiteral("CM2"), QStringLiteral("sample-judge-a"));
    press(Qt::Key_3);  // a false negative is refused on a YES
    QCOMPARE(storedAnswer(QStringLiteral("g1"), QStringLiteral("sample-judge-a"), QStringLiteral("CM2")), QString());
    press(Qt::Key_2);
    QCOMPARE(storedAnswer(QStringLiteral("g1"), QStringLiteral("sample-judge-a"), QStringLiteral("CM2")),
             QStringLiteral("false_positive/YES/"));
    const QModelIndex cell = m_review->gridModel()->criterionIndex(QStringLiteral("CM2"), 1);
    QCOMPARE(cell.data(VerdictGridModel::FlagRole).toString(), QStringLiteral("false_positive"));
    QCOMPARE(cell.data().toString(), QStringLiteral("YES \u2691FP"));

    // A note on the flag, typed after E; Escape gives the keyboard back to the grid.
    press(Qt::Key_E);
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("too long for a 2-line answer"));
    press(Qt::Key_Escape);
    QCOMPARE(storedAnswer(QStringLiteral("g1"), QStringLiteral("sample-judge-a"), QStringLiteral("CM2")),
             QStringLiteral("false_positive/YES/too long for a 2-line answer"));
    QVERIFY(!qobject_cast<QLineEdit *>(QApplication::focusWidget()));

    // Undo takes the note back, then the flag; redo brings the flag back.
    press(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(storedAnswer(QStringLiteral("g1"), QStringLiteral("sample-judge-a"), QStringLiteral("CM2")),
             QStringLiteral("false_positive/YES/"));
    press(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(storedAnswer(QStringLiteral("g1"), QStringLiteral("sample-judge-a"), QStringLiteral("CM2")), QString());
    QCOMPARE(cell.data(VerdictGridModel::FlagRole).toString(), QString());
    press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(storedAnswer(QStringLiteral("g1"), QStringLiteral("sample-judge-a"), QStringLiteral("CM2")),
             QStringLiteral("false_positive/YES/"));
    // The Edit menu acts on the review's history while the review is shown.
    QMenu *edit = m_window->findChild<QMenu *>(QStringLiteral("editMenu"));
    Q_EMIT edit->aboutToShow();
    QVERIFY(edit->actions().first()->text().contains(QStringLiteral("Mark CM2")));
}

void TestReviewWorkspace::promotedExampleLandsInTheRubricAndUndoTakesItOut()
{
    m_review->selectCell(QStringLiteral("CM2"), QStringLiteral("sample-judge-a"));
    press(Qt::Key_2);
    CalibrationExample proposed;
    QString proposedFor;
    m_review->setExampleEditor([&](const QString &criterion, const CalibrationExample &e) -> std::optional<CalibrationExample> {
        proposedFor = criterion;
        proposed = e;
        CalibrationExample edited = e;
        edited.reasoning = QStringLiteral("Three paragraphs for a yes-or-no question is not concise.");
        return edited;
    });
    const int before = m_window->project()->rubric.criterion(QStringLiteral("CM2"))->examples.size();
    press(Qt::Key_C);
    // The proposal: the cited reply as response, a FAIL because the judge passed what should fail.
    QCOMPARE(proposedFor, QStringLiteral("CM2"));
    QCOMPARE(proposed.type, CalibrationExample::Type::Fail);
    QCOMPARE(proposed.response, QStringLiteral("g1 answer 3"));
    QCOMPARE(proposed.context, QStringLiteral("User: g1 question 2\nAssistant: g1 answer 2\nUser: g1 question 3"));
    // It is written to the rubric at once, and the project now has it.
    QVERIFY(rubricText().contains(QStringLiteral("Three paragraphs for a yes-or-no question is not concise.")));
    QCOMPARE(m_window->project()->rubric.criterion(QStringLiteral("CM2"))->examples.size(), before + 1);
    QCOMPARE(m_window->project()->rubric.criterion(QStringLiteral("CM2"))->examples.last().type, CalibrationExample::Type::Fail);
    QVERIFY(!m_window->isWindowModified());

    press(Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(!rubricText().contains(QStringLiteral("Three paragraphs")));
    QCOMPARE(m_window->project()->rubric.criterion(QStringLiteral("CM2"))->examples.size(), before);
    // The flag itself stays: only the promotion was undone.
    QCOMPARE(storedAnswer(QStringLiteral("g1"), QStringLiteral("sample-judge-a"), QStringLiteral("CM2")),
             QStringLiteral("false_positive/YES/"));

    // Without a flag there is nothing to promote, and nothing is asked.
    proposedFor.clear();
    m_review->selectCell(QStringLiteral("CM3"), QStringLiteral("sample-judge-a"));
    press(Qt::Key_C);
    QVERIFY(proposedFor.isEmpty());
}

void TestReviewWorkspace::notesAndRejectionFromTheKeyboard()
{
    press(Qt::Key_T);
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("opens with the same greeting as every other"));
    press(Qt::Key_Escape);
    press(Qt::Key_M);
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("does the reply name the invoice number?"));
    press(Qt::Key_Escape);
    press(Qt::Key_R);
    auto store = ProjectStore::open(m_dir + QStringLiteral("/sift.db"));
    const auto notes = ReviewStore(**store).notes(QStringLiteral("g1"));
    QCOMPARE(notes->note, QStringLiteral("opens with the same greeting as every other"));
    QCOMPARE(notes->missingCriterion, QStringLiteral("does the reply name the invoice number?"));
    QVERIFY(notes->rejected.has_value());
    // The advice follows: generation prompts for the note, a new criterion for the missing one.
    QString advice;
    for (const IterationAdvice &a : m_review->batchSummary().advice)
        advice += adviceTargetName(a.target) + QLatin1Char(':') + a.text + QLatin1Char('\n');
    QVERIFY2(advice.contains(QStringLiteral("Generation prompts:")) && advice.contains(QStringLiteral("invoice number")),
             qPrintable(advice));
    QVERIFY(m_review->overviewModel()->index(0, m_review->overviewModel()->columnCount() - 2).data().toString().contains(
        QStringLiteral("rejected by reviewer")));
    press(Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(!ReviewStore(**store).notes(QStringLiteral("g1"))->rejected.has_value());
}

void TestReviewWorkspace::signOffFeedsTheGate()
{
    // The samples cannot be signed off: no run made them.
    m_review->selectBatch(2);
    QAction *signOff = m_window->findChild<QAction *>(QStringLiteral("actionSignOff"));
    QVERIFY(!signOff->isEnabled());

    // Batch 2 passed 5 of 5; signed off, the gate says scale.
    m_review->selectBatch(1);
    QVERIFY(signOff->isEnabled());
    QVERIFY(m_review->gatePanel()->recommendationText().contains(QStringLiteral("Keep iterating")));
    press(Qt::Key_Return, Qt::ControlModifier);
    auto store = ProjectStore::open(m_dir + QStringLiteral("/sift.db"));
    QSqlQuery q((*store)->database());
    QVERIFY(q.exec(QStringLiteral("SELECT signed_off_at FROM batches WHERE idx = 1")) && q.next());
    QVERIFY(!q.value(0).isNull());
    QVERIFY(m_review->gatePanel()->recommendationText().contains(QStringLiteral("Scale")));
    QVERIFY(m_review->batchModel()->index(1).data().toString().contains(QStringLiteral("signed off")));
    // The engine's gate reads the same sign-off.
    QVERIFY(*RunStore(**store).hasSignedOffBatch(QStringLiteral("pv-test"), 0.70));

    press(Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(q.exec(QStringLiteral("SELECT signed_off_at FROM batches WHERE idx = 1")) && q.next());
    QVERIFY(q.value(0).isNull() || q.value(0).toString().isEmpty());
    QVERIFY(!*RunStore(**store).hasSignedOffBatch(QStringLiteral("pv-test"), 0.70));
}

void TestReviewWorkspace::judgeQualityFollowsTheFlags()
{
    // g2: judge b said NO to AC1 but the reply is fine; judge a said YES, rightly.
    QVERIFY(m_review->showTranscript(QStringLiteral("g2")));
    m_review->selectCell(QStringLiteral("AC1"), QStringLiteral("sample-judge-b"));
    press(Qt::Key_3);
    m_review->selectCell(QStringLiteral("AC1"), QStringLiteral("sample-judge-a"));
    press(Qt::Key_1);
    m_review->selectCell(QStringLiteral("AC2"), QStringLiteral("sample-judge-a"));
    press(Qt::Key_1);

    m_window->findChild<QTabWidget *>(QStringLiteral("reviewPages"))->setCurrentIndex(1);
    JudgeQualityModel *quality = m_review->qualityModel();
    QCOMPARE(quality->rowCount(), 2);
    const QModelIndex a = quality->index(0, 0);
    QCOMPARE(quality->report().judges[0].judge, QStringLiteral("sample-judge-a"));
    QCOMPARE(quality->index(0, JudgeQualityModel::AgreementColumn).data().toString(), QStringLiteral("100%"));
    QCOMPARE(quality->rowCount(a), 2);  // AC1 and AC2
    QCOMPARE(quality->report().judges[1].falseNegatives, 1);
    QCOMPARE(quality->index(1, JudgeQualityModel::AgreementColumn).data().toString(), QStringLiteral("0%"));
    QVERIFY(quality->index(1, 0).data(JudgeQualityModel::NeedsAttentionRole).toBool());
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("qualitySummary"))->text().contains(QStringLiteral("1 judge(s) need attention")));
}

void TestReviewWorkspace::rejectedTranscriptIsNotExported()
{
    QVERIFY(m_review->showTranscript(QStringLiteral("h2")));
    press(Qt::Key_R);
    QAction *exportAction = m_window->findChild<QAction *>(QStringLiteral("actionExport"));
    QVERIFY(m_window->menuBar()->actions().first()->menu()->actions().contains(exportAction));
    exportAction->trigger();
    auto *dialog = m_window->findChild<ExportDialog *>();
    QVERIFY(dialog);
    QSignalSpy finished(dialog, &ExportDialog::exportFinished);
    dialog->startExport();
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog->statusText()));
    QString all;
    for (const char *name : {"/training_data.jsonl", "/validation.jsonl"}) {
        QFile f(m_dir + QLatin1String(name));
        if (f.open(QIODevice::ReadOnly))
            all += QString::fromUtf8(f.readAll());
    }
    // Exported: what passed and was not rejected (g1, g2, h1, h3..h5); not g3 (a gate), nor h2, nor the samples.
    for (const char *uid : {"g1 ", "g2 ", "h1 ", "h3 ", "h4 ", "h5 "})
        QVERIFY2(all.contains(QLatin1String(uid) + QStringLiteral("question")), uid);
    QVERIFY(!all.contains(QStringLiteral("h2 question")));
    QVERIFY(!all.contains(QStringLiteral("g3 question")));
    QFile card(m_dir + QStringLiteral("/dataset_card.md"));
    QVERIFY(card.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(card.readAll()).contains(QStringLiteral("rejected by a reviewer")));
    dialog->close();
}

void TestReviewWorkspace::everyReviewActionIsInTheShortcutsPage()
{
    ShortcutsDialog page(m_window->menuBar());
    QStringList listed;
    for (const QStringList &row : page.rows())
        listed.append(row[1] + QLatin1Char('=') + row[2]);
    for (QAction *a : m_review->menuActions()) {
        if (!a || a->shortcut().isEmpty())
            continue;
        const QString entry = a->text().remove(QLatin1Char('&')).remove(QStringLiteral("...")) + QLatin1Char('=') +
                              a->shortcut().toString(QKeySequence::NativeText);
        QVERIFY2(listed.contains(entry), qPrintable(entry));
    }
    // The Edit menu's Undo shows while the review is on screen.
    QVERIFY(std::any_of(listed.begin(), listed.end(), [](const QString &e) { return e.startsWith(QStringLiteral("Undo")); }));
}

QTEST_MAIN(TestReviewWorkspace)
#include "tst_reviewworkspace.moc"

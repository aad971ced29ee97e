// Runs and repairs from the window, against the fake provider server: a run started in the Run
// workspace with its progress bars, charts, log and the status bar's tokens and cost; pause, cancel
// and resume; a failing transcript repaired from the Review workspace and every failing one from the
// Dataset workspace; the Backends dialog checking every backend and storing a key only in the
// keychain; and File > Import Transcripts, good file and bad.

#include "dataset/datasetworkspace.h"
#include "engine/enginehost.h"
#include "llm/backendchecker.h"
#include "llm/keys.h"
#include "mainwindow.h"
#include "project/project.h"
#include "review/batchlistmodel.h"
#include "review/reviewworkspace.h"
#include "run/runcharts.h"
#include "run/runworkspace.h"
#include "settings/backendsdialog.h"
#include "common/dialogs.h"
#include "store/projectstore.h"
#include "support/enginedriver.h"
#include "support/memorykeychain.h"
#include "support/repairresponder.h"

#include <QAction>
#include <QCheckBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace sift;
using namespace sift::test;

namespace {

} // namespace

class TestRunWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void aRunShowsItsProgressChartsAndCost();
    void pauseCancelAndResume();
    void repairTheTranscriptUnderReview();
    void repairEveryFailingTranscriptFromTheDataset();
    void backendsDialogChecksAndKeepsKeysOutOfFiles();
    void importThroughTheFileMenu();

private:
    bool runToEnd(int msecs = 60000);

    FakeProviderServer m_server;
    RepairScript m_script;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dir;
    std::unique_ptr<MainWindow> m_window;
    RunWorkspace *m_run = nullptr;
};

void TestRunWorkspace::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("SIFT_NO_KEYCHAIN", "1");
    QVERIFY(m_server.start());
}

void TestRunWorkspace::init()
{
    m_script.failing = 0;
    m_script.follows = true;
    m_server.setLatency(0);
    m_server.setResponder(repairResponder(m_script));
    m_server.setKnownModels({QStringLiteral("gen-model"), QStringLiteral("judge-a"), QStringLiteral("judge-b")});
    m_tmp = std::make_unique<QTemporaryDir>();
    m_dir = m_tmp->filePath(QStringLiteral("p"));
    QVERIFY(makeEngineProject(m_dir, m_server.baseUrl()));
    m_window = std::make_unique<MainWindow>();
    QVERIFY(m_window->openProject(m_dir));
    m_run = m_window->findChild<RunWorkspace *>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->showWorkspace(QStringLiteral("run")));
}

void TestRunWorkspace::cleanup()
{
    Dialogs::setResponder({});
    Dialogs::setFolderResponder({});
    m_window.reset();
}

bool TestRunWorkspace::runToEnd(int msecs)
{
    QSignalSpy finished(m_window->engine(), &EngineHost::finished);
    return m_window->engine()->isRunning() ? finished.wait(msecs) : false;
}

void TestRunWorkspace::aRunShowsItsProgressChartsAndCost()
{
    m_run->setCount(5);
    m_run->start();
    QVERIFY(m_window->engine()->isRunning());
    // Nothing else starts while the engine works.
    QVERIFY(!m_window->findChild<QAction *>(QStringLiteral("actionStartRun"))->isEnabled());
    QVERIFY(runToEnd());
    QCOMPARE(m_run->generatedValue(), 5);
    QCOMPARE(m_run->assessedValue(), 5);
    QVERIFY2(m_run->stateText().contains(QStringLiteral("completed")), qPrintable(m_run->stateText()));
    QCOMPARE(m_run->charts()->batchPoints(), 1);
    QVERIFY(m_run->charts()->costPoints() >= 1);
    QVERIFY2(m_run->logText().contains(QStringLiteral("Batch 1: 5 of 5 passed")), qPrintable(m_run->logText()));
    QVERIFY2(m_window->runStatusText().contains(QStringLiteral("5/5 generated, 5 assessed")), qPrintable(m_window->runStatusText()));
    QCOMPARE(rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND passed = 1")), 5);
    // The Review workspace shows the new batch at once.
    auto *review = m_window->findChild<ReviewWorkspace *>();
    QVERIFY(review->batchModel()->rowCount() >= 1);
    QVERIFY(review->batchModel()->batch(0).isRunBatch());
    QCOMPARE(review->batchModel()->batch(0).transcripts, 5);

    // A second run of five without a signed-off batch would scale: the gate stops it and says why.
    m_run->setCount(10);
    m_run->start();
    QVERIFY(runToEnd());
    QVERIFY2(m_run->logText().contains(QStringLiteral("signed off")), qPrintable(m_run->logText()));
}

void TestRunWorkspace::pauseCancelAndResume()
{
    m_server.setLatency(40);
    m_run->setCount(10);
    m_window->findChild<QCheckBox *>(QStringLiteral("runForce"))->setChecked(true);
    m_run->start();
    QVERIFY(QTest::qWaitFor([this] { return m_run->generatedValue() >= 1; }, 30000));
    m_run->togglePause();
    QVERIFY(m_window->engine()->isPaused());
    // What was in flight lands; then nothing new is sent.
    int held = -1;
    QVERIFY(QTest::qWaitFor([&] {
        const int now = rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM llm_calls"));
        const bool settled = now == held;
        held = now;
        QTest::qWait(300);
        return settled;
    }, 10000));
    QTest::qWait(700);
    QCOMPARE(rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM llm_calls")), held);
    m_run->togglePause();
    QVERIFY(!m_window->engine()->isPaused());
    QVERIFY(QTest::qWaitFor([&] { return rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM llm_calls")) > held; }, 10000));

    QElapsedTimer cancelled;
    cancelled.start();
    m_run->cancel();
    QVERIFY(runToEnd(10000));
    QVERIFY2(cancelled.elapsed() < 3000, qPrintable(QString::number(cancelled.elapsed())));
    QVERIFY(m_run->logText().contains(QStringLiteral("Finished")));
    auto *resume = m_window->findChild<QPushButton *>(QStringLiteral("resumeRun"));
    QVERIFY(resume->isVisible() && resume->isEnabled());

    m_server.setLatency(0);
    resume->click();
    QVERIFY(runToEnd());
    QCOMPARE(rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND status = 'assessed'")), 10);
    QVERIFY(!resume->isVisible());
}

void TestRunWorkspace::repairTheTranscriptUnderReview()
{
    m_script.failing = 1;  // every accuracy criterion fails at turn 4 until the reply there is rewritten
    m_run->setCount(5);
    m_run->start();
    QVERIFY(runToEnd());
    const int failed = rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE passed = 0"));
    QVERIFY(failed > 0);

    auto store = ProjectStore::open(m_dir + QStringLiteral("/sift.db"));
    QSqlQuery q((*store)->database());
    QVERIFY(q.exec(QStringLiteral("SELECT uid FROM transcripts WHERE passed = 0 ORDER BY id LIMIT 1")) && q.next());
    const QString uid = q.value(0).toString();
    QVERIFY(m_window->showWorkspace(QStringLiteral("review")));
    auto *review = m_window->findChild<ReviewWorkspace *>();
    QVERIFY(review->showTranscript(uid));
    QAction *repair = m_window->findChild<QAction *>(QStringLiteral("actionRepairTranscript"));
    QVERIFY(repair->isEnabled());
    repair->trigger();
    QVERIFY(m_window->engine()->isRunning());
    QVERIFY(runToEnd());
    // Only that one was repaired; it passes now, and the original reply is kept beside the fix.
    QCOMPARE(rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM fixups WHERE status = 'accepted'")), 1);
    QCOMPARE(rows(m_dir, QStringLiteral("SELECT passed FROM transcripts WHERE uid = '%1'").arg(uid)), 1);
    QCOMPARE(rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE passed = 0")), failed - 1);
    QCOMPARE(review->currentTranscriptUid(), uid);
    QVERIFY(review->currentReview()->aggregated.score.passed);
    QVERIFY(!repair->isEnabled());
}

void TestRunWorkspace::repairEveryFailingTranscriptFromTheDataset()
{
    m_script.failing = 1;
    m_run->setCount(5);
    m_run->start();
    QVERIFY(runToEnd());
    const int failed = rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE passed = 0"));
    QVERIFY(failed > 0);
    m_script.follows = false;  // the entailment check refuses every rewrite: each is cut instead
    QVERIFY(m_window->showWorkspace(QStringLiteral("dataset")));
    auto *dataset = m_window->findChild<DatasetWorkspace *>();
    auto *button = m_window->findChild<QPushButton *>(QStringLiteral("repairTranscripts"));
    QVERIFY(button->isEnabled());
    button->click();
    QVERIFY(dataset->repairRunning());
    QVERIFY(runToEnd());
    QVERIFY(!dataset->repairRunning());
    // Every failing transcript was repaired once; where the customer spoke after the rewritten reply
    // the check refused it and the transcript is cut, where nobody did there was nothing to check.
    const int refused = rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM fixups WHERE status = 'refused'"));
    QVERIFY(refused > 0);
    QCOMPARE(refused + rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM fixups WHERE status = 'accepted'")), failed);
    QCOMPARE(rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE truncated_at IS NOT NULL")), refused);
    QVERIFY(dataset->repairStatus().contains(QStringLiteral("was refused")));
    QVERIFY2(dataset->repairStatus().contains(QStringLiteral("completed")), qPrintable(dataset->repairStatus()));
}

void TestRunWorkspace::backendsDialogChecksAndKeepsKeysOutOfFiles()
{
    // On opening, every backend was asked for its models (free): all three answer.
    QSignalSpy checked(m_window.get(), &MainWindow::backendsChecked);
    if (!m_window->backendStatusText().contains(QStringLiteral("3/3")))
        QVERIFY2(checked.wait(10000), qPrintable(m_window->findChild<QLabel *>(QStringLiteral("backendStatus"))->toolTip()));
    QVERIFY2(m_window->backendStatusText().startsWith(QStringLiteral("Backends 3/3")), qPrintable(m_window->backendStatusText()));

    MemoryKeychain keychain;
    m_window->setSecretStore(&keychain);
    QList<BackendConfig> backends = m_window->project()->manifest.backends;
    backends[0].apiKeyEnv = QStringLiteral("SIFT_TEST_GEN_KEY");
    BackendChecker checker(KeyResolver(QProcessEnvironment(), &keychain));
    BackendsDialog dialog(backends, m_dir + QStringLiteral("/sift.db"), &keychain, &checker);
    const QByteArray secret = "sk-test-7c1f0e5d9a2b4c6e8f00aa11bb22cc33";
    auto *key = dialog.findChild<QLineEdit *>(QStringLiteral("backendKey"));
    QVERIFY(key->isEnabled());
    key->setText(QString::fromLatin1(secret));
    dialog.storeKey();
    QVERIFY(key->text().isEmpty());  // the field forgets it at once
    QSignalSpy reports(&dialog, &BackendsDialog::reportsChanged);
    QVERIFY(QTest::qWaitFor([&] { return dialog.reports().size() == 3; }, 10000));
    QCOMPARE(keychain.entries.value(QStringLiteral("SIFT_TEST_GEN_KEY")), secret);
    QVERIFY(dialog.reports().value(QStringLiteral("gen")).reachable);
    QCOMPARE(dialog.reports().value(QStringLiteral("gen")).keySource, QStringLiteral("system keychain entry SIFT_TEST_GEN_KEY"));

    // A full check sends real (tiny) requests with the key; it is logged, the key nowhere. The server
    // answers the schema-constrained request as one that enforces schemas does.
    m_server.setResponder([](const ReceivedRequest &r) {
        return r.json.contains(QStringLiteral("response_format")) ? QStringLiteral(R"({"verdict_code":"P7","tally":2})")
                                                                 : FakeProviderServer::defaultReply(r);
    });
    dialog.checkAll(true);
    QVERIFY(QTest::qWaitFor([&] { return !checker.isRunning(); }, 20000));
    const ProbeReport gen = dialog.reports().value(QStringLiteral("gen"));
    QVERIFY2(gen.ok(), qPrintable(gen.structuredDetail));
    QVERIFY(rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM llm_calls WHERE purpose = 'probe'")) > 0);
    QDirIterator files(m_dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile f(files.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(secret), qPrintable(f.fileName()));
    }
}

void TestRunWorkspace::importThroughTheFileMenu()
{
    const QString good = m_tmp->filePath(QStringLiteral("good.jsonl"));
    QFile f(good);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (int i = 0; i < 7; ++i)
        f.write(QStringLiteral(R"({"messages":[{"role":"user","content":"imported question %1"},{"role":"assistant","content":"answer"}]})"
                               "\n")
                    .arg(i)
                    .toUtf8());
    f.close();
    const QString bad = m_tmp->filePath(QStringLiteral("bad.jsonl"));
    QFile b(bad);
    QVERIFY(b.open(QIODevice::WriteOnly));
    b.write("{\"messages\":[{\"role\":\"user\",\"content\":\"ok\"}]}\n{not json\n");
    b.close();

    QString chosen = bad;
    QStringList warnings;
    Dialogs::setFolderResponder([&](const QString &) { return chosen; });
    Dialogs::setResponder([&](const Dialogs::Question &q) {
        warnings.append(q.title + QStringLiteral(": ") + q.text);
        return Dialogs::Button::Ok;
    });
    QSignalSpy done(m_window.get(), &MainWindow::importFinished);
    m_window->findChild<QAction *>(QStringLiteral("actionImport"))->trigger();
    QVERIFY(done.wait(20000));
    QCOMPARE(done.last().first().toBool(), false);
    // Where and what: the file, its line 2 and column; nothing was imported.
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.first().contains(QStringLiteral("bad.jsonl")) && warnings.first().contains(QStringLiteral(":2:")),
             qPrintable(warnings.first()));
    QCOMPARE(rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'import'")), 0);

    chosen = good;
    m_window->findChild<QAction *>(QStringLiteral("actionImport"))->trigger();
    QVERIFY(done.wait(20000));
    QCOMPARE(done.last().first().toBool(), true);
    QCOMPARE(rows(m_dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'import'")), 7);
    auto *review = m_window->findChild<ReviewWorkspace *>();
    // Seven imported transcripts: groups of five and two.
    int imported = 0;
    for (int row = 0; row < review->batchModel()->rowCount(); ++row)
        imported += review->batchModel()->batch(row).isRunBatch() ? 0 : review->batchModel()->batch(row).transcripts;
    QCOMPARE(imported, 7);
}

QTEST_MAIN(TestRunWorkspace)
#include "tst_runworkspace.moc"

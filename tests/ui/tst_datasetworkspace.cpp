// The Dataset workspace as a user meets it: the audit runs in the background and lists its findings
// with red flags marked, a finding's examples open their transcript; File > Export writes the files
// with a progress bar, and Cancel leaves nothing behind. Models are checked by QAbstractItemModelTester.

#include "dataset/auditexamplesmodel.h"
#include "dataset/auditfindingsmodel.h"
#include "common/conversationview.h"
#include "dataset/datasetworkspace.h"
#include "dataset/exportdialog.h"
#include "mainwindow.h"
#include "project/project.h"
#include "project/projectsetup.h"
#include "store/projectstore.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace sift;

namespace {

bool plant(const QString &dir, int count)
{
    auto store = ProjectStore::open(dir + QStringLiteral("/sift.db"));
    if (!store)
        return false;
    QList<TranscriptRecord> records;
    for (int i = 0; i < count; ++i) {
        TranscriptRecord t;
        t.uid = QStringLiteral("w%1").arg(i);
        t.messages.append({QStringLiteral("system"), QStringLiteral("Be kind.")});
        for (int e = 1; e <= 4; ++e) {
            t.messages.append({QStringLiteral("user"), QStringLiteral("%1 asks %2 about an invoice").arg(t.uid).arg(e)});
            t.messages.append({QStringLiteral("assistant"), QStringLiteral("Answer %1 for %2. I hope this helps!").arg(e).arg(t.uid)});
        }
        records.append(t);
    }
    return (*store)->saveTranscripts(records).ok();
}

} // namespace

class TestDatasetWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void modelsPassTheTester();
    void auditListsFindingsAndExamplesOpenTheTranscript();
    void exportFromTheFileMenuWritesTheFiles();
    void cancelledExportWritesNothing();

private:
    QTemporaryDir m_tmp;
    QString m_dir;
};

void TestDatasetWorkspace::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_dir = m_tmp.filePath(QStringLiteral("p"));
    QVERIFY(createProjectFromDefault(m_dir).ok());
    QVERIFY(plant(m_dir, 40));
}

void TestDatasetWorkspace::modelsPassTheTester()
{
    AuditFindingsModel findings;
    AuditExamplesModel examples;
    QAbstractItemModelTester findingsTester(&findings, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester examplesTester(&examples, QAbstractItemModelTester::FailureReportingMode::QtTest);
    AuditReport report;
    report.findings.append({AuditFinding::Rule::AntiPattern, QStringLiteral("I hope this helps"), 0.5, 0.02, 3, QStringLiteral("50%"), true,
                            {{QStringLiteral("t1"), 2, QStringLiteral("x")}}});
    report.findings.append({AuditFinding::Rule::LengthRatio, QString(), 1.2, 2, 10, QStringLiteral("1.2x"), false, {}});
    findings.setReport(report);
    QCOMPARE(findings.rowCount(), 2);
    QCOMPARE(findings.data(findings.index(0, AuditFindingsModel::FlagColumn)).toString(), QStringLiteral("RED FLAG"));
    QVERIFY(findings.data(findings.index(0, 0), Qt::BackgroundRole).isValid());
    QVERIFY(!findings.data(findings.index(1, 0), Qt::BackgroundRole).isValid());
    examples.setExamples(report.findings.first().examples);
    QCOMPARE(examples.data(examples.index(0, AuditExamplesModel::MessageColumn)).toInt(), 2);
    findings.setReport({});
    examples.setExamples({});
    QCOMPARE(findings.rowCount(), 0);
}

void TestDatasetWorkspace::auditListsFindingsAndExamplesOpenTheTranscript()
{
    MainWindow window;
    QVERIFY(window.openProject(m_dir));
    auto *dataset = window.findChild<DatasetWorkspace *>();
    QVERIFY(dataset);
    QSignalSpy done(dataset, &DatasetWorkspace::auditFinished);
    window.show();
    QVERIFY(window.showWorkspace(QStringLiteral("dataset")));
    QVERIFY(done.wait(60000));
    QVERIFY(!dataset->auditRunning());
    AuditFindingsModel *findings = dataset->findingsModel();
    QAbstractItemModelTester tester(findings, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Every reply ends with the anti-pattern: red, with the first example from the first transcript.
    int antiPattern = -1;
    for (int r = 0; r < findings->rowCount(); ++r) {
        if (findings->finding(r)->rule == AuditFinding::Rule::AntiPattern && findings->finding(r)->subject == QLatin1String("I hope this helps"))
            antiPattern = r;
    }
    QVERIFY(antiPattern >= 0);
    QVERIFY(findings->data(findings->index(antiPattern, 0), AuditFindingsModel::RedRole).toBool());
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("auditSummary"))->text().contains(QStringLiteral("red flag")));
    // The first red flag is selected on arrival and its examples listed.
    auto *view = window.findChild<QTableView *>(QStringLiteral("auditFindings"));
    QVERIFY(findings->finding(view->currentIndex().row())->red);
    view->selectRow(antiPattern);
    QCOMPARE(dataset->examplesModel()->rowCount(), 5);
    auto *examples = window.findChild<QTableView *>(QStringLiteral("auditExamples"));
    examples->selectRow(1);
    const AuditExample *e = dataset->examplesModel()->example(1);
    const QString header = window.findChild<QLabel *>(QStringLiteral("auditTranscriptHeader"))->text();
    QVERIFY2(header.contains(e->transcript), qPrintable(header));
    auto *view2 = window.findChild<ConversationView *>(QStringLiteral("auditTranscript"));
    QCOMPARE(view2->highlightedMessage(), e->message);
    const int turn = ConversationView::turnOf(view2->transcript(), e->message);
    QVERIFY(turn > 0);
    QVERIFY(view2->toPlainText().contains(QStringLiteral("Turn %1 \u00b7 Assistant \u2014 the example").arg(turn)));
    QVERIFY(!dataset->showExample(QStringLiteral("no-such-transcript"), 1));
}

void TestDatasetWorkspace::exportFromTheFileMenuWritesTheFiles()
{
    MainWindow window;
    QVERIFY(window.openProject(m_dir));
    QAction *exportAction = window.findChild<QAction *>(QStringLiteral("actionExport"));
    QVERIFY(exportAction);
    QVERIFY(exportAction->isEnabled());
    QVERIFY(window.menuBar()->actions().first()->menu()->actions().contains(exportAction));
    exportAction->trigger();
    auto *dialog = window.findChild<ExportDialog *>();
    QVERIFY(dialog);
    dialog->setInclude(QStringLiteral("all"));
    QSignalSpy finished(dialog, &ExportDialog::exportFinished);
    dialog->startExport();
    QVERIFY(dialog->isExporting());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY2(dialog->statusText().contains(QStringLiteral("Leakage check: passed")), qPrintable(dialog->statusText()));
    auto *progress = dialog->findChild<QProgressBar *>(QStringLiteral("exportProgress"));
    QCOMPARE(progress->value(), progress->maximum());
    QVERIFY(QFile::exists(m_dir + QStringLiteral("/training_data.jsonl")));
    QVERIFY(QFile::exists(m_dir + QStringLiteral("/dataset_card.md")));
    QFile::remove(m_dir + QStringLiteral("/training_data.jsonl"));
    QFile::remove(m_dir + QStringLiteral("/validation.jsonl"));
    QFile::remove(m_dir + QStringLiteral("/dataset_card.md"));
    // Without --include all there is nothing assessed to export, and the dialog says why.
    dialog->setInclude(QStringLiteral("passed"));
    dialog->startExport();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().first().toBool(), false);
    QVERIFY(dialog->statusText().contains(QStringLiteral("nothing to export")));
}

void TestDatasetWorkspace::cancelledExportWritesNothing()
{
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("big"));
    QVERIFY(createProjectFromDefault(dir).ok());
    QVERIFY(plant(dir, 3000));
    auto project = Project::load(dir);
    ExportDialog dialog(*project);
    dialog.setInclude(QStringLiteral("all"));
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    dialog.startExport();
    dialog.reject();  // Cancel while exporting cancels rather than closes
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(dialog.statusText().contains(QStringLiteral("cancelled")), qPrintable(dialog.statusText()));
    QVERIFY(!QFile::exists(dir + QStringLiteral("/training_data.jsonl")));
    QVERIFY(!QFile::exists(dir + QStringLiteral("/dataset_card.md")));
}

QTEST_MAIN(TestDatasetWorkspace)
#include "tst_datasetworkspace.moc"

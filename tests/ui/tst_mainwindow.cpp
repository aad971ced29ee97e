// The main window as a user meets it: the default project opened, its design files and findings,
// and the sample transcripts with their verdicts in the Review workspace.

#include "common/codeview.h"
#include "common/issuespanel.h"
#include "design/artifacteditor.h"
#include "design/designworkspace.h"
#include "design/document/documentsourceview.h"
#include "mainwindow.h"
#include "project/project.h"
#include "project/projectsetup.h"
#include "review/transcriptsworkspace.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

using namespace sift;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensTheDefaultProjectValid();
    void reviewShowsSamplesWithVerdicts();
    void brokenRubricShowsItsIssueAndJumpsToTheLine();
    void refusesAFolderWithoutProject();

private:
    QTemporaryDir m_tmp;
    QString m_dir;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);  // keep recent projects and geometry out of the user's settings
    QVERIFY(m_tmp.isValid());
    m_dir = m_tmp.filePath(QStringLiteral("project"));
    const auto created = createProjectFromDefault(m_dir);
    QVERIFY2(created.ok(), qPrintable(created.errorText()));
    QCOMPARE(created->sampleTranscripts, 10);
}

void TestMainWindow::opensTheDefaultProjectValid()
{
    MainWindow window;
    QVERIFY(window.openProject(m_dir));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("validityLabel"))->text(), QStringLiteral("Valid"));
    QVERIFY(window.windowTitle().startsWith(window.project()->manifest.name));
    auto *files = window.findChild<QListWidget *>(QStringLiteral("designFiles"));
    QCOMPARE(files->count(), int(Project::artifactFiles().size()));
    // The method's first artifact opens first, in its editor; the project settings are shown read-only.
    auto *design = window.findChild<DesignWorkspace *>();
    QCOMPARE(design->currentFile(), Project::TaxonomyFile);
    QVERIFY(design->editor(Project::TaxonomyFile)->isVisible() || !window.isVisible());
    design->showFile(Project::ManifestFile);
    auto *source = window.findChild<CodeView *>(QStringLiteral("designSource"));
    QVERIFY(source->toPlainText().contains(QStringLiteral("backends:")));
    QVERIFY(source->isReadOnly());
    QCOMPARE(window.findChild<IssuesPanel *>()->topLevelItemCount(), 0);
}

void TestMainWindow::reviewShowsSamplesWithVerdicts()
{
    MainWindow window;
    QVERIFY(window.openProject(m_dir));
    QVERIFY(window.showWorkspace(QStringLiteral("review")));
    auto *review = window.findChild<TranscriptsWorkspace *>();
    QCOMPARE(review->transcriptCount(), 10);
    auto *list = window.findChild<QTreeWidget *>(QStringLiteral("transcriptList"));
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        QCOMPARE(list->topLevelItem(i)->text(1), QStringLiteral("SAMPLE"));

    QVERIFY(review->showTranscript(QStringLiteral("sample-02")));
    QVERIFY(!review->showTranscript(QStringLiteral("no-such-transcript")));
    const QString header = window.findChild<QLabel *>(QStringLiteral("transcriptHeader"))->text();
    QVERIFY2(header.contains(QStringLiteral("sample-02")) && header.contains(QStringLiteral("SAMPLE")), qPrintable(header));
    const QString conversation = window.findChild<QTextBrowser *>(QStringLiteral("conversationView"))->toPlainText();
    QVERIFY(conversation.contains(QStringLiteral("User (message 1)")));
    QVERIFY(conversation.contains(QStringLiteral("Assistant (turn 1)")));

    auto *verdicts = window.findChild<QTableWidget *>(QStringLiteral("verdictTable"));
    QCOMPARE(verdicts->columnCount(), 2);
    QCOMPARE(verdicts->horizontalHeaderItem(0)->text(), QStringLiteral("sample-judge-a"));
    QCOMPARE(verdicts->rowCount(), int(window.project()->rubric.criteria.size()));
    // Every cell holds an answer, and the answer decides its colour.
    QSet<QRgb> colours;
    for (int r = 0; r < verdicts->rowCount(); ++r) {
        for (int c = 0; c < verdicts->columnCount(); ++c) {
            const QTableWidgetItem *cell = verdicts->item(r, c);
            QVERIFY(cell);
            QVERIFY(QStringList({QStringLiteral("YES"), QStringLiteral("NO"), QStringLiteral("NA")}).contains(cell->text()));
            if (cell->text() == QLatin1String("YES"))
                colours.insert(cell->background().color().rgb());
        }
    }
    QCOMPARE(colours.size(), 1);

    verdicts->setCurrentCell(0, 1);
    const QString detail = window.findChild<QTextBrowser *>(QStringLiteral("verdictDetail"))->toPlainText();
    QVERIFY2(detail.contains(QStringLiteral("sample-judge-b")) && detail.contains(QStringLiteral("Evidence:")),
             qPrintable(detail));
}

void TestMainWindow::brokenRubricShowsItsIssueAndJumpsToTheLine()
{
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("p"));
    QVERIFY(createProjectFromDefault(dir).ok());
    QFile rubric(dir + QStringLiteral("/config/rubric.yaml"));
    QVERIFY(rubric.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = rubric.readAll().split('\n');
    rubric.close();
    int line = 0;
    for (int i = 0; i < lines.size() && !line; ++i) {
        if (lines[i].startsWith("pass_threshold:")) {
            lines[i] = "pass_threshold: 0";
            line = i + 1;
        }
    }
    QVERIFY(line > 0);
    QVERIFY(rubric.open(QIODevice::WriteOnly | QIODevice::Truncate));
    rubric.write(lines.join('\n'));
    rubric.close();

    MainWindow window;
    QVERIFY(window.openProject(dir));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("validityLabel"))->text(), QStringLiteral("1 error(s), 0 warning(s)"));
    auto *issues = window.findChild<IssuesPanel *>();
    QCOMPARE(issues->topLevelItemCount(), 1);
    Q_EMIT issues->itemActivated(issues->topLevelItem(0), 0);
    auto *design = window.findChild<DesignWorkspace *>();
    QCOMPARE(design->currentFile(), Project::RubricFile);
    CodeView *source = design->editor(Project::RubricFile)->sourceView();
    QCOMPARE(source->textCursor().blockNumber() + 1, line);
}

void TestMainWindow::refusesAFolderWithoutProject()
{
    QTemporaryDir tmp;
    MainWindow window;
    QVERIFY(window.openProject(m_dir));
    QVERIFY(!window.openProject(tmp.path()));
    // The open project stays open.
    QVERIFY(window.project());
    QCOMPARE(window.project()->dir(), m_dir);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

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
#include "review/batchlistmodel.h"
#include "review/reviewworkspace.h"
#include "review/verdictgridmodel.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QStandardPaths>
#include <QBrush>
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
    auto *review = window.findChild<ReviewWorkspace *>();
    // The ten samples were not made by a run: they show as two groups of five.
    QCOMPARE(review->batchModel()->rowCount(), 2);
    QCOMPARE(review->batchModel()->index(0).data().toString().section(QLatin1Char('\n'), 0, 0), QStringLiteral("Samples 1\u20135"));

    QVERIFY(review->showTranscript(QStringLiteral("sample-07")));
    QVERIFY(!review->showTranscript(QStringLiteral("no-such-transcript")));
    QCOMPARE(review->currentBatch(), 1);
    QCOMPARE(review->currentTranscriptUid(), QStringLiteral("sample-07"));
    const QString header = window.findChild<QLabel *>(QStringLiteral("transcriptHeader"))->text();
    QVERIFY2(header.contains(QStringLiteral("sample-07")) && header.contains(QStringLiteral("SAMPLE")), qPrintable(header));
    // Turns are numbered as the judges number them.
    const QString conversation = window.findChild<QTextBrowser *>(QStringLiteral("conversationView"))->toPlainText();
    QVERIFY(conversation.contains(QStringLiteral("Turn 1 \u00b7 User")));
    QVERIFY(conversation.contains(QStringLiteral("Turn 2 \u00b7 Assistant")));

    VerdictGridModel *grid = review->gridModel();
    QCOMPARE(grid->judgeColumnCount(), 3);  // two judges and the combined verdict
    QCOMPARE(grid->headerData(1, Qt::Horizontal).toString(), QStringLiteral("sample-judge-a"));
    QCOMPARE(grid->headerData(3, Qt::Horizontal).toString(), QStringLiteral("Combined"));
    QCOMPARE(grid->criteriaInOrder().size(), window.project()->rubric.criteria.size());
    // Every criterion cell holds an answer in words, and the answer decides its colour.
    QSet<QRgb> colours;
    for (const QString &criterion : grid->criteriaInOrder()) {
        for (int c = 1; c <= grid->judgeColumnCount(); ++c) {
            const QModelIndex cell = grid->criterionIndex(criterion, c);
            const QString answer = cell.data(VerdictGridModel::AnswerRole).toString();
            QVERIFY2(QStringList({QStringLiteral("YES"), QStringLiteral("NO"), QStringLiteral("NA")}).contains(answer),
                     qPrintable(criterion + QLatin1Char(' ') + answer));
            QVERIFY(cell.data().toString().startsWith(answer));
            if (answer == QLatin1String("YES"))
                colours.insert(cell.data(Qt::BackgroundRole).value<QBrush>().color().rgb());
        }
    }
    QCOMPARE(colours.size(), 1);

    review->selectCell(grid->criteriaInOrder().first(), QStringLiteral("sample-judge-b"));
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

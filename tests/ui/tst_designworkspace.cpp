// The Design workspace in the main window: every editor open at once, one Issues panel following
// the edits, save through the window's shortcuts, unsaved edits asked about before closing or
// switching project, and the offscreen screenshot of the workspace.

#include "common/dialogs.h"
#include "common/issuespanel.h"
#include "dataset/tokenizer.h"
#include "design/artifacteditor.h"
#include "design/designworkspace.h"
#include "design/document/designdocuments.h"
#include "design/document/documentsourceview.h"
#include "design/prompt/prompteditor.h"
#include "design/taxonomy/taxonomyeditor.h"
#include "design/taxonomy/taxonomytreemodel.h"
#include "designtesthelpers.h"
#include "mainwindow.h"
#include "project/project.h"

#include <QAction>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSpinBox>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTextBlock>
#include <QTreeWidgetItem>
#include <QUndoStack>

using namespace sift;
using namespace sift::testing;

class TestDesignWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void everyDesignFileHasItsEditor();
    void saveShortcutWritesTheFileAndRefreshesTheStatus();
    void issuesFollowEditsAndJumpToTheField();
    void anIssueWithOnlyALineMovesTheSourceCursorThere_data();
    void anIssueWithOnlyALineMovesTheSourceCursorThere();
    void undoShortcutInAFormFieldUndoesTheDocument();
    void theRubricShowsEveryCategoryAndMostCriteria();
    void closingWithUnsavedEditsAsks();
    void switchingProjectWithUnsavedEditsAsks();
    void renderPreviewUsesTheUnsavedTaxonomy();
    void screenshotRendersTheWorkspaceOffscreen();
    void promptCountsUseTheModelsTokenizerOnceLoaded();

private:
    DesignWorkspace *design() const { return m_window->findChild<DesignWorkspace *>(); }
    TaxonomyDocument *taxonomy() const
    {
        return static_cast<TaxonomyDocument *>(design()->document(Project::TaxonomyFile));
    }
    TaxonomyTreeModel *taxonomyModel() const
    {
        return static_cast<TaxonomyEditor *>(design()->editor(Project::TaxonomyFile))->treeModel();
    }

    std::unique_ptr<TestProject> m_project;
    std::unique_ptr<MainWindow> m_window;
    QList<Dialogs::Question> m_asked;
    Dialogs::Button m_answer = Dialogs::Button::Cancel;
};

void TestDesignWorkspace::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    Dialogs::setResponder([this](const Dialogs::Question &q) {
        m_asked.append(q);
        return m_answer;
    });
}

void TestDesignWorkspace::init()
{
    m_asked.clear();
    m_answer = Dialogs::Button::Cancel;
    m_project = std::make_unique<TestProject>();
    m_window = std::make_unique<MainWindow>();
    QVERIFY(m_window->openProject(m_project->dir()));
    QVERIFY(m_window->showWorkspace(QStringLiteral("design")));
    m_window->resize(1400, 900);
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestDesignWorkspace::cleanup()
{
    m_answer = Dialogs::Button::Discard; // nothing left asking once the test is over
    m_window.reset();
    m_project.reset();
}

void TestDesignWorkspace::everyDesignFileHasItsEditor()
{
    for (const QString &file : DesignWorkspace::fileOrder()) {
        const bool editable = file != Project::ManifestFile && file != Project::ModelChoiceFile;
        QCOMPARE(design()->editor(file) != nullptr, editable);
        design()->showFile(file);
        QCOMPARE(design()->currentFile(), file);
        if (editable) {
            QVERIFY(design()->editor(file)->isVisible());
            QVERIFY(design()->editor(file)->sourceView()->isVisible());
            QVERIFY(design()->editor(file)->form()->isVisible());
        }
    }
    QCOMPARE(qobject_cast<PromptEditor *>(design()->editor(QStringLiteral("config/prompts/judge.md")))
                 ->objectName(),
             QStringLiteral("promptEditor"));
}

void TestDesignWorkspace::saveShortcutWritesTheFileAndRefreshesTheStatus()
{
    auto *validity = m_window->findChild<QLabel *>(QStringLiteral("validityLabel"));
    QCOMPARE(validity->text(), QStringLiteral("Valid"));
    design()->showFile(Project::TaxonomyFile);
    QVERIFY(taxonomyModel()->setData(taxonomyModel()->indexForPath({4, 0}, TaxonomyTreeModel::WeightColumn),
                                     0.35));
    QVERIFY(m_window->isWindowModified());
    QVERIFY(m_window->findChild<QListWidget *>(QStringLiteral("designFiles"))
                ->item(0)
                ->text()
                .startsWith(QStringLiteral("Input taxonomy *")));
    // The status bar speaks for the files on disk: nothing saved, nothing changed there yet.
    QCOMPARE(validity->text(), QStringLiteral("Valid"));

    design()->editor(Project::TaxonomyFile)->sourceView()->setFocus();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_S, Qt::ControlModifier);
    QVERIFY(!taxonomy()->isModified());
    QVERIFY(!m_window->isWindowModified());
    QVERIFY(readBytes(m_project->path(Project::TaxonomyFile)).contains("none: {weight: 0.35,"));
    QCOMPARE(validity->text(), QStringLiteral("Valid, 1 warning(s)")); // the edge-case share is now 30%
    QCOMPARE(m_window->project()->taxonomy.dimensions[4].values[0].weight, 0.35);
}

void TestDesignWorkspace::issuesFollowEditsAndJumpToTheField()
{
    IssuesPanel *issues = design()->issuesPanel();
    QCOMPARE(issues->topLevelItemCount(), 0);
    auto *rubric = static_cast<RubricDocument *>(design()->document(Project::RubricFile));
    QVERIFY(rubric->edit(DesignDocument::EditKind::Field, QStringLiteral("x"), QString(), [](Rubric &r) {
        r.criterion(QStringLiteral("RS2"))->question =
            QStringLiteral("How well does the assistant close the conversation?");
    }));
    QCOMPARE(issues->topLevelItemCount(), 1);
    QVERIFY(
        issues->topLevelItem(0)->text(2).contains(QStringLiteral("the question of RS2 asks for a rating")));
    design()->showFile(Project::TaxonomyFile);
    Q_EMIT issues->itemActivated(issues->topLevelItem(0), 0);
    QCOMPARE(design()->currentFile(), Project::RubricFile);
    QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("criterionQuestion"));
    QCOMPARE(static_cast<QPlainTextEdit *>(QApplication::focusWidget())->toPlainText(),
             QStringLiteral("How well does the assistant close the conversation?"));
}

void TestDesignWorkspace::anIssueWithOnlyALineMovesTheSourceCursorThere_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("find");
    QTest::addColumn<QString>("replace");
    QTest::addColumn<QString>("problem");
    // Nothing in a form to select: a YAML syntax error (the form is read-only meanwhile), a prompt's error.
    QTest::newRow("yaml syntax error") << Project::TaxonomyFile << QStringLiteral("    kind: how")
                                       << QStringLiteral("    kind: [how") << QString();
    QTest::newRow("unknown prompt variable") << QStringLiteral("config/prompts/judge.md") << QStringLiteral("{{transcript}}")
                                             << QStringLiteral("{{transcript}} {{persona}}")
                                             << QStringLiteral("unknown variable {{persona}}");
}

void TestDesignWorkspace::anIssueWithOnlyALineMovesTheSourceCursorThere()
{
    QFETCH(QString, file);
    QFETCH(QString, find);
    QFETCH(QString, replace);
    QFETCH(QString, problem);
    DesignDocument *document = design()->document(file);
    QString text = document->text();
    QVERIFY(text.contains(find));
    document->editText(text.replace(find, replace), DesignDocument::EditKind::Structure, QStringLiteral("typed"));

    IssuesPanel *issues = design()->issuesPanel();
    QTreeWidgetItem *item = nullptr;
    for (int i = 0; i < issues->topLevelItemCount(); ++i) {
        if (issues->topLevelItem(i)->text(1).startsWith(file + QLatin1Char(':')))
            item = issues->topLevelItem(i);
    }
    QVERIFY(item);
    QVERIFY2(item->text(2).contains(problem), qPrintable(item->text(2)));
    const int line = item->text(1).section(QLatin1Char(':'), -1).toInt();
    QVERIFY(line > 1);
    if (!problem.isEmpty())  // the prompt's error is where the variable is; YAML's where the parser noticed
        QCOMPARE(line, lineOf(document->text(), QStringLiteral("{{persona}}")));

    // From another file, with the source cursor elsewhere: the click opens the file at that line.
    ArtifactEditor *editor = design()->editor(file);
    editor->sourceView()->moveCursor(QTextCursor::Start);
    design()->showFile(Project::RubricFile);
    Q_EMIT issues->itemClicked(item, 1);
    QCOMPARE(design()->currentFile(), file);
    QCOMPARE(editor->sourceView()->textCursor().blockNumber() + 1, line);
    QCOMPARE(QApplication::focusWidget(), editor->sourceView());
}

void TestDesignWorkspace::undoShortcutInAFormFieldUndoesTheDocument()
{
    design()->showFile(Project::TaxonomyFile);
    auto *editor = static_cast<TaxonomyEditor *>(design()->editor(Project::TaxonomyFile));
    editor->select({0});
    auto *description = editor->findChild<QLineEdit *>(QStringLiteral("nodeDescription"));
    description->setFocus();
    description->end(false);
    QTest::keyClicks(description, QStringLiteral(" today"));
    QCOMPARE(taxonomy()->model().dimensions[0].description,
             QStringLiteral("What the customer needs help with today"));
    QCOMPARE(taxonomy()->undoStack()->count(), 1);
    QTest::keyClick(description, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(taxonomy()->model().dimensions[0].description,
             QStringLiteral("What the customer needs help with"));
    QCOMPARE(description->text(), QStringLiteral("What the customer needs help with"));
    QVERIFY(!taxonomy()->isModified());
    QTest::keyClick(description, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(description->text(), QStringLiteral("What the customer needs help with today"));
}

namespace {
// How many of the table's rows are entirely in view.
int rowsInView(QTableView *table)
{
    int shown = 0;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->viewport()->rect().contains(table->visualRect(table->model()->index(row, 0))))
            ++shown;
    }
    return shown;
}
} // namespace

void TestDesignWorkspace::theRubricShowsEveryCategoryAndMostCriteria()
{
    // In the window the screenshots use (1400 x 900), with the criterion form under the lists.
    design()->showFile(Project::RubricFile);
    QCoreApplication::processEvents();
    auto *categories = m_window->findChild<QTableView *>(QStringLiteral("categoryTable"));
    auto *criteria = m_window->findChild<QTableView *>(QStringLiteral("criteriaTable"));
    QVERIFY(categories && criteria);
    QCOMPARE(categories->model()->rowCount(), 5);
    QCOMPARE(rowsInView(categories), 5);
    QCOMPARE(criteria->model()->rowCount(), 16);
    QVERIFY2(rowsInView(criteria) >= 10, qPrintable(QString::number(rowsInView(criteria))));
    // Every column of the criteria fits: no scrolling sideways.
    QVERIFY(!criteria->horizontalScrollBar()->isVisible());
    // And the selected criterion's question is on screen below them.
    auto *question = m_window->findChild<QWidget *>(QStringLiteral("criterionQuestion"));
    QVERIFY(question->isVisible());
    QVERIFY(question->visibleRegion().boundingRect().height() == question->height());

    // A category more, and the table grows to show it.
    auto *rubric = static_cast<RubricDocument *>(design()->document(Project::RubricFile));
    QVERIFY(rubric->edit(DesignDocument::EditKind::Structure, QStringLiteral("x"), QString(), [](Rubric &r) {
        RubricCategory extra;
        extra.id = QStringLiteral("tone");
        r.categories.append(extra);
    }));
    QCoreApplication::processEvents();
    QCOMPARE(rowsInView(categories), 6);
}

void TestDesignWorkspace::closingWithUnsavedEditsAsks()
{
    QVERIFY(m_window->close()); // nothing unsaved: no question
    QVERIFY(m_asked.isEmpty());
    m_window->show();
    QVERIFY(taxonomyModel()->setData(taxonomyModel()->indexForPath({0, 0}, TaxonomyTreeModel::WeightColumn),
                                     0.31));

    m_answer = Dialogs::Button::Cancel;
    QVERIFY(!m_window->close());
    QCOMPARE(m_asked.size(), 1);
    QCOMPARE(m_asked[0].details, Project::TaxonomyFile);
    QCOMPARE(m_asked[0].buttons, (QList<Dialogs::Button>{Dialogs::Button::Save, Dialogs::Button::Discard,
                                                         Dialogs::Button::Cancel}));
    QVERIFY(m_window->isVisible());

    m_answer = Dialogs::Button::Save;
    QVERIFY(m_window->close());
    QVERIFY(readBytes(m_project->path(Project::TaxonomyFile)).contains("invoicing:\n        weight: 0.31\n"));
}

void TestDesignWorkspace::switchingProjectWithUnsavedEditsAsks()
{
    TestProject other;
    const QByteArray before = readBytes(m_project->path(Project::TaxonomyFile));
    QVERIFY(taxonomyModel()->setData(taxonomyModel()->indexForPath({0, 0}, TaxonomyTreeModel::WeightColumn),
                                     0.31));
    m_answer = Dialogs::Button::Cancel;
    QVERIFY(!m_window->openProject(other.dir()));
    QCOMPARE(m_window->project()->dir(), m_project->dir());
    QVERIFY(taxonomy()->isModified()); // the edit is still there

    m_answer = Dialogs::Button::Discard;
    QVERIFY(m_window->openProject(other.dir()));
    QCOMPARE(m_window->project()->dir(), other.dir());
    QCOMPARE(readBytes(m_project->path(Project::TaxonomyFile)), before);
    QVERIFY(!taxonomy()->isModified());
    QCOMPARE(m_asked.size(), 2);
}

void TestDesignWorkspace::renderPreviewUsesTheUnsavedTaxonomy()
{
    // With no weight left on "none", every scenario is an edge case, saved or not.
    QVERIFY(taxonomyModel()->setData(taxonomyModel()->indexForPath({4, 0}, TaxonomyTreeModel::WeightColumn),
                                     0.0));
    design()->showFile(PromptTemplate::relativePath(PromptKind::UserSim));
    auto *prompt =
        qobject_cast<PromptEditor *>(design()->editor(PromptTemplate::relativePath(PromptKind::UserSim)));
    for (int i = 0; i < 5; ++i) {
        prompt->findChild<QSpinBox *>(QStringLiteral("renderIndex"))->setValue(i);
        QVERIFY(prompt->renderedText().contains(QStringLiteral("edge_case: ")));
        QVERIFY2(!prompt->renderedText().contains(QStringLiteral("edge_case: none")),
                 qPrintable(prompt->renderedText()));
    }
    QVERIFY(readBytes(m_project->path(Project::TaxonomyFile)).contains("none: {weight: 0.85"));
}

void TestDesignWorkspace::screenshotRendersTheWorkspaceOffscreen()
{
    QTemporaryDir out;
    const QString image = out.filePath(QStringLiteral("design.png"));
    QProcess sift;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"),
               out.filePath(QStringLiteral("config"))); // not the user's recent list
    sift.setProcessEnvironment(env);
    sift.start(QStringLiteral(SIFT_GUI_PATH),
               {QStringLiteral("--project"), m_project->dir(), QStringLiteral("--view"),
                QStringLiteral("design"), QStringLiteral("--file"), Project::RubricFile,
                QStringLiteral("--screenshot"), image});
    QVERIFY(sift.waitForFinished(60000));
    QCOMPARE(sift.exitCode(), 0);
    const QImage shot(image);
    QCOMPARE(shot.size(), QSize(1400, 900));
    // Not a blank image: many distinct colours (text, bars, highlighting).
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 7) {
        for (int x = 0; x < shot.width(); x += 7)
            colours.insert(shot.pixel(x, y));
    }
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
}

void TestDesignWorkspace::promptCountsUseTheModelsTokenizerOnceLoaded()
{
    // Estimates at first; exact counts once the tokenizer named in model-choice.md has loaded in
    // the background.
    auto *judge = qobject_cast<PromptEditor *>(design()->editor(QStringLiteral("config/prompts/judge.md")));
    QVERIFY(judge->countsText().contains(QStringLiteral("(approximate)")));
    QVERIFY(QDir().mkpath(m_project->path(QStringLiteral("tokenizers"))));
    QVERIFY(QFile::copy(QDir(QStringLiteral(SIFT_TOKENIZER_REF_DIR)).filePath(QStringLiteral("cl100k_base.tiktoken")),
                        m_project->path(QStringLiteral("tokenizers/cl100k_base.tiktoken"))));
    QFile choice(m_project->path(Project::ModelChoiceFile));
    QVERIFY(choice.open(QIODevice::ReadOnly));
    QByteArray text = choice.readAll();
    choice.close();
    text.replace("chat_format:", "tokenizer: tokenizers/cl100k_base.tiktoken\nchat_format:");
    QVERIFY(choice.open(QIODevice::WriteOnly | QIODevice::Truncate));
    choice.write(text);
    choice.close();
    QVERIFY(m_window->openProject(m_project->dir()));
    judge = qobject_cast<PromptEditor *>(design()->editor(QStringLiteral("config/prompts/judge.md")));
    QTRY_VERIFY_WITH_TIMEOUT(!judge->countsText().contains(QStringLiteral("(approximate)")), 20000);
    const auto tokenizer = Tokenizer::load(m_project->path(QStringLiteral("tokenizers/cl100k_base.tiktoken")));
    QVERIFY(tokenizer.ok());
    QFile prompt(m_project->path(QStringLiteral("config/prompts/judge.md")));
    QVERIFY(prompt.open(QIODevice::ReadOnly));
    const qint64 expected = tokenizer->count(QString::fromUtf8(prompt.readAll()));
    QVERIFY2(judge->countsText().contains(QLocale().toString(expected) + QStringLiteral(" tokens")), qPrintable(judge->countsText()));
}

QTEST_MAIN(TestDesignWorkspace)
#include "tst_designworkspace.moc"

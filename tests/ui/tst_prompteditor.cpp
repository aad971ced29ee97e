// The prompt editor: {{variables}} highlighted, completed and checked, word and token counts, the
// prompt rendered for a sampled persona and scenario, and the versions in prompt_versions/ with a
// side-by-side diff and an undoable restore.

#include "common/inlineissues.h"
#include "dataset/tokenestimate.h"
#include "design/document/documentsourceview.h"
#include "design/document/promptdocument.h"
#include "design/prompt/prompteditor.h"
#include "design/prompt/prompthistorypanel.h"
#include "design/prompt/versiondifftable.h"
#include "designtesthelpers.h"
#include "generate/sampler.h"
#include "project/project.h"
#include "project/promptversions.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTextBlock>
#include <QTextLayout>
#include <QUndoStack>

using namespace sift;
using namespace sift::testing;

class TestPromptEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void unknownVariableIsAnErrorWhereItIsTyped();
    void variablesAreHighlightedKnownOrUnknown();
    void typingBracesOffersTheKnownVariables();
    void wordAndTokenCounts();
    void variablesListShowsUseAndInserts();
    void renderShowsTheSampledPersonaAndScenario();
    void historyDiffAndUndoableRestore();

private:
    void open(PromptKind kind);
    void moveToEndOfLine(int line);

    std::unique_ptr<TestProject> m_project;
    std::optional<Project> m_loaded;
    std::unique_ptr<PromptDocument> m_document;
    std::unique_ptr<PromptEditor> m_editor;
};

void TestPromptEditor::init()
{
    m_project = std::make_unique<TestProject>();
    auto loaded = Project::load(m_project->dir());
    QVERIFY(loaded.ok());
    m_loaded = std::move(*loaded);
}

void TestPromptEditor::cleanup()
{
    m_editor.reset();
    m_document.reset();
    m_loaded.reset();
    m_project.reset();
}

void TestPromptEditor::open(PromptKind kind)
{
    m_editor.reset();
    m_document = std::make_unique<PromptDocument>(m_project->dir(), kind);
    QVERIFY(m_document->load());
    m_editor = std::make_unique<PromptEditor>(m_document.get(), m_project->dir());
    m_editor->setPreviewInputs([this] {
        PromptPreviewInputs in;
        in.taxonomy = m_loaded->taxonomy;
        in.personas = m_loaded->personas;
        in.rubric = m_loaded->rubric;
        in.systemPrompt = m_loaded->prompts.value(PromptKind::System).text;
        in.productName = m_loaded->manifest.effectiveProductName();
        return in;
    });
    m_editor->resize(1200, 800);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor.get()));
}

void TestPromptEditor::moveToEndOfLine(int line)
{
    auto *source = m_editor->sourceView();
    QTextCursor cursor(source->document()->findBlockByNumber(line - 1));
    cursor.movePosition(QTextCursor::EndOfBlock);
    source->setTextCursor(cursor);
    source->setFocus();
}

void TestPromptEditor::unknownVariableIsAnErrorWhereItIsTyped()
{
    open(PromptKind::Judge);
    QVERIFY(m_document->diagnostics().isEmpty());
    const int line = lineOf(m_document->text(), QStringLiteral("{{transcript}}"));
    moveToEndOfLine(line);
    const int column = m_editor->sourceView()->textCursor().positionInBlock() + 2; // after the space
    QTest::keyClicks(m_editor->sourceView(), QStringLiteral(" {{persona}}"));
    const Diagnostics diagnostics = m_document->diagnostics();
    QCOMPARE(diagnostics.size(), 1);
    QCOMPARE(
        diagnostics.first().toString(),
        QStringLiteral(
            "config/prompts/judge.md:%1:%2: error: unknown variable {{persona}} in the Judge prompt (hint: "
            "variables available here: rubric, safety_criteria, criteria, calibration_examples, transcript, "
            "output_format, product_name)")
            .arg(line)
            .arg(column));
    QVERIFY(m_editor->findChild<InlineIssues *>(QStringLiteral("promptIssues"))
                ->text()
                .contains(QStringLiteral("unknown variable")));
}

namespace {
QTextCharFormat formatAt(const QTextBlock &block, int column)
{
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (column >= range.start && column < range.start + range.length)
            return range.format;
    }
    return {};
}
} // namespace

void TestPromptEditor::variablesAreHighlightedKnownOrUnknown()
{
    open(PromptKind::Judge);
    auto *source = m_editor->sourceView();
    const int line = lineOf(m_document->text(), QStringLiteral("{{transcript}}"));
    const QTextBlock block = source->document()->findBlockByNumber(line - 1);
    const int known = int(block.text().indexOf(QStringLiteral("{{transcript}}")));
    // A variable the judge prompt may use: highlighted, not marked.
    QTRY_COMPARE(formatAt(block, known + 3).foreground().color(), QColor(0x8a, 0x3f, 0xb8));
    QCOMPARE(formatAt(block, known).underlineStyle(), QTextCharFormat::NoUnderline);
    QVERIFY(!source->lineMark(line));

    // One it may not (a user simulator's variable) is an error where it stands, in the text and the gutter.
    moveToEndOfLine(line);
    QTest::keyClicks(source, QStringLiteral(" {{persona}}"));
    const QTextBlock typed = source->document()->findBlockByNumber(line - 1);
    const int unknown = int(typed.text().indexOf(QStringLiteral("{{persona}}")));
    for (const int column : {unknown, unknown + 4, unknown + 10}) {
        const QTextCharFormat format = formatAt(typed, column);
        QCOMPARE(format.foreground().color(), QColor(0xb0, 0x1c, 0x1c));
        QCOMPARE(format.underlineStyle(), QTextCharFormat::WaveUnderline);
    }
    QCOMPARE(formatAt(typed, known + 3).foreground().color(), QColor(0x8a, 0x3f, 0xb8));
    QCOMPARE(source->lineMark(line), std::optional<bool>(true));
}

void TestPromptEditor::typingBracesOffersTheKnownVariables()
{
    open(PromptKind::UserSim);
    moveToEndOfLine(1);
    auto *source = m_editor->sourceView();
    QTest::keyClicks(source, QStringLiteral(" {{"));
    QCompleter *completer = source->completer();
    QVERIFY(completer);
    QVERIFY(completer->popup()->isVisible());
    QCOMPARE(completer->completionCount(), int(PromptTemplate::knownVariables(PromptKind::UserSim).size()));
    QTest::keyClicks(source, QStringLiteral("sce"));
    QCOMPARE(completer->completionCount(), 1);
    QCOMPARE(completer->currentCompletion(), QStringLiteral("scenario"));
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QVERIFY(source->document()->findBlockByNumber(0).text().endsWith(QStringLiteral(" {{scenario}}")));
    QVERIFY(m_document->diagnostics().isEmpty());
}

void TestPromptEditor::wordAndTokenCounts()
{
    open(PromptKind::System);
    const QString text = m_document->text();
    const QLocale locale;
    QCOMPARE(m_editor->countsText(), QStringLiteral("%1 words  ·  ≈ %2 tokens (approximate)")
                                         .arg(locale.toString(TokenEstimate::words(text)))
                                         .arg(locale.toString(TokenEstimate::approximateTokens(text))));
    // With the model's tokenizer plugged in, its count replaces the estimate.
    QString counted;
    m_editor->setTokenCounter([&](const QString &t) -> std::optional<int> {
        counted = t;
        return 1234;
    });
    QCOMPARE(counted, text);
    QVERIFY(m_editor->countsText().endsWith(QStringLiteral("%1 tokens").arg(locale.toString(1234))));
    // A counter that cannot count falls back to the estimate.
    m_editor->setTokenCounter([](const QString &) { return std::optional<int>(); });
    QVERIFY(m_editor->countsText().contains(QStringLiteral("(approximate)")));
    moveToEndOfLine(1);
    QTest::keyClicks(m_editor->sourceView(), QStringLiteral(" one two three"));
    QVERIFY(m_editor->countsText().startsWith(
        QStringLiteral("%1 words").arg(locale.toString(TokenEstimate::words(text) + 3))));
}

void TestPromptEditor::variablesListShowsUseAndInserts()
{
    open(PromptKind::Fixup);
    auto *list = m_editor->findChild<QListWidget *>(QStringLiteral("promptVariables"));
    QCOMPARE(list->count(), int(PromptTemplate::knownVariables(PromptKind::Fixup).size()));
    QListWidgetItem *productName = nullptr;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->data(Qt::UserRole).toString() == QLatin1String("product_name"))
            productName = list->item(i);
    }
    QVERIFY(productName);
    const int usedBefore = int(m_document->text().count(QStringLiteral("{{product_name}}")));
    moveToEndOfLine(1);
    Q_EMIT list->itemActivated(productName);
    QCOMPARE(int(m_document->text().count(QStringLiteral("{{product_name}}"))), usedBefore + 1);
    QVERIFY(m_document->text().split(QLatin1Char('\n')).first().endsWith(QStringLiteral("{{product_name}}")));
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->data(Qt::UserRole).toString() == QLatin1String("product_name"))
            QVERIFY2(list->item(i)->text().contains(QStringLiteral("used %1 time(s)").arg(usedBefore + 1)),
                     qPrintable(list->item(i)->text()));
    }
    QCOMPARE(m_document->undoStack()->count(), 1);
}

void TestPromptEditor::renderShowsTheSampledPersonaAndScenario()
{
    open(PromptKind::UserSim);
    auto *seed = m_editor->findChild<QSpinBox *>(QStringLiteral("renderSeed"));
    auto *index = m_editor->findChild<QSpinBox *>(QStringLiteral("renderIndex"));
    seed->setValue(9);
    index->setValue(4);
    const QString rendered = m_editor->renderedText();
    QVERIFY2(rendered.contains(ScenarioSampler(m_loaded->taxonomy, 9).sample(4).describe()),
             qPrintable(rendered));
    QVERIFY(rendered.contains(PersonaSampler(m_loaded->personas, 9).sample(4).describe()));
    QVERIFY(!rendered.contains(QStringLiteral("{{")));
    index->setValue(5);
    const QString other = m_editor->renderedText();
    index->setValue(4);
    QCOMPARE(m_editor->renderedText(), rendered);
    QVERIFY(other != rendered);
    // The preview follows edits of the prompt at once.
    moveToEndOfLine(1);
    QTest::keyClicks(m_editor->sourceView(), QStringLiteral(" Stay polite."));
    QVERIFY(
        m_editor->renderedText().split(QLatin1Char('\n')).first().endsWith(QStringLiteral("Stay polite.")));
}

void TestPromptEditor::historyDiffAndUndoableRestore()
{
    // Two recorded versions of the judge prompt: the bundled one, then one with a line changed.
    const QString judgeFile = m_project->path(PromptTemplate::relativePath(PromptKind::Judge));
    const QByteArray first = readBytes(judgeFile);
    PromptVersions versions(m_project->dir());
    const auto v1 = versions.record(QDateTime(QDate(2026, 1, 5), QTime(9, 0), Qt::UTC));
    QVERIFY(v1.ok());
    QByteArray second = first;
    second.replace("Judge only what is in the transcript.",
                   "Judge only what is in the transcript, strictly.");
    QVERIFY(second != first);
    QVERIFY(writeBytes(judgeFile, second));
    const auto v2 = versions.record(QDateTime(QDate(2026, 1, 6), QTime(9, 0), Qt::UTC));
    QVERIFY(v2.ok());

    open(PromptKind::Judge);
    PromptHistoryPanel *history = m_editor->historyPanel();
    QCOMPARE(history->versions().size(), 2);
    auto *list = history->findChild<QListWidget *>(QStringLiteral("promptVersions"));
    QCOMPARE(list->item(0)->data(Qt::UserRole).toString(), v2->id); // newest first
    QVERIFY(!history->findChild<QPushButton *>(QStringLiteral("restoreVersion"))->isEnabled()); // same as now

    history->selectVersion(v1->id);
    const QList<DiffRow> &rows = history->diffTable()->rows();
    QCOMPARE(LineDiff::changedRows(rows), 1);
    const int line =
        lineOf(QString::fromUtf8(first), QStringLiteral("Judge only what is in the transcript."));
    bool found = false;
    for (const DiffRow &row : rows) {
        if (row.kind == DiffRow::Kind::Changed) {
            found = true;
            QCOMPARE(row.leftLine, line);
            QCOMPARE(row.rightLine, line);
            QVERIFY(row.left.contains(QStringLiteral("in the transcript.")));
            QVERIFY(row.right.contains(QStringLiteral("in the transcript, strictly.")));
        }
    }
    QVERIFY(found);
    QVERIFY(history->findChild<QLabel *>(QStringLiteral("versionSummary"))
                ->text()
                .contains(QStringLiteral("1 line(s) differ")));

    auto *restore = history->findChild<QPushButton *>(QStringLiteral("restoreVersion"));
    QVERIFY(restore->isEnabled());
    restore->click();
    QCOMPARE(m_document->text().toUtf8(), first);
    QVERIFY(m_document->isModified());
    QCOMPARE(m_document->undoStack()->count(), 1);
    QCOMPARE(m_document->undoStack()->undoText(), QStringLiteral("Restore version %1").arg(v1->id));
    QCOMPARE(LineDiff::changedRows(history->diffTable()->rows()), 0);
    m_document->undoStack()->undo();
    QCOMPARE(m_document->text().toUtf8(), second);
    QVERIFY(!m_document->isModified());
}

QTEST_MAIN(TestPromptEditor)
#include "tst_prompteditor.moc"

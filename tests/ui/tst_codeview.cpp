// The source views' building blocks: the highlighting of YAML keys and comments, Markdown headings and
// {{variables}} (known and unknown), and the gutter of CodeView with its line numbers and the marks of
// the lines a finding points at.

#include "common/codeview.h"
#include "common/designhighlighter.h"
#include "common/inlineissues.h"

#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace sift;

namespace {

// The format the highlighter gave the character at `column` (0-based) of line `line` (0-based).
QTextCharFormat formatAt(const QTextDocument &document, int line, int column)
{
    const QTextBlock block = document.findBlockByNumber(line);
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (column >= range.start && column < range.start + range.length)
            return range.format;
    }
    return {};
}

int columnOf(const QTextDocument &document, int line, const QString &needle)
{
    return int(document.findBlockByNumber(line).text().indexOf(needle));
}

const QColor keyColour(0x1f, 0x4e, 0x9a);
const QColor commentColour(0x6a, 0x73, 0x7d);
const QColor variableColour(0x8a, 0x3f, 0xb8);
const QColor unknownColour(0xb0, 0x1c, 0x1c);

} // namespace

class TestCodeView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void yamlKeysAndCommentsAreHighlightedValuesAreNot();
    void markdownHeadingsAndVariablesKnownOrNot();
    void theGutterWidthFollowsTheLineCount();
    void findingsAreMarkedInTheGutterByLine();
};

void TestCodeView::yamlKeysAndCommentsAreHighlightedValuesAreNot()
{
    QTextDocument document;
    document.setPlainText(QStringLiteral("# What customers ask about\n"
                                         "edge_case_target: 0.15   # about one in seven\n"
                                         "  - id: vague\n"
                                         "    description: \"Says # of invoices\"\n"));
    DesignHighlighter highlighter(&document, true);
    highlighter.rehighlight();

    const QTextCharFormat wholeLine = formatAt(document, 0, 5);
    QCOMPARE(wholeLine.foreground().color(), commentColour);
    QVERIFY(wholeLine.fontItalic());

    const QTextCharFormat key = formatAt(document, 1, 3);
    QCOMPARE(key.foreground().color(), keyColour);
    QCOMPARE(key.fontWeight(), int(QFont::DemiBold));
    // The value keeps the plain format; the comment after it is a comment.
    const QTextCharFormat value = formatAt(document, 1, columnOf(document, 1, QStringLiteral("0.15")));
    QVERIFY(!value.hasProperty(QTextFormat::ForegroundBrush));
    QCOMPARE(formatAt(document, 1, columnOf(document, 1, QStringLiteral("about"))).foreground().color(), commentColour);

    // A key inside a list item, and a '#' inside quotes that is text, not a comment.
    QCOMPARE(formatAt(document, 2, columnOf(document, 2, QStringLiteral("id"))).foreground().color(), keyColour);
    QVERIFY(!formatAt(document, 2, columnOf(document, 2, QStringLiteral("vague"))).hasProperty(QTextFormat::ForegroundBrush));
    QVERIFY(!formatAt(document, 3, columnOf(document, 3, QStringLiteral("# of"))).hasProperty(QTextFormat::ForegroundBrush));
}

void TestCodeView::markdownHeadingsAndVariablesKnownOrNot()
{
    QTextDocument document;
    document.setPlainText(QStringLiteral("# Judge\n"
                                         "Read {{transcript}} and then {{ persona }}.\n"
                                         "key: not a key in Markdown\n"));
    DesignHighlighter highlighter(&document, false);
    highlighter.rehighlight();

    const QTextCharFormat heading = formatAt(document, 0, 2);
    QCOMPARE(heading.foreground().color(), QColor(0x0b, 0x5a, 0x3c));
    QCOMPARE(heading.fontWeight(), int(QFont::Bold));
    QVERIFY(!formatAt(document, 2, 0).hasProperty(QTextFormat::ForegroundBrush));

    // Without a list of known variables, every {{variable}} is highlighted as one.
    const int transcript = columnOf(document, 1, QStringLiteral("{{transcript}}"));
    const int persona = columnOf(document, 1, QStringLiteral("{{ persona }}"));
    for (const int column : {transcript, transcript + 13, persona, persona + 12}) {
        QCOMPARE(formatAt(document, 1, column).foreground().color(), variableColour);
        QCOMPARE(formatAt(document, 1, column).underlineStyle(), QTextCharFormat::NoUnderline);
    }
    QVERIFY(!formatAt(document, 1, transcript - 1).hasProperty(QTextFormat::ForegroundBrush));

    // With one, an unknown variable is an error: red with a wavy underline, from brace to brace.
    highlighter.setKnownVariables(QStringList{QStringLiteral("transcript")});
    QCOMPARE(formatAt(document, 1, transcript + 2).foreground().color(), variableColour);
    for (const int column : {persona, persona + 5, persona + 12}) {
        const QTextCharFormat unknown = formatAt(document, 1, column);
        QCOMPARE(unknown.foreground().color(), unknownColour);
        QCOMPARE(unknown.underlineStyle(), QTextCharFormat::WaveUnderline);
    }
    QVERIFY(!formatAt(document, 1, persona + 13).hasProperty(QTextFormat::ForegroundBrush));
}

void TestCodeView::theGutterWidthFollowsTheLineCount()
{
    CodeView view;
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *gutter = view.findChild<QWidget *>(QStringLiteral("lineNumbers"));
    QVERIFY(gutter);
    const int digit = view.fontMetrics().horizontalAdvance(QLatin1Char('9'));

    view.setPlainText(QStringLiteral("a\nb\nc\n"));
    const int small = view.lineNumberAreaWidth();
    QCOMPARE(small, 12 + 3 * digit);  // room for three digits at least
    QCOMPARE(gutter->width(), small);
    QCOMPARE(gutter->geometry().right() + 1, view.viewport()->geometry().left());  // the text starts where it ends

    // Growing past 999 lines by typing, not by resizing the view: the gutter widens with the margin
    // (the viewport's resize reaches CodeView::resizeEvent, which sizes the gutter).
    QString lines;
    for (int i = 1; i < 995; ++i)
        lines += QStringLiteral("line %1\n").arg(i);
    view.setPlainText(lines);
    QCOMPARE(view.lineNumberAreaWidth(), small);
    QCOMPARE(gutter->width(), small);
    view.moveCursor(QTextCursor::End);
    view.insertPlainText(QStringLiteral("a\nb\nc\nd\ne\nf\ng\n"));
    QCOMPARE(view.document()->blockCount(), 1002);
    const int wide = view.lineNumberAreaWidth();
    QCOMPARE(wide, 12 + 4 * digit);
    QCOMPARE(gutter->width(), wide);
    QCOMPARE(gutter->geometry().right() + 1, view.viewport()->geometry().left());

    view.setPlainText(QStringLiteral("one line"));
    QCOMPARE(gutter->width(), small);
}

void TestCodeView::findingsAreMarkedInTheGutterByLine()
{
    CodeView view;
    view.resize(600, 400);
    view.setPlainText(QStringLiteral("a: 1\nb: 2\nc: -3\nd: 4\ne: x\n"));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setDiagnostics({Diagnostic::warning(QStringLiteral("f.yaml"), 5, 4, QStringLiteral("odd value")),
                         Diagnostic::error(QStringLiteral("f.yaml"), 3, 4, QStringLiteral("negative"))});
    QCOMPARE(view.lineMark(3), std::optional<bool>(true));
    QCOMPARE(view.lineMark(5), std::optional<bool>(false));
    QVERIFY(!view.lineMark(4));
    // An error and a warning on one line: the line counts as an error.
    view.setDiagnostics({Diagnostic::warning(QStringLiteral("f.yaml"), 2, 1, QStringLiteral("w")),
                         Diagnostic::error(QStringLiteral("f.yaml"), 2, 1, QStringLiteral("e"))});
    QCOMPARE(view.lineMark(2), std::optional<bool>(true));
    QVERIFY(!view.lineMark(3));

    // The mark is painted at the left edge of the gutter, beside its line only.
    view.setDiagnostics({Diagnostic::error(QStringLiteral("f.yaml"), 3, 4, QStringLiteral("negative"))});
    auto *gutter = view.findChild<QWidget *>(QStringLiteral("lineNumbers"));
    const QImage image = gutter->grab().toImage();
    // The gutter and the text area start at the same height, so a line's cursor is level with its number.
    const auto rowMiddle = [&](int line) {
        return view.cursorRect(QTextCursor(view.document()->findBlockByNumber(line - 1))).center().y();
    };
    const QRgb red = InlineIssues::colour(true).rgb();
    QCOMPARE(image.pixel(1, rowMiddle(3)), red);
    QVERIFY(image.pixel(1, rowMiddle(2)) != red);
    QVERIFY(image.pixel(1, rowMiddle(4)) != red);
}

QTEST_MAIN(TestCodeView)
#include "tst_codeview.moc"

#include "codeview.h"

#include <QPainter>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextBlock>

namespace sift {

// The gutter that paints line numbers for a CodeView.
class LineNumberArea : public QWidget
{
public:
    explicit LineNumberArea(CodeView *view) : QWidget(view), m_view(view) {}
    QSize sizeHint() const override { return {m_view->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_view->paintLineNumbers(event); }

private:
    CodeView *m_view;
};

namespace {

// Colours keys, comments and {{variables}}; enough to read a file, not a full YAML grammar.
class DesignHighlighter : public QSyntaxHighlighter
{
public:
    DesignHighlighter(QTextDocument *doc, bool yaml) : QSyntaxHighlighter(doc), m_yaml(yaml)
    {
        m_key.setForeground(QColor(0x1f, 0x4e, 0x9a));
        m_key.setFontWeight(QFont::DemiBold);
        m_comment.setForeground(QColor(0x6a, 0x73, 0x7d));
        m_comment.setFontItalic(true);
        m_variable.setForeground(QColor(0x8a, 0x3f, 0xb8));
        m_variable.setFontWeight(QFont::Bold);
        m_heading.setForeground(QColor(0x0b, 0x5a, 0x3c));
        m_heading.setFontWeight(QFont::Bold);
    }

protected:
    void highlightBlock(const QString &text) override
    {
        static const QRegularExpression key(QStringLiteral("^\\s*(-\\s+)?([A-Za-z0-9_./-]+)\\s*:(\\s|$)"));
        static const QRegularExpression variable(QStringLiteral("\\{\\{[^{}\\n]*\\}\\}"));
        if (m_yaml) {
            const auto k = key.match(text);
            if (k.hasMatch())
                setFormat(k.capturedStart(2), k.capturedLength(2), m_key);
            const qsizetype hash = text.indexOf(QStringLiteral(" #"));
            if (text.trimmed().startsWith(QLatin1Char('#')))
                setFormat(0, text.size(), m_comment);
            else if (hash >= 0 && !text.left(hash).contains(QLatin1Char('"')))
                setFormat(hash + 1, text.size() - hash - 1, m_comment);
        } else if (text.startsWith(QLatin1Char('#'))) {
            setFormat(0, text.size(), m_heading);
        }
        auto it = variable.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            setFormat(m.capturedStart(), m.capturedLength(), m_variable);
        }
    }

private:
    bool m_yaml;
    QTextCharFormat m_key, m_comment, m_variable, m_heading;
};

} // namespace

CodeView::CodeView(QWidget *parent) : QPlainTextEdit(parent), m_lineNumbers(new LineNumberArea(this))
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    setFont(mono);
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(lineNumberAreaWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, &CodeView::updateLineNumberArea);
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void CodeView::setSyntax(const QString &fileName)
{
    delete m_highlighter;
    m_highlighter = new DesignHighlighter(document(), fileName.endsWith(QLatin1String(".yaml")));
}

int CodeView::lineNumberAreaWidth() const
{
    const int digits = QString::number(std::max(1, blockCount())).size();
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(3, digits);
}

void CodeView::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_lineNumbers->setGeometry(QRect(cr.left(), cr.top(), lineNumberAreaWidth(), cr.height()));
}

void CodeView::updateLineNumberArea(const QRect &rect, int dy)
{
    if (dy)
        m_lineNumbers->scroll(0, dy);
    else
        m_lineNumbers->update(0, rect.y(), m_lineNumbers->width(), rect.height());
}

void CodeView::paintLineNumbers(QPaintEvent *event)
{
    QPainter painter(m_lineNumbers);
    painter.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    const int current = textCursor().blockNumber();
    while (block.isValid() && top <= event->rect().bottom()) {
        const int bottom = top + qRound(blockBoundingRect(block).height());
        if (block.isVisible() && bottom >= event->rect().top()) {
            painter.setPen(block.blockNumber() == current ? palette().color(QPalette::Text)
                                                          : palette().color(QPalette::PlaceholderText));
            painter.drawText(0, top, m_lineNumbers->width() - 6, fontMetrics().height(), Qt::AlignRight,
                             QString::number(block.blockNumber() + 1));
        }
        block = block.next();
        top = bottom;
    }
}

void CodeView::goTo(int line, int column)
{
    const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::clamp(column - 1, 0, block.length() - 1));
    setTextCursor(cursor);
    QTextEdit::ExtraSelection mark;
    mark.format.setBackground(QColor(0xff, 0xe8, 0xa3));
    mark.format.setProperty(QTextFormat::FullWidthSelection, true);
    mark.cursor = cursor;
    setExtraSelections({mark});
    centerCursor();
    setFocus();
}

} // namespace sift

#include "codeview.h"

#include "designhighlighter.h"
#include "inlineissues.h"

#include <QPainter>
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

CodeView::CodeView(QWidget *parent) : QPlainTextEdit(parent), m_lineNumbers(new LineNumberArea(this))
{
    m_lineNumbers->setObjectName(QStringLiteral("lineNumbers"));
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

void CodeView::setKnownVariables(const std::optional<QStringList> &variables)
{
    if (m_highlighter)
        m_highlighter->setKnownVariables(variables);
}

void CodeView::setDiagnostics(const Diagnostics &diagnostics)
{
    m_diagnosticMarks.clear();
    m_diagnosticLines.clear();
    for (const Diagnostic &d : diagnostics) {
        const QTextBlock block = document()->findBlockByNumber(std::max(0, d.line - 1));
        if (d.line <= 0 || !block.isValid())
            continue;
        const QColor colour = InlineIssues::colour(d.isError());
        QTextEdit::ExtraSelection mark;
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(colour);
        mark.format.setToolTip(d.hint.isEmpty() ? d.message : QStringLiteral("%1 — %2").arg(d.message, d.hint));
        QTextCursor cursor(block);
        // From the column to the end of the line: the part of the line the finding is about.
        cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::clamp(d.column - 1, 0, block.length() - 1));
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        if (!cursor.hasSelection()) {
            cursor.movePosition(QTextCursor::StartOfBlock);
            cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        }
        mark.cursor = cursor;
        m_diagnosticMarks.append(mark);
        const bool error = d.isError() || m_diagnosticLines.value(d.line, false);
        m_diagnosticLines.insert(d.line, error);
    }
    updateExtraSelections();
    m_lineNumbers->update();
}

void CodeView::updateExtraSelections()
{
    QList<QTextEdit::ExtraSelection> all = m_diagnosticMarks;
    if (m_currentMark)
        all.prepend(*m_currentMark);
    setExtraSelections(all);
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

std::optional<bool> CodeView::lineMark(int line) const
{
    const auto it = m_diagnosticLines.constFind(line);
    return it == m_diagnosticLines.constEnd() ? std::nullopt : std::optional<bool>(*it);
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
            const auto finding = m_diagnosticLines.constFind(block.blockNumber() + 1);
            if (finding != m_diagnosticLines.constEnd())
                painter.fillRect(0, top, 3, bottom - top, InlineIssues::colour(*finding));
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
    m_currentMark = mark;
    updateExtraSelections();
    centerCursor();
    setFocus();
}

} // namespace sift

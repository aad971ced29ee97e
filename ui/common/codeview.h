#pragma once

#include <QPlainTextEdit>

class QSyntaxHighlighter;

namespace sift {

// A plain-text view of a YAML or Markdown file with line numbers, able to jump to and mark a
// line:column (where a diagnostic points).
class CodeView : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit CodeView(QWidget *parent = nullptr);

    void setSyntax(const QString &fileName);
    void goTo(int line, int column);
    int lineNumberAreaWidth() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    friend class LineNumberArea;
    void paintLineNumbers(QPaintEvent *event);
    void updateLineNumberArea(const QRect &rect, int dy);

    QWidget *m_lineNumbers;
    QSyntaxHighlighter *m_highlighter = nullptr;
};

} // namespace sift

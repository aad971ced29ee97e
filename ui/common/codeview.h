#pragma once

#include "common/diagnostic.h"

#include <QHash>
#include <QPlainTextEdit>
#include <optional>

namespace sift {

class DesignHighlighter;

// A plain-text view of a YAML or Markdown file with line numbers, able to jump to and mark a
// line:column (where a diagnostic points) and to underline every line a diagnostic names.
class CodeView : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit CodeView(QWidget *parent = nullptr);

    void setSyntax(const QString &fileName);
    // For prompts: the {{variables}} the text may use; others are highlighted as errors.
    void setKnownVariables(const std::optional<QStringList> &variables);
    // Underlines where each diagnostic points and marks its line in the gutter.
    void setDiagnostics(const Diagnostics &diagnostics);
    void goTo(int line, int column);
    int lineNumberAreaWidth() const;
    // How the gutter marks a 1-based line: true for an error, false for warnings only, nullopt for
    // no finding.
    std::optional<bool> lineMark(int line) const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    friend class LineNumberArea;
    void paintLineNumbers(QPaintEvent *event);
    void updateLineNumberArea(const QRect &rect, int dy);
    void updateExtraSelections();

    QWidget *m_lineNumbers;
    DesignHighlighter *m_highlighter = nullptr;
    QList<QTextEdit::ExtraSelection> m_diagnosticMarks;
    std::optional<QTextEdit::ExtraSelection> m_currentMark;
    QHash<int, bool> m_diagnosticLines;  // line -> has an error (else warnings only)
};

} // namespace sift

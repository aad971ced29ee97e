#pragma once

#include <QStringList>
#include <QSyntaxHighlighter>
#include <optional>

namespace sift {

// Colours keys and comments of YAML, headings of Markdown, and {{variables}}: known variables in
// one colour, unknown ones underlined as errors. Enough to read a file, not a full grammar.
class DesignHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    DesignHighlighter(QTextDocument *document, bool yaml);
    // The variables this text may use; without a list every {{variable}} counts as known.
    void setKnownVariables(const std::optional<QStringList> &variables);

protected:
    void highlightBlock(const QString &text) override;

private:
    bool m_yaml;
    std::optional<QStringList> m_known;
    QTextCharFormat m_key, m_comment, m_variable, m_unknownVariable, m_heading;
};

} // namespace sift

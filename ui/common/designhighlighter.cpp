#include "designhighlighter.h"

#include <QRegularExpression>

namespace sift {

DesignHighlighter::DesignHighlighter(QTextDocument *document, bool yaml)
    : QSyntaxHighlighter(document), m_yaml(yaml)
{
    m_key.setForeground(QColor(0x1f, 0x4e, 0x9a));
    m_key.setFontWeight(QFont::DemiBold);
    m_comment.setForeground(QColor(0x6a, 0x73, 0x7d));
    m_comment.setFontItalic(true);
    m_variable.setForeground(QColor(0x8a, 0x3f, 0xb8));
    m_variable.setFontWeight(QFont::Bold);
    m_unknownVariable.setForeground(QColor(0xb0, 0x1c, 0x1c));
    m_unknownVariable.setFontWeight(QFont::Bold);
    m_unknownVariable.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    m_unknownVariable.setUnderlineColor(QColor(0xb0, 0x1c, 0x1c));
    m_heading.setForeground(QColor(0x0b, 0x5a, 0x3c));
    m_heading.setFontWeight(QFont::Bold);
}

void DesignHighlighter::setKnownVariables(const std::optional<QStringList> &variables)
{
    if (m_known == variables)
        return;
    m_known = variables;
    rehighlight();
}

void DesignHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression key(QStringLiteral("^\\s*(-\\s+)?([A-Za-z0-9_./-]+)\\s*:(\\s|$)"));
    static const QRegularExpression variable(QStringLiteral("\\{\\{\\s*([^{}\\n]*?)\\s*\\}\\}"));
    if (m_yaml) {
        const auto k = key.match(text);
        if (k.hasMatch())
            setFormat(int(k.capturedStart(2)), int(k.capturedLength(2)), m_key);
        const qsizetype hash = text.indexOf(QStringLiteral(" #"));
        if (text.trimmed().startsWith(QLatin1Char('#')))
            setFormat(0, int(text.size()), m_comment);
        else if (hash >= 0 && !text.left(hash).contains(QLatin1Char('"')))
            setFormat(int(hash + 1), int(text.size() - hash - 1), m_comment);
    } else if (text.startsWith(QLatin1Char('#'))) {
        setFormat(0, int(text.size()), m_heading);
    }
    auto it = variable.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const bool known = !m_known || m_known->contains(m.captured(1));
        setFormat(int(m.capturedStart()), int(m.capturedLength()), known ? m_variable : m_unknownVariable);
    }
}

} // namespace sift

#include "diagnostic.h"

#include <algorithm>

namespace sift {

Diagnostic Diagnostic::error(QString file, int line, int column, QString message, QString hint)
{
    return {Severity::Error, std::move(file), line, column, std::move(message), std::move(hint)};
}

Diagnostic Diagnostic::warning(QString file, int line, int column, QString message, QString hint)
{
    return {Severity::Warning, std::move(file), line, column, std::move(message), std::move(hint)};
}

QString Diagnostic::toString() const
{
    QString text = QStringLiteral("%1:%2:%3: %4: %5")
                       .arg(file)
                       .arg(line)
                       .arg(column)
                       .arg(severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning"),
                            message);
    if (!hint.isEmpty())
        text += QStringLiteral(" (hint: %1)").arg(hint);
    return text;
}

bool hasErrors(const Diagnostics &diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic &d) { return d.isError(); });
}

int errorCount(const Diagnostics &diagnostics)
{
    return int(std::count_if(diagnostics.begin(), diagnostics.end(),
                             [](const Diagnostic &d) { return d.isError(); }));
}

Diagnostics diagnosticsBetween(const Diagnostics &diagnostics, int firstLine, int endLine)
{
    Diagnostics out;
    for (const Diagnostic &d : diagnostics) {
        if (d.line >= firstLine && (endLine <= 0 || d.line < endLine))
            out.append(d);
    }
    return out;
}

} // namespace sift

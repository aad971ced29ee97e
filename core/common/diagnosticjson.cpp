#include "diagnosticjson.h"

namespace sift {

QJsonObject toJson(const Diagnostic &d)
{
    return QJsonObject{
        {QStringLiteral("severity"), d.isError() ? QStringLiteral("error") : QStringLiteral("warning")},
        {QStringLiteral("file"), d.file},
        {QStringLiteral("line"), d.line},
        {QStringLiteral("column"), d.column},
        {QStringLiteral("message"), d.message},
        {QStringLiteral("hint"), d.hint},
    };
}

QJsonArray toJson(const Diagnostics &diagnostics)
{
    QJsonArray out;
    for (const Diagnostic &d : diagnostics)
        out.append(toJson(d));
    return out;
}

} // namespace sift

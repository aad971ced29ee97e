#include "datasetselection.h"

#include <QCoreApplication>

namespace sift::selection {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::DatasetSelection", text);
}
} // namespace

QStringList includeNames()
{
    return {QStringLiteral("passed"), QStringLiteral("all")};
}

std::optional<IncludeMode> includeFromName(const QString &name)
{
    if (name == QLatin1String("passed"))
        return IncludeMode::Passed;
    if (name == QLatin1String("all"))
        return IncludeMode::All;
    return std::nullopt;
}

QString includeName(IncludeMode mode)
{
    return mode == IncludeMode::Passed ? QStringLiteral("passed") : QStringLiteral("all");
}

QString exclusion(const DatasetTranscript &t, IncludeMode mode)
{
    if (t.humanRejected)
        return tr("rejected by a reviewer");
    if (!t.rejected.isEmpty())
        return tr("rejected");
    if (t.source == QLatin1String("sample"))
        return tr("bundled sample (an illustration, not training data)");
    if (t.status == QLatin1String("generating") || t.status == QLatin1String("ending") || t.status == QLatin1String("failed"))
        return tr("generation did not finish");
    if (mode == IncludeMode::All)
        return {};
    if (t.assessment == QLatin1String("invalid"))
        return tr("assessment invalid");
    if (t.passed < 0)
        return tr("not assessed");
    if (t.passed == 0)
        return tr("did not pass");
    return {};
}

} // namespace sift::selection

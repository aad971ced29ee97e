#include "datasetsplit.h"

#include "project/manifest.h"
#include "xxhash64.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace sift {

namespace {
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("sift::DatasetSplit", text, disambiguation, n);
}

bool byPersona(const SplitSettings &settings)
{
    return settings.groupBy.contains(QStringLiteral("persona"));
}

struct Group
{
    QString key;
    quint64 hash = 0;
    QStringList members;
};
} // namespace

DatasetSplit::Assignment DatasetSplit::assign(const QList<ExampleOrigin> &transcripts, const SplitSettings &settings, quint64 seed)
{
    const bool persona = byPersona(settings);
    QHash<QString, qsizetype> index;
    QList<Group> groups;
    for (const ExampleOrigin &t : transcripts) {
        const QString key = persona && !t.persona.isEmpty() ? QStringLiteral("persona\n") + t.persona
                                                            : QStringLiteral("transcript\n") + t.transcript;
        auto it = index.constFind(key);
        if (it == index.constEnd()) {
            it = index.insert(key, groups.size());
            groups.append({key, xxHash64(key, seed), {}});
        }
        groups[*it].members.append(t.transcript);
    }
    std::sort(groups.begin(), groups.end(), [](const Group &a, const Group &b) {
        return a.hash != b.hash ? a.hash < b.hash : a.key < b.key;
    });

    Assignment r;
    r.groups = int(groups.size());
    const qsizetype total = transcripts.size();
    const qsizetype target = qsizetype(std::llround(settings.validationShare * double(total)));
    QList<bool> validation(groups.size(), false);
    qsizetype taken = 0;
    // Fill validation from below, skipping a group that would overshoot the share: a persona with many
    // transcripts does not drag the split far from the ratio asked for.
    for (qsizetype g = 0; g < groups.size() && taken < target; ++g) {
        if (taken + groups[g].members.size() <= target) {
            validation[g] = true;
            taken += groups[g].members.size();
        }
    }
    // Every group bigger than the share: still validate on one (the first in hash order that leaves
    // training data), rather than on nothing.
    if (taken == 0 && target > 0 && groups.size() > 1) {
        for (qsizetype g = 0; g < groups.size(); ++g) {
            if (groups[g].members.size() < total) {
                validation[g] = true;
                break;
            }
        }
    }
    for (qsizetype g = 0; g < groups.size(); ++g) {
        const SplitSide side = validation[g] ? SplitSide::Validation : SplitSide::Train;
        for (const QString &uid : std::as_const(groups[g].members))
            r.sides.insert(uid, side);
        if (validation[g]) {
            ++r.validationGroups;
            r.validationTranscripts += int(groups[g].members.size());
        } else {
            r.trainTranscripts += int(groups[g].members.size());
        }
    }
    return r;
}

QString DatasetSplit::describe(const SplitSettings &settings, quint64 seed)
{
    return tr("group split by %1 before slicing; validation share %2; groups ordered by xxHash64 with seed %3")
        .arg(settings.groupBy.join(QStringLiteral(" + ")))
        .arg(settings.validationShare)
        .arg(seed);
}

QString LeakageReport::summary() const
{
    if (ok())
        return checkedPersonas ? tr("passed: no transcript and no persona on both sides")
                               : tr("passed: no transcript on both sides");
    QStringList parts;
    if (!transcripts.isEmpty())
        parts.append(tr("%n transcript(s) on both sides (%1)", nullptr, int(transcripts.size()))
                         .arg(transcripts.mid(0, 5).join(QStringLiteral(", "))));
    if (!personas.isEmpty())
        parts.append(tr("%n persona(s) on both sides (%1)", nullptr, int(personas.size()))
                         .arg(personas.mid(0, 3).join(QStringLiteral(", "))));
    return tr("FAILED: %1").arg(parts.join(QStringLiteral("; ")));
}

LeakageReport checkLeakage(const QList<ExampleOrigin> &train, const QList<ExampleOrigin> &validation, bool byPersona)
{
    LeakageReport report;
    report.checkedPersonas = byPersona;
    QSet<QString> trainTranscripts, trainPersonas;
    for (const ExampleOrigin &o : train) {
        trainTranscripts.insert(o.transcript);
        if (!o.persona.isEmpty())
            trainPersonas.insert(o.persona);
    }
    QSet<QString> seenTranscripts, seenPersonas;
    for (const ExampleOrigin &o : validation) {
        if (trainTranscripts.contains(o.transcript) && !seenTranscripts.contains(o.transcript)) {
            report.transcripts.append(o.transcript);
            seenTranscripts.insert(o.transcript);
        }
        if (byPersona && !o.persona.isEmpty() && trainPersonas.contains(o.persona) && !seenPersonas.contains(o.persona)) {
            report.personas.append(o.persona);
            seenPersonas.insert(o.persona);
        }
    }
    return report;
}

} // namespace sift

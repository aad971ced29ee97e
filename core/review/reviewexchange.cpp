#include "reviewexchange.h"

#include "dataset/jsonlimport.h"
#include "reviewstore.h"
#include "store/projectstore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::ReviewExchange", text);
}

QByteArray line(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

const QStringList Answers = {QStringLiteral("YES"), QStringLiteral("NO"), QStringLiteral("NA")};
} // namespace

Result<QByteArray> exportReview(ProjectStore &store)
{
    ReviewStore reviews(store);
    const auto flags = reviews.allFlags();
    if (!flags)
        return Result<QByteArray>::failure(flags.diagnostics());
    QByteArray out;
    for (const CellFlag &f : *flags) {
        QJsonObject o{{QStringLiteral("transcript"), f.transcriptUid},
                      {QStringLiteral("judge"), f.judge},
                      {QStringLiteral("criterion"), f.criterion},
                      {QStringLiteral("flag"), flagKindName(f.kind)},
                      {QStringLiteral("answer"), f.answer}};
        if (!f.note.isEmpty())
            o.insert(QStringLiteral("note"), f.note);
        out += line(o);
    }
    const auto noted = reviews.notedTranscripts();
    if (!noted)
        return Result<QByteArray>::failure(noted.diagnostics());
    const auto notes = reviews.notesOf(*noted);
    if (!notes)
        return Result<QByteArray>::failure(notes.diagnostics());
    for (const QString &uid : *noted) {
        const TranscriptNotes n = notes->value(uid);
        QJsonObject o{{QStringLiteral("transcript"), uid}};
        if (!n.note.isEmpty())
            o.insert(QStringLiteral("note"), n.note);
        if (!n.missingCriterion.isEmpty())
            o.insert(QStringLiteral("missing_criterion"), n.missingCriterion);
        if (n.rejected)
            o.insert(QStringLiteral("rejected"), *n.rejected);
        out += line(o);
    }
    return out;
}

Result<ReviewImportCounts> importReview(ProjectStore &store, const QString &path)
{
    const auto bytes = readJsonlFile(path);
    if (!bytes)
        return Result<ReviewImportCounts>::failure(bytes.diagnostics());
    Diagnostics diags;
    QList<CellFlag> flags;
    QList<std::pair<QString, TranscriptNotes>> notes;
    forEachJsonlObject(*bytes, path, diags, [&](const QJsonObject &o, int lineNumber) {
        auto bad = [&](const QString &message, const QString &hint) {
            diags.append(Diagnostic::error(path, lineNumber, 1, message, hint));
        };
        const QString uid = o.value(QStringLiteral("transcript")).toString();
        if (uid.isEmpty())
            return bad(tr("\"transcript\" is missing"), tr("name the transcript the line is about"));
        if (!store.contains(uid))
            return bad(tr("the project has no transcript %1").arg(uid), tr("import its transcripts first, or leave the line out"));
        if (o.contains(QStringLiteral("flag"))) {
            const auto kind = flagKindFromName(o.value(QStringLiteral("flag")).toString());
            if (!kind)
                return bad(tr("flag \"%1\" is not agree, false_positive or false_negative").arg(o.value(QStringLiteral("flag")).toString()),
                           tr("fix the flag"));
            CellFlag f{uid, o.value(QStringLiteral("judge")).toString(), o.value(QStringLiteral("criterion")).toString(), *kind,
                       o.value(QStringLiteral("answer")).toString(), o.value(QStringLiteral("note")).toString(), {}};
            if (f.judge.isEmpty() || f.criterion.isEmpty())
                return bad(tr("a flag needs \"judge\" and \"criterion\""), tr("name the judge and the criterion the flag is about"));
            if (!Answers.contains(f.answer))
                return bad(tr("\"answer\" is \"%1\"; expected the judge's YES, NO or NA").arg(f.answer),
                           tr("give the answer the flag was about"));
            flags.append(f);
            return;
        }
        TranscriptNotes n;
        n.note = o.value(QStringLiteral("note")).toString();
        n.missingCriterion = o.value(QStringLiteral("missing_criterion")).toString();
        if (o.contains(QStringLiteral("rejected")))
            n.rejected = o.value(QStringLiteral("rejected")).toString();
        notes.append({uid, n});
    });
    if (!diags.isEmpty())
        return Result<ReviewImportCounts>::failure(diags);

    if (const Status s = ReviewStore(store).apply(flags, notes); !s)
        return Result<ReviewImportCounts>::failure(s.diagnostics());
    return ReviewImportCounts{int(flags.size()), int(notes.size())};
}

} // namespace sift

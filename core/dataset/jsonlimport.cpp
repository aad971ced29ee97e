#include "jsonlimport.h"

#include "store/projectstore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::JsonlImport", text);
}

} // namespace

void forEachJsonlObject(const QByteArray &bytes, const QString &file, Diagnostics &diags,
                   const std::function<void(const QJsonObject &, int)> &each)
{
    const QList<QByteArray> lines = bytes.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (i == 0 && line.startsWith("\xEF\xBB\xBF"))
            line = line.mid(3);
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError) {
            diags.append(Diagnostic::error(file, i + 1, error.offset + 1, tr("not valid JSON: %1").arg(error.errorString()),
                                           tr("each line must be one complete JSON object")));
            continue;
        }
        if (!doc.isObject()) {
            diags.append(Diagnostic::error(file, i + 1, 1, tr("the line is JSON but not an object"),
                                           tr("each line must be one JSON object")));
            continue;
        }
        each(doc.object(), i + 1);
    }
}

Result<QByteArray> readJsonlFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Diagnostic::error(path, 0, 0, tr("cannot read %1: %2").arg(path, f.errorString()),
                                 tr("check the path and the file's permissions"));
    return f.readAll();
}

Result<QList<TranscriptRecord>> parseTranscriptsJsonl(const QByteArray &bytes, const QString &file, const QString &source)
{
    Diagnostics diags;
    QList<TranscriptRecord> out;
    QSet<QString> seen;
    forEachJsonlObject(bytes, file, diags, [&](const QJsonObject &o, int line) {
        auto bad = [&](const QString &message, const QString &hint) {
            diags.append(Diagnostic::error(file, line, 1, message, hint));
        };
        const QJsonValue messages = o.value(QStringLiteral("messages"));
        if (!messages.isArray() || messages.toArray().isEmpty())
            return bad(tr("\"messages\" is missing or not a non-empty list"),
                       tr("write {\"messages\": [{\"role\": \"user\", \"content\": \"...\"}, ...]}"));
        TranscriptRecord t;
        t.source = source;
        const QJsonArray array = messages.toArray();
        for (int i = 0; i < array.size(); ++i) {
            const QJsonObject m = array[i].toObject();
            const QString role = m.value(QStringLiteral("role")).toString();
            if (role != QLatin1String("system") && role != QLatin1String("user") && role != QLatin1String("assistant"))
                return bad(tr("message %1 has role \"%2\"; expected system, user or assistant").arg(i + 1).arg(role),
                           tr("fix the role of that message"));
            if (!m.value(QStringLiteral("content")).isString())
                return bad(tr("message %1 has no text content").arg(i + 1), tr("\"content\" must be a string"));
            t.messages.append({role, m.value(QStringLiteral("content")).toString()});
        }
        t.metadata = o.value(QStringLiteral("metadata")).toObject();
        t.persona = t.metadata.value(QStringLiteral("persona")).toObject();
        t.scenario = t.metadata.value(QStringLiteral("scenario")).toObject();
        for (const QJsonValue &perMessage : t.metadata.value(QStringLiteral("flaws")).toArray()) {
            QStringList ids;
            for (const QJsonValue &id : perMessage.toArray())
                ids.append(id.toString());
            t.flaws.append(ids);
        }
        t.uid = t.metadata.value(QStringLiteral("id")).toString();
        if (t.uid.isEmpty()) {
            // A stable id from the conversation itself, so a re-import finds it again.
            QCryptographicHash hash(QCryptographicHash::Sha256);
            hash.addData(QJsonDocument(array).toJson(QJsonDocument::Compact));
            t.uid = QStringLiteral("import-") + QString::fromLatin1(hash.result().toHex().left(16));
        }
        if (seen.contains(t.uid))
            return bad(tr("transcript id %1 appears twice in this file").arg(t.uid), tr("give each conversation its own metadata.id"));
        seen.insert(t.uid);
        out.append(t);
    });
    if (!diags.isEmpty())
        return Result<QList<TranscriptRecord>>::failure(diags);
    return out;
}

Result<QList<VerdictRecord>> parseVerdictsJsonl(const QByteArray &bytes, const QString &file)
{
    Diagnostics diags;
    QList<VerdictRecord> out;
    forEachJsonlObject(bytes, file, diags, [&](const QJsonObject &o, int line) {
        auto bad = [&](const QString &message, const QString &hint) {
            diags.append(Diagnostic::error(file, line, 1, message, hint));
        };
        VerdictRecord v;
        v.transcriptUid = o.value(QStringLiteral("transcript")).toString();
        v.judge = o.value(QStringLiteral("judge")).toString();
        if (v.transcriptUid.isEmpty() || v.judge.isEmpty())
            return bad(tr("\"transcript\" and \"judge\" must both be given"), tr("name the transcript id and the judge"));
        const QJsonObject criteria = o.value(QStringLiteral("criteria")).toObject();
        for (auto it = criteria.begin(); it != criteria.end(); ++it) {
            const QJsonObject c = it.value().toObject();
            const QString answer = c.value(QStringLiteral("answer")).toString();
            if (answer != QLatin1String("YES") && answer != QLatin1String("NO") && answer != QLatin1String("NA"))
                return bad(tr("criterion %1 has answer \"%2\"; expected YES, NO or NA").arg(it.key(), answer),
                           tr("fix the answer"));
            v.criteria.append({it.key(), answer, c.value(QStringLiteral("evidence")).toString(),
                               c.value(QStringLiteral("turn")).toInt(), c.value(QStringLiteral("reasoning")).toString()});
        }
        out.append(v);
    });
    if (!diags.isEmpty())
        return Result<QList<VerdictRecord>>::failure(diags);
    return out;
}

Result<ImportCounts> importTranscripts(ProjectStore &store, const QString &path, const QString &source)
{
    const auto bytes = readJsonlFile(path);
    if (!bytes)
        return Result<ImportCounts>::failure(bytes.diagnostics());
    const auto parsed = parseTranscriptsJsonl(*bytes, path, source);
    if (!parsed)
        return Result<ImportCounts>::failure(parsed.diagnostics());
    ImportCounts counts;
    QList<TranscriptRecord> fresh;
    for (const TranscriptRecord &t : *parsed) {
        if (store.contains(t.uid))
            ++counts.skippedDuplicates;
        else
            fresh.append(t);
    }
    const auto saved = store.saveTranscripts(fresh);
    if (!saved)
        return Result<ImportCounts>::failure(saved.diagnostics());
    counts.imported = *saved;
    return counts;
}

Result<ImportCounts> importVerdicts(ProjectStore &store, const QString &path)
{
    const auto bytes = readJsonlFile(path);
    if (!bytes)
        return Result<ImportCounts>::failure(bytes.diagnostics());
    const auto parsed = parseVerdictsJsonl(*bytes, path);
    if (!parsed)
        return Result<ImportCounts>::failure(parsed.diagnostics());
    for (const VerdictRecord &v : *parsed) {
        if (!store.contains(v.transcriptUid))
            return Diagnostic::error(path, 0, 0, tr("verdicts name transcript %1, which the project does not have").arg(v.transcriptUid),
                                     tr("import the transcripts first"));
    }
    ImportCounts counts;
    for (const VerdictRecord &v : *parsed) {
        if (const Status s = store.saveVerdicts(v); !s)
            return Result<ImportCounts>::failure(s.diagnostics());
        ++counts.imported;
    }
    return counts;
}

} // namespace sift

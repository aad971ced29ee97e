#pragma once

// What the engine tests share: a project whose backends are the fake provider server, and a
// responder that plays the customer, the assistant and the judges deterministically from the
// request alone, so a run resumed after a kill must end with exactly the data of an uninterrupted one.

#include "fakeprovider.h"
#include "project/defaultproject.h"
#include "store/projectstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <functional>

namespace sift::test {

// The bundled default project, with every role on the fake server: one generating backend and two
// judges (same server, different names), short conversations, no keys.
inline bool makeEngineProject(const QString &dir, const QUrl &server, qint64 seed = 42, int batchSize = 5)
{
    if (!DefaultProject::writeTo(dir).ok() || !ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db"))).ok())
        return false;
    const QString url = server.toString() + QStringLiteral("/v1");
    const QString manifest = QStringLiteral(
        "name: engine-test\nproduct_name: Ledgerly\nseed: %1\n"
        "backends:\n"
        "  gen: {provider: openai, base_url: %2, model: gen-model, api_key_env: \"\", concurrency: 16, max_attempts: 3, "
        "max_retry_wait_s: 0.2}\n"
        "  judge_a: {provider: openai, base_url: %2, model: judge-a, api_key_env: \"\", concurrency: 8, max_attempts: 3, "
        "max_retry_wait_s: 0.2}\n"
        "  judge_b: {provider: openai, base_url: %2, model: judge-b, api_key_env: \"\", concurrency: 8, max_attempts: 3, "
        "max_retry_wait_s: 0.2}\n"
        "roles: {user_sim: gen, assistant: gen, judges: [judge_a, judge_b], fixup: gen, base_model: gen}\n"
        "generation: {batch_size: %3, turns: [2, 4], end_marker: \"[END]\", temperature: 0.8}\n"
        "assessment: {aggregation: any_fail, max_invalid_retries: 1, temperature: 0.0}\n")
                                 .arg(seed)
                                 .arg(url)
                                 .arg(batchSize);
    QFile f(QDir(dir).filePath(QStringLiteral("sift.yaml")));
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(manifest.toUtf8()) > 0;
}

// The benchmarks' project: every backend allowed `concurrency` requests at once, and with `priced`
// a price per token, so that figures of cost have something to show.
inline bool widenEngineProject(const QString &dir, int concurrency, bool priced = false)
{
    QFile manifest(QDir(dir).filePath(QStringLiteral("sift.yaml")));
    if (!manifest.open(QIODevice::ReadOnly))
        return false;
    QByteArray text = manifest.readAll();
    manifest.close();
    const QByteArray wide = "concurrency: " + QByteArray::number(concurrency);
    text.replace("concurrency: 16", wide).replace("concurrency: 8", wide);
    if (priced)
        text.replace("max_retry_wait_s: 0.2}", "max_retry_wait_s: 0.2, price: {input_per_mtok: 0.15, output_per_mtok: 0.60}}");
    return manifest.open(QIODevice::WriteOnly | QIODevice::Truncate) && manifest.write(text) == text.size();
}

inline quint64 stableHash(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).left(8).toHex().toULongLong(nullptr, 16);
}

// The reply of a judge that answers NO where `no(criterion)` says so and YES elsewhere, with a
// verdict for every criterion the request's schema asks for.
inline QString verdictReply(const QJsonObject &format, const std::function<bool(const QString &criterion)> &no)
{
    const QJsonObject schema = format.value(QStringLiteral("json_schema")).toObject().value(QStringLiteral("schema")).toObject();
    QJsonObject reply;
    const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it)
        reply.insert(it.key(), QJsonObject{{QStringLiteral("evidence"), QStringLiteral("quoted words")},
                                           {QStringLiteral("reasoning"), QStringLiteral("because")},
                                           {QStringLiteral("turn"), 1},
                                           {QStringLiteral("verdict"), no(it.key()) ? QStringLiteral("NO") : QStringLiteral("YES")}});
    return QString::fromUtf8(QJsonDocument(reply).toJson(QJsonDocument::Compact));
}

inline QString lastMessage(const ReceivedRequest &r)
{
    return r.json.value(QStringLiteral("messages")).toArray().last().toObject().value(QStringLiteral("content")).toString();
}

// A responder whose judges say NO where `no(criterion, judge model, judge prompt)` says so; the
// customer and the assistant are played as by engineResponder().
using JudgeAnswers = std::function<bool(const QString &criterion, const QString &model, const QString &prompt)>;
inline FakeProviderServer::Responder judgingResponder(JudgeAnswers no);

// `failShare`: the share of criteria a judge answers NO (chosen by hash, so the same every time).
inline FakeProviderServer::Responder engineResponder(double failShare = 0.02)
{
    return judgingResponder([failShare](const QString &criterion, const QString &model, const QString &prompt) {
        const quint64 h = stableHash(criterion.toUtf8() + model.toUtf8() + prompt.toUtf8());
        return double(h % 10000) / 10000.0 < failShare;
    });
}

inline FakeProviderServer::Responder judgingResponder(JudgeAnswers no)
{
    return [no](const ReceivedRequest &r) -> QString {
        const QString prompt = lastMessage(r);
        const QJsonObject format = r.json.value(QStringLiteral("response_format")).toObject();
        if (!format.isEmpty()) {
            const QString model = r.json.value(QStringLiteral("model")).toString();
            return verdictReply(format, [&](const QString &criterion) { return no(criterion, model, prompt); });
        }
        const int customer = int(prompt.count(QStringLiteral("Customer: ")));
        const quint64 h = stableHash(prompt.toUtf8());
        if (prompt.contains(QStringLiteral("role-playing a customer"))) {
            QString text = QStringLiteral("Customer message %1 about case %2").arg(customer + 1).arg(h % 1000);
            if (customer >= 2 && h % 5 == 0)
                text += QStringLiteral("\n[END]");
            return text;
        }
        return QStringLiteral("Support reply to message %1, ref %2").arg(customer).arg(h % 1000);
    };
}

} // namespace sift::test

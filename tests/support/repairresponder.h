#pragma once

// A fake provider responder for repairs: the judges fail a scripted set of criteria at turn 4 until
// that reply is rewritten, the fixup backend rewrites, and the entailment check says what the script
// says. Shared by the engine's repair tests and the window's.

#include "engineharness.h"

#include <atomic>

namespace sift::test {

// What the judges find, and what the entailment check says; read on the server's thread.
struct RepairScript
{
    // 0 none; 1 accuracy (soft: every AC criterion, enough to fail); 2 the safety gate SF1;
    // 3 resolution (every RS criterion) and two AC ones.
    std::atomic<int> failing{0};
    std::atomic<bool> follows{true};
    std::atomic<int> rewrites{0};
    std::atomic<int> entailments{0};
};

inline FakeProviderServer::Responder repairResponder(RepairScript &script)
{
    return [&script, inner = engineResponder(0)](const ReceivedRequest &r) -> QString {
        const QString prompt = r.json.value(QStringLiteral("messages")).toArray().last().toObject().value(QStringLiteral("content")).toString();
        if (prompt.contains(QStringLiteral("You are repairing one assistant reply"))) {
            ++script.rewrites;
            return QStringLiteral("REWRITTEN reply, short and clear.");
        }
        if (prompt.contains(QStringLiteral("had one assistant reply rewritten"))) {
            ++script.entailments;
            return script.follows ? QStringLiteral(R"({"explanation":"it still follows","follows":true})")
                                  : QStringLiteral(R"({"explanation":"the customer answers a question that is gone","follows":false})");
        }
        const QJsonObject format = r.json.value(QStringLiteral("response_format")).toObject();
        if (format.isEmpty())
            return inner(r);
        // A judge: everything YES, but the scripted criterion fails at turn 4 while the transcript has
        // one and the reply there has not been rewritten.
        static const QList<QStringList> criteria{
            {},
            {QStringLiteral("AC1"), QStringLiteral("AC2"), QStringLiteral("AC3"), QStringLiteral("AC4")},
            {QStringLiteral("SF1")},
            {QStringLiteral("RS1"), QStringLiteral("RS2"), QStringLiteral("RS3"), QStringLiteral("AC1"), QStringLiteral("AC2")}};
        const QStringList failing = criteria.value(script.failing);
        const bool fails = !failing.isEmpty() && prompt.contains(QStringLiteral("[Turn 4]")) && !prompt.contains(QStringLiteral("REWRITTEN"));
        const QJsonObject properties = format.value(QStringLiteral("json_schema")).toObject().value(QStringLiteral("schema")).toObject()
                                           .value(QStringLiteral("properties")).toObject();
        QJsonObject reply;
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            const bool no = fails && failing.contains(it.key());
            reply.insert(it.key(), QJsonObject{{QStringLiteral("evidence"), QStringLiteral("quote")},
                                               {QStringLiteral("reasoning"), no ? QStringLiteral("the reply is far too long") : QStringLiteral("fine")},
                                               {QStringLiteral("turn"), no ? 4 : 1},
                                               {QStringLiteral("verdict"), no ? QStringLiteral("NO") : QStringLiteral("YES")}});
        }
        return QString::fromUtf8(QJsonDocument(reply).toJson(QJsonDocument::Compact));
    };
}

} // namespace sift::test

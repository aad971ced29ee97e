#include "runestimate.h"

#include "assess/judgeprompt.h"
#include "generate/conversation.h"
#include "llm/llmclient.h"

#include <QMap>

#include <cmath>

namespace sift {

qint64 RunEstimate::requests() const
{
    qint64 n = 0;
    for (const BackendEstimate &b : backends)
        n += b.requests;
    return n;
}

qint64 RunEstimate::costMicroUsd() const
{
    qint64 n = 0;
    for (const BackendEstimate &b : backends)
        n += b.costMicroUsd;
    return n;
}

RunEstimate estimateRun(const Project &project, int count, int assess, const QStringList &judges, int userTokens,
                        int assistantTokens, int verdictTokens)
{
    const Manifest &m = project.manifest;
    RunEstimate e;
    e.transcripts = std::max(count, assess);
    e.exchanges = (m.generation.minTurns + m.generation.maxTurns) / 2.0;
    const int exchanges = int(std::ceil(e.exchanges));

    const ScenarioSampler scenarios(project.taxonomy, quint64(m.seed));
    const PersonaSampler personas(project.personas, quint64(m.seed));
    ConversationSettings settings;
    settings.productName = m.effectiveProductName();
    settings.targetExchanges = exchanges;
    settings.maxTokens = project.modelChoice.maxTranscriptTokens;
    const ConversationPrompts prompts{project.prompts.value(PromptKind::System), project.prompts.value(PromptKind::UserSim),
                                      project.prompts.value(PromptKind::Assistant)};
    Conversation sample(prompts, personas.sample(0), scenarios.sample(0), personas, settings);
    auto tokensOf = [](const ChatRequest &r) {
        QList<Message> all = r.messages;
        all.prepend({QStringLiteral("system"), r.system});
        return Conversation::estimateTokens(all);
    };
    // The prompts' fixed part, with an empty conversation; each exchange then adds its messages.
    const qint64 userBase = tokensOf(sample.request());
    sample.apply(QString(qsizetype(userTokens * 4), QLatin1Char('x')));
    const qint64 assistantBase = tokensOf(sample.request()) - userTokens;

    QMap<QString, BackendEstimate> perBackend;
    auto add = [&](const QString &backend, qint64 requests, qint64 in, qint64 out) {
        BackendEstimate &b = perBackend[backend];
        b.backend = backend;
        b.requests += requests;
        b.inputTokens += in;
        b.outputTokens += out;
    };
    const qint64 perExchange = userTokens + assistantTokens;
    qint64 userIn = 0, assistantIn = 0;
    for (int k = 0; k < exchanges; ++k) {
        userIn += userBase + k * perExchange;
        assistantIn += assistantBase + k * perExchange + userTokens;
    }
    if (count > 0) {
        add(m.roles.userSim, qint64(count) * exchanges, qint64(count) * userIn, qint64(count) * exchanges * userTokens);
        add(m.roles.assistant, qint64(count) * exchanges, qint64(count) * assistantIn, qint64(count) * exchanges * assistantTokens);
    }
    if (assess > 0) {
        TranscriptRecord t;
        t.uid = QStringLiteral("estimate");
        for (int k = 0; k < exchanges; ++k) {
            t.messages.append({QStringLiteral("user"), QString(qsizetype(userTokens * 4), QLatin1Char('x'))});
            t.messages.append({QStringLiteral("assistant"), QString(qsizetype(assistantTokens * 4), QLatin1Char('x'))});
        }
        const JudgePrompt judge(project.rubric, project.prompts.value(PromptKind::Judge), m.effectiveProductName());
        const qint64 judgeIn = tokensOf(judge.request(t, 0));
        const qint64 judgeOut = qint64(project.rubric.criteria.size()) * verdictTokens;
        for (const QString &j : judges)
            add(j, assess, qint64(assess) * judgeIn, qint64(assess) * judgeOut);
    }
    for (BackendEstimate &b : perBackend) {
        if (const BackendConfig *config = m.backend(b.backend))
            b.costMicroUsd = LlmClient::costMicroUsd(*config, b.inputTokens, b.outputTokens);
        e.backends.append(b);
    }
    return e;
}

} // namespace sift

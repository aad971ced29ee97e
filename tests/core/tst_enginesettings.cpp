// The project's settings as a run follows them end to end, against the fake provider server: the
// gate's thresholds (generation.gate), the conversation length drawn from generation.turns, the end
// marker, and the transcript token budget of model-choice.md.

#include "dataset/transcripttokens.h"
#include "engine/generationstats.h"
#include "store/runstore.h"
#include "support/enginedriver.h"

#include <QMutex>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

#include <memory>

using namespace sift;
using namespace sift::test;

namespace {

// The judges fail the first safety gate for about half of the transcripts, by the case number of
// the customer's first message: the same answer from every judge, every time.
FakeProviderServer::Responder halfFailing()
{
    return judgingResponder([](const QString &criterion, const QString &, const QString &prompt) {
        static const QRegularExpression firstCase(QStringLiteral("Customer message 1 about case (\\d+)"));
        const QRegularExpressionMatch m = firstCase.match(prompt);
        return criterion == QLatin1String("SF1") && m.hasMatch() && m.captured(1).toInt() % 2 == 0;
    });
}

FakeProviderServer::Responder everythingFails()
{
    return judgingResponder([](const QString &criterion, const QString &, const QString &) { return criterion == QLatin1String("SF1"); });
}

// Sets generation.gate in sift.yaml (the engine project writes generation as one flow mapping).
bool setGate(const QString &dir, const QString &gate)
{
    QFile f(QDir(dir).filePath(QStringLiteral("sift.yaml")));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    QString text = QString::fromUtf8(f.readAll());
    f.close();
    static const QRegularExpression existing(QStringLiteral("gate: \\{[^}]*\\}"));
    if (text.contains(existing))
        text.replace(existing, QStringLiteral("gate: ") + gate);
    else if (!text.contains(QStringLiteral("temperature: 0.8}")))
        return false;
    else
        text.replace(QStringLiteral("temperature: 0.8}"), QStringLiteral("temperature: 0.8, gate: %1}").arg(gate));
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) > 0;
}

QList<Message> storedMessages(const QString &dir, const QString &uid)
{
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    return (*store)->transcript(uid)->messages;
}

int exchangesOf(const QList<Message> &messages)
{
    int n = 0;
    for (const Message &m : messages)
        n += m.role == QLatin1String("assistant") ? 1 : 0;
    return n;
}

} // namespace

class TestEngineSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void theGateFollowsTheProjectsThresholds();
    void conversationsEndAtTheirTargetLengthOrTheMarker();
    void theTokenBudgetStopsAConversationBeforeItIsExceeded();

private:
    QString project(qint64 seed = 42);
    FakeProviderServer m_server;
    QTemporaryDir m_tmp;
    int m_n = 0;
};

void TestEngineSettings::initTestCase()
{
    QVERIFY(m_server.start());
}

void TestEngineSettings::init()
{
    m_server.clearScript();
    m_server.setLatency(0);
    m_server.setResponder(engineResponder());
}

QString TestEngineSettings::project(qint64 seed)
{
    const QString dir = m_tmp.filePath(QStringLiteral("p%1").arg(++m_n));
    return makeEngineProject(dir, m_server.baseUrl(), seed) ? dir : QString();
}

void TestEngineSettings::theGateFollowsTheProjectsThresholds()
{
    const QString dir = project();
    m_server.setResponder(halfFailing());
    double rate = 0;
    {
        Harness h(dir);
        h.engine.start(runOptions(5));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
        QCOMPARE(h.reports.size(), 1);
        rate = h.reports.first().figures.passRate();
        auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
        RunStore runs(**store);
        QVERIFY(runs.signOffBatch(runs.batches(h.engine.runId())->first().id, QStringLiteral("2026-11-23T10:00:00Z")).ok());
    }
    // Some passed, fewer than the method's 70%: the default gate holds scaling back.
    QVERIFY2(rate > 0 && rate < 0.7, qPrintable(QString::number(rate)));
    {
        Harness h(dir);
        h.engine.start(runOptions(15));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::StoppedAtGate);
        QVERIFY2(h.notices.first().contains(QStringLiteral("passed at least 70% and was signed off")), qPrintable(h.notices.first()));
    }
    // A stricter project says so in its own words.
    QVERIFY(setGate(dir, QStringLiteral("{scale_at: 0.9, revise_below: 0.5}")));
    {
        Harness h(dir);
        h.engine.start(runOptions(15));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::StoppedAtGate);
        QVERIFY2(h.notices.first().contains(QStringLiteral("passed at least 90% and was signed off")), qPrintable(h.notices.first()));
    }
    // A project that scales at the signed-off batch's rate, and never calls for a major revision.
    const QString scaleAt = QString::number(rate);
    QVERIFY(setGate(dir, QStringLiteral("{scale_at: %1, revise_below: 0}").arg(scaleAt)));
    QVERIFY(Project::load(dir)->diagnostics().isEmpty());
    {
        Harness h(dir);
        h.engine.start(runOptions(15));
        QVERIFY(h.wait());
        QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
        QCOMPARE(h.reports.size(), 3);
        for (const BatchReport &r : std::as_const(h.reports)) {
            QVERIFY(r.gate.recommendation == GateRecommendation::Iterate);  // not signed off, never "revise"
            if (r.figures.passRate() < rate)
                QVERIFY2(r.gate.text.endsWith(QStringLiteral("below %1%: keep iterating").arg(qRound(rate * 100))), qPrintable(r.gate.text));
            else
                QVERIFY2(r.gate.text.contains(QStringLiteral("scale once a human has reviewed")), qPrintable(r.gate.text));
        }
    }
    // Nothing passes any more: with revise_below 0, scaling still goes on batch after batch.
    m_server.setResponder(everythingFails());
    {
        Harness h(dir);
        h.engine.start(runOptions(10));
        QVERIFY(h.wait());
        QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
        QCOMPARE(h.reports.size(), 2);
        for (const BatchReport &r : std::as_const(h.reports)) {
            QCOMPARE(r.figures.passed, 0);
            QCOMPARE(r.gate.text, QStringLiteral("0% passed, below %1%: keep iterating").arg(qRound(rate * 100)));
        }
    }
    // generation_stats.md judges the batches by the same thresholds: the signed-off first batch scales.
    QFile stats(QDir(dir).filePath(GenerationStatsFile));
    QVERIFY(stats.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(stats.readAll());
    const QRegularExpression firstBatch(QStringLiteral("^\\| 1 \\| 1 \\| [^|]+ \\| 5 \\| 5 \\| %1 \\| [^|]+ \\| [^|]+ \\| scale \\| 2026-11-23 \\|")
                                            .arg(qRound(rate * 5)),
                                        QRegularExpression::MultilineOption);
    QVERIFY2(firstBatch.match(text).hasMatch(), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("| revise |")));
}

void TestEngineSettings::conversationsEndAtTheirTargetLengthOrTheMarker()
{
    const QString dir = project();
    // Every customer message that asked to end, without the marker, as it is stored.
    auto ended = std::make_shared<QSet<QString>>();
    auto lock = std::make_shared<QMutex>();
    m_server.setResponder([inner = engineResponder(), ended, lock](const ReceivedRequest &r) {
        const QString reply = inner(r);
        if (reply.contains(QStringLiteral("[END]"))) {
            QMutexLocker locker(lock.get());
            ended->insert(reply.left(reply.indexOf(QStringLiteral("[END]"))).trimmed());
        }
        return reply;
    });
    Harness h(dir);
    h.engine.start(runOptions(15, QStringLiteral("generate")));
    QVERIFY(h.wait());
    QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    const GenerationSettings g = Project::load(dir)->manifest.generation;
    QCOMPARE(g.minTurns, 2);
    QCOMPARE(g.maxTurns, 4);
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    const auto transcripts = RunStore(**store).runTranscripts(h.engine.runId());
    QCOMPARE(transcripts->size(), 15);
    QSet<int> targets;
    int byMarker = 0, atTarget = 0;
    QMutexLocker locker(lock.get());
    for (const RunTranscript &t : *transcripts) {
        QVERIFY2(t.targetTurns >= g.minTurns && t.targetTurns <= g.maxTurns, qPrintable(QString::number(t.targetTurns)));
        targets.insert(t.targetTurns);
        const QList<Message> messages = storedMessages(dir, t.uid);
        QCOMPARE(messages.last().role, QStringLiteral("assistant"));
        const QString lastCustomer = messages[messages.size() - 2].content;
        const int exchanges = exchangesOf(messages);
        if (ended->contains(lastCustomer)) {
            ++byMarker;
            QVERIFY(exchanges <= t.targetTurns);
        } else {
            ++atTarget;
            QCOMPARE(exchanges, t.targetTurns);
        }
    }
    // Both ways of ending happened, and the length is drawn, not fixed.
    QVERIFY2(byMarker > 0 && atTarget > 0, qPrintable(QStringLiteral("%1 %2").arg(byMarker).arg(atTarget)));
    QVERIFY(targets.size() > 1);
}

void TestEngineSettings::theTokenBudgetStopsAConversationBeforeItIsExceeded()
{
    const QString dir = project();
    // Long conversations wanted, and a customer who never ends them.
    QVERIFY(editFile(QDir(dir).filePath(QStringLiteral("sift.yaml")), "turns: [2, 4]", "turns: [8, 10]"));
    m_server.setResponder([inner = engineResponder()](const ReceivedRequest &r) {
        QString reply = inner(r);
        return reply.remove(QStringLiteral("\n[END]"));
    });
    // A budget of the system prompt and room for about three exchanges.
    auto loaded = Project::load(dir);
    QVERIFY(loaded.ok());
    const TranscriptTokenCounter counter = transcriptTokenCounter(dir, loaded->modelChoice);
    const Message system{QStringLiteral("system"), loaded->prompts.value(PromptKind::System).render(
                                                       {{QStringLiteral("product_name"), loaded->manifest.effectiveProductName()}})};
    const qint64 budget = counter.count({system}) + 3 * counter.count({{QStringLiteral("user"), QStringLiteral("Customer message 1 about case 123")},
                                                                       {QStringLiteral("assistant"), QStringLiteral("Support reply to message 1, ref 123")}});
    QVERIFY(editFile(QDir(dir).filePath(QStringLiteral("model-choice.md")), "max_transcript_tokens: 16384",
                     QStringLiteral("max_transcript_tokens: %1").arg(budget).toUtf8()));
    for (const Diagnostic &d : Project::load(dir)->diagnostics())
        QVERIFY2(!d.isError(), qPrintable(d.toString()));  // a warning says slicing.max_tokens is now above it

    Harness h(dir);
    h.engine.start(runOptions(10, QStringLiteral("generate")));
    QVERIFY(h.wait());
    QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary + h.notices.join(QLatin1Char('\n'))));
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    const auto transcripts = RunStore(**store).runTranscripts(h.engine.runId());
    QCOMPARE(transcripts->size(), 10);
    for (const RunTranscript &t : *transcripts) {
        QCOMPARE(t.status, QStringLiteral("generated"));
        const QList<Message> messages = storedMessages(dir, t.uid);
        const qint64 tokens = counter.count(messages);
        QVERIFY2(tokens <= budget, qPrintable(QStringLiteral("%1: %2 tokens, budget %3").arg(t.uid).arg(tokens).arg(budget)));
        // Stopped by the budget, well before the length it was drawn.
        const int exchanges = exchangesOf(messages);
        QVERIFY2(exchanges >= 1 && exchanges < t.targetTurns, qPrintable(QStringLiteral("%1 of %2").arg(exchanges).arg(t.targetTurns)));
        QCOMPARE(messages.last().role, QStringLiteral("assistant"));
    }
}

QTEST_GUILESS_MAIN(TestEngineSettings)
#include "tst_enginesettings.moc"

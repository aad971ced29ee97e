// The two-agent conversation: who speaks when, what each side is shown, how it ends, and that a
// conversation restored from its stored turns carries on exactly as the uninterrupted one.

#include "generate/conversation.h"

#include <QTest>

using namespace sift;

namespace {

PersonaTemplate personaTemplate()
{
    PersonaTemplate t;
    t.noFlawShare = 0;
    t.primary.probability = 0.5;
    t.primary.patterns = {FlawPattern{QStringLiteral("vague"), QStringLiteral("Leaves out the details."), 1, {}, {}, {}, {}, {}}};
    t.secondary.patterns = {FlawPattern{QStringLiteral("typos"), QStringLiteral("Makes typos."), 1, {}, {}, {}, {}, {}}};
    return t;
}

ConversationPrompts embedded()
{
    return {PromptTemplate{PromptKind::System, QStringLiteral("You support {{product_name}}.")},
            PromptTemplate{PromptKind::UserSim, QStringLiteral("Persona:\n{{persona}}\nScenario:\n{{scenario}}\nFlaws:\n{{flaws}}\n"
                                                               "So far:\n{{conversation}}\nMessage {{turn_number}} of "
                                                               "{{max_turns}}; end with {{end_marker}}.")},
            PromptTemplate{PromptKind::Assistant, QStringLiteral("{{system_prompt}}\n\n{{conversation}}\n\nReply as support.")}};
}

// Prompts without {{conversation}}: the turns travel as chat messages.
ConversationPrompts chat()
{
    return {PromptTemplate{PromptKind::System, QStringLiteral("You support {{product_name}}.")},
            PromptTemplate{PromptKind::UserSim, QStringLiteral("You are a customer. {{persona}}")},
            PromptTemplate{PromptKind::Assistant, QStringLiteral("{{system_prompt}}")}};
}

struct Setup
{
    explicit Setup(int exchanges = 3, qint64 maxTokens = 100000)
        : sampler(personaTemplate(), 7)
    {
        persona = sampler.sample(0);
        scenario.values = {{QStringLiteral("topic"), QStringLiteral("refunds")}};
        settings.productName = QStringLiteral("Ledgerly");
        settings.targetExchanges = exchanges;
        settings.maxTokens = maxTokens;
        settings.seed = 7;
        settings.index = 0;
    }
    Conversation make(const ConversationPrompts &prompts) const { return Conversation(prompts, persona, scenario, sampler, settings); }
    PersonaSampler sampler;
    Persona persona;
    Scenario scenario;
    ConversationSettings settings;
};

// Plays a whole conversation with canned replies; returns every request made.
QList<ChatRequest> play(Conversation &c, int maxSteps = 100)
{
    QList<ChatRequest> requests;
    int n = 0;
    while (c.next() != Conversation::Step::Done && n < maxSteps) {
        const ChatRequest r = c.request();
        requests.append(r);
        // The reply depends only on the position, so a restored conversation gets the same ones.
        const qsizetype at = c.messages().size() - 1;
        c.apply(c.next() == Conversation::Step::User ? QStringLiteral("customer %1").arg(at) : QStringLiteral("support %1").arg(at));
        ++n;
    }
    return requests;
}

} // namespace

class TestConversation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void userFirstAndStrictAlternation();
    void eachRequestShowsEveryEarlierTurnOnce();
    void chatPromptsFlipRolesForTheSimulatorWithoutLosingATurn();
    void endMarkerEndsAfterTheAssistantReplies();
    void aBareEndMarkerEndsAtOnce();
    void theTokenBudgetStopsTheNextExchange();
    void flawsAreRolledPerMessageAndRecorded();
    void seedsDifferPerTurnAndRepeatPerRun();
    void restoredConversationCarriesOnIdentically();
    void restoringTurnsWithoutTheSystemPromptRendersIt();
};

void TestConversation::userFirstAndStrictAlternation()
{
    Setup s(3);
    Conversation c = s.make(embedded());
    QCOMPARE(c.next(), Conversation::Step::User);
    const QList<ChatRequest> requests = play(c);
    QCOMPARE(requests.size(), 6);
    const QList<Message> &m = c.messages();
    QCOMPARE(m.size(), 7);
    QCOMPARE(m[0].role, QStringLiteral("system"));
    QCOMPARE(m[0].content, QStringLiteral("You support Ledgerly."));
    for (int i = 1; i < m.size(); ++i)
        QCOMPARE(m[i].role, i % 2 ? QStringLiteral("user") : QStringLiteral("assistant"));
    QCOMPARE(c.exchanges(), 3);
    QCOMPARE(c.endReason(), QStringLiteral("target length"));
    QCOMPARE(requests[0].purpose, QStringLiteral("user_sim"));
    QCOMPARE(requests[1].purpose, QStringLiteral("assistant"));
    QVERIFY(requests[0].messages.first().content.contains(QStringLiteral("Message 1 of 3; end with [END].")));
    QVERIFY(requests[4].messages.first().content.contains(QStringLiteral("Message 3 of 3")));
}

void TestConversation::eachRequestShowsEveryEarlierTurnOnce()
{
    Setup s(4);
    Conversation c = s.make(embedded());
    const QList<ChatRequest> requests = play(c);
    for (int r = 0; r < requests.size(); ++r) {
        const QString text = requests[r].messages.first().content;
        // Request r is made after r messages: each of them appears exactly once, in order.
        qsizetype last = -1;
        for (int k = 0; k < r; ++k) {
            const QString turn = (k % 2 ? QStringLiteral("Support: support %1") : QStringLiteral("Customer: customer %1")).arg(k);
            QCOMPARE(text.count(turn), 1);
            const qsizetype at = text.indexOf(turn);
            QVERIFY(at > last);
            last = at;
        }
        QCOMPARE(text.count(QStringLiteral("support %1").arg(r)), 0);
    }
    // The assistant's request holds the system prompt.
    QVERIFY(requests[1].messages.first().content.startsWith(QStringLiteral("You support Ledgerly.")));
}

void TestConversation::chatPromptsFlipRolesForTheSimulatorWithoutLosingATurn()
{
    Setup s(3);
    Conversation c = s.make(chat());
    const QList<ChatRequest> requests = play(c);
    QCOMPARE(requests.size(), 6);
    // The simulator's third request: opener, then its own two messages as assistant, support's as user.
    const ChatRequest sim = requests[4];
    QVERIFY(sim.system.startsWith(QStringLiteral("You are a customer.")));
    QCOMPARE(sim.messages.size(), 5);
    const QStringList roles{QStringLiteral("user"), QStringLiteral("assistant"), QStringLiteral("user"), QStringLiteral("assistant"),
                            QStringLiteral("user")};
    for (int i = 0; i < 5; ++i)
        QCOMPARE(sim.messages[i].role, roles[i]);
    QCOMPARE(sim.messages[1].content, QStringLiteral("customer 0"));
    QCOMPARE(sim.messages[2].content, QStringLiteral("support 1"));
    QCOMPARE(sim.messages[3].content, QStringLiteral("customer 2"));
    QCOMPARE(sim.messages[4].content, QStringLiteral("support 3"));
    // The assistant's request: the system prompt, then the turns as they are, ending with the customer.
    const ChatRequest assistant = requests[5];
    QCOMPARE(assistant.system, QStringLiteral("You support Ledgerly."));
    QCOMPARE(assistant.messages.size(), 5);
    QCOMPARE(assistant.messages.first().role, QStringLiteral("user"));
    QCOMPARE(assistant.messages.last().content, QStringLiteral("customer 4"));
}

void TestConversation::endMarkerEndsAfterTheAssistantReplies()
{
    Setup s(6);
    Conversation c = s.make(embedded());
    c.apply(QStringLiteral("My invoice is wrong."));
    c.apply(QStringLiteral("Which invoice?"));
    const Conversation::Applied a = c.apply(QStringLiteral("Never mind, found it. Thanks!\n[END]"));
    QVERIFY(a.appended && a.ending);
    QCOMPARE(a.message.content, QStringLiteral("Never mind, found it. Thanks!"));
    QCOMPARE(c.next(), Conversation::Step::Assistant);
    c.apply(QStringLiteral("Glad it worked out."));
    QCOMPARE(c.next(), Conversation::Step::Done);
    QCOMPARE(c.endReason(), QStringLiteral("end marker"));
    QCOMPARE(c.messages().last().role, QStringLiteral("assistant"));
    QCOMPARE(c.exchanges(), 2);
}

void TestConversation::aBareEndMarkerEndsAtOnce()
{
    Setup s(6);
    Conversation c = s.make(embedded());
    c.apply(QStringLiteral("Hi"));
    c.apply(QStringLiteral("Hello"));
    const Conversation::Applied a = c.apply(QStringLiteral("  [END] "));
    QVERIFY(!a.appended);
    QCOMPARE(c.next(), Conversation::Step::Done);
    QCOMPARE(c.messages().size(), 3);
    QCOMPARE(c.messages().last().role, QStringLiteral("assistant"));
}

void TestConversation::theTokenBudgetStopsTheNextExchange()
{
    Setup s(50, 400);
    s.settings.countTokens = [](const QList<Message> &messages) {
        qint64 words = 0;
        for (const Message &m : messages)
            words += m.content.split(QLatin1Char(' '), Qt::SkipEmptyParts).size();
        return words;
    };
    Conversation c = s.make(embedded());
    const QString fifty = QStringLiteral("word ").repeated(50).trimmed();
    int steps = 0;
    while (c.next() != Conversation::Step::Done && steps < 100) {
        c.apply(fifty);
        ++steps;
    }
    // 3 system words + 50 per message: after 6 messages (303 tokens) one more exchange (100) would
    // pass 400, so the conversation ends on the assistant's third reply.
    QCOMPARE(c.exchanges(), 3);
    QCOMPARE(c.endReason(), QStringLiteral("token budget"));
    QCOMPARE(c.messages().last().role, QStringLiteral("assistant"));
}

void TestConversation::flawsAreRolledPerMessageAndRecorded()
{
    Setup s(12);
    Conversation c = s.make(embedded());
    int withVague = 0;
    QList<ChatRequest> userRequests;
    while (c.next() != Conversation::Step::Done) {
        if (c.next() == Conversation::Step::User) {
            const QStringList flaws = c.nextFlaws();
            const ChatRequest r = c.request();
            if (flaws.contains(QStringLiteral("vague"))) {
                ++withVague;
                QVERIFY(r.messages.first().content.contains(QStringLiteral("- Leaves out the details.")));
            } else if (flaws.isEmpty()) {
                QVERIFY(r.messages.first().content.contains(QStringLiteral("Write this message clearly.")));
            }
            const Conversation::Applied a = c.apply(QStringLiteral("msg"));
            QCOMPARE(a.flaws, flaws);
        } else {
            c.apply(QStringLiteral("reply"));
        }
    }
    QCOMPARE(c.flaws().size(), 12);
    QVERIFY(withVague > 0 && withVague < 12);  // good and bad moments, not all or nothing
}

void TestConversation::seedsDifferPerTurnAndRepeatPerRun()
{
    Setup s(3);
    Conversation a = s.make(embedded());
    Conversation b = s.make(embedded());
    const QList<ChatRequest> ra = play(a), rb = play(b);
    QSet<qint64> seeds;
    for (int i = 0; i < ra.size(); ++i) {
        QCOMPARE(ra[i].seed, rb[i].seed);
        QCOMPARE(ra[i].messages.first().content, rb[i].messages.first().content);
        seeds.insert(*ra[i].seed);
    }
    QCOMPARE(seeds.size(), ra.size());
    Setup other(3);
    other.settings.index = 1;
    Conversation c = other.make(embedded());
    QVERIFY(c.request().seed != ra.first().seed);
}

void TestConversation::restoredConversationCarriesOnIdentically()
{
    Setup s(4);
    Conversation whole = s.make(embedded());
    const QList<ChatRequest> all = play(whole);
    for (int cut = 1; cut < whole.messages().size(); ++cut) {
        Conversation resumed = s.make(embedded());
        QList<QStringList> flaws;
        int users = 0;
        for (int i = 1; i <= cut; ++i)
            users += whole.messages()[i].role == QLatin1String("user") ? 1 : 0;
        flaws = whole.flaws().mid(0, users);
        resumed.restore(whole.messages().mid(0, cut + 1), flaws, false);
        const QList<ChatRequest> rest = play(resumed);
        QCOMPARE(rest.size(), all.size() - cut);
        for (int i = 0; i < rest.size(); ++i) {
            QCOMPARE(rest[i].messages.first().content, all[cut + i].messages.first().content);
            QCOMPARE(rest[i].seed, all[cut + i].seed);
        }
        QCOMPARE(resumed.messages(), whole.messages());
        QCOMPARE(resumed.flaws(), whole.flaws());
    }
    // A conversation that had been asked to end gets its last reply and stops.
    Conversation ending = s.make(embedded());
    ending.restore(whole.messages().mid(0, 4), whole.flaws().mid(0, 2), true);
    QCOMPARE(ending.next(), Conversation::Step::Assistant);
    ending.apply(QStringLiteral("bye"));
    QCOMPARE(ending.next(), Conversation::Step::Done);
}

void TestConversation::restoringTurnsWithoutTheSystemPromptRendersIt()
{
    Setup s(3);
    Conversation whole = s.make(embedded());
    play(whole);
    // The stored turns start with the customer: turn 0 was never written.
    const QList<Message> turns = whole.messages().mid(1, 2);
    QCOMPARE(turns.first().role, QStringLiteral("user"));
    for (const ConversationPrompts &prompts : {embedded(), chat()}) {
        Conversation resumed = s.make(prompts);
        resumed.restore(turns, whole.flaws().mid(0, 1), false);
        QCOMPARE(resumed.systemPrompt(), QStringLiteral("You support Ledgerly."));
        QCOMPARE(resumed.messages().size(), 3);
        QCOMPARE(resumed.messages().first(), (Message{QStringLiteral("system"), QStringLiteral("You support Ledgerly.")}));
        QCOMPARE(resumed.messages().mid(1), turns);
        QCOMPARE(resumed.exchanges(), 1);
        QCOMPARE(resumed.next(), Conversation::Step::User);
        resumed.apply(QStringLiteral("customer again"));
        // The assistant follows the real system prompt, and sees the customer's first message as a turn.
        const ChatRequest r = resumed.request();
        if (prompts.assistant.text.contains(QLatin1String("{{conversation}}"))) {
            QVERIFY(r.messages.first().content.startsWith(QStringLiteral("You support Ledgerly.\n\nCustomer: ") + turns.first().content));
        } else {
            QCOMPARE(r.system, QStringLiteral("You support Ledgerly."));
            QCOMPARE(r.messages.first(), turns.first());
        }
    }
}

QTEST_GUILESS_MAIN(TestConversation)
#include "tst_conversation.moc"

#include "conversation.h"

#include "seededrandom.h"

namespace sift {

namespace {
bool embedsConversation(const PromptTemplate &t)
{
    for (const Placeholder &p : t.placeholders()) {
        if (p.name == QLatin1String("conversation"))
            return true;
    }
    return false;
}

qint64 turnSeed(const ConversationSettings &s, int message, const char *side)
{
    return qint64(SeededRandom(s.seed, QString::fromLatin1(side), quint64(s.index), quint64(message)).next() >> 1);
}
} // namespace

Conversation::Conversation(const ConversationPrompts &prompts, const Persona &persona, const Scenario &scenario,
                           const PersonaSampler &personas, ConversationSettings settings)
    : m_prompts(prompts), m_persona(persona), m_scenario(scenario), m_personas(personas), m_settings(std::move(settings))
{
    if (!m_settings.countTokens)
        m_settings.countTokens = &Conversation::estimateTokens;
    m_messages.append(renderedSystemMessage());
}

Message Conversation::renderedSystemMessage() const
{
    return {QStringLiteral("system"), m_prompts.system.render({{QStringLiteral("product_name"), m_settings.productName}})};
}

void Conversation::restore(const QList<Message> &messages, const QList<QStringList> &flaws, bool ending)
{
    if (messages.isEmpty())
        return;
    m_messages = messages;
    // Stored turns may lack the system prompt (a transcript interrupted right after it was created,
    // by a version of Sift that stored turn 0 separately): it is rendered from the prompts, never
    // taken from the restored turns, whose first is then the customer's.
    if (m_messages.first().role != QLatin1String("system"))
        m_messages.prepend(renderedSystemMessage());
    m_flaws = flaws;
    while (m_flaws.size() < userMessages())
        m_flaws.append(QStringList());
    m_ending = ending;
    if (m_ending && m_messages.last().role == QLatin1String("assistant")) {
        m_done = true;
        m_endReason = QStringLiteral("end marker");
    }
}

QString Conversation::systemPrompt() const
{
    return m_messages.isEmpty() ? QString() : m_messages.first().content;
}

int Conversation::userMessages() const
{
    int n = 0;
    for (const Message &m : m_messages)
        n += m.role == QLatin1String("user") ? 1 : 0;
    return n;
}

int Conversation::exchanges() const
{
    int n = 0;
    for (const Message &m : m_messages)
        n += m.role == QLatin1String("assistant") ? 1 : 0;
    return n;
}

qint64 Conversation::estimateTokens(const QList<Message> &messages)
{
    qint64 chars = 0;
    for (const Message &m : messages)
        chars += m.content.size() + 16;  // a few tokens of chat formatting per message
    return (chars + 3) / 4;
}

qint64 Conversation::tokens() const
{
    return m_settings.countTokens(m_messages);
}

bool Conversation::budgetExhausted() const
{
    // Stop before an exchange that would not fit: the next one is guessed from the average so far.
    const int n = int(m_messages.size()) - 1;
    const qint64 used = tokens();
    const qint64 systemTokens = m_settings.countTokens({m_messages.first()});
    if (n == 0)
        return used > m_settings.maxTokens;  // nothing to guess from yet
    const qint64 perMessage = std::max<qint64>(1, (used - systemTokens) / n);
    return used + 2 * perMessage > m_settings.maxTokens;
}

Conversation::Step Conversation::next() const
{
    if (m_done)
        return Step::Done;
    if (m_messages.last().role == QLatin1String("user"))
        return Step::Assistant;
    if (m_ending || exchanges() >= m_settings.targetExchanges || budgetExhausted())
        return Step::Done;
    return Step::User;
}

QStringList Conversation::nextFlaws() const
{
    if (next() != Step::User)
        return {};
    return m_personas.flawsFor(m_persona, m_settings.index, userMessages());
}

QString Conversation::asText(const QList<Message> &messages)
{
    QStringList parts;
    for (const Message &m : messages) {
        if (m.role == QLatin1String("user"))
            parts.append(QStringLiteral("Customer: ") + m.content);
        else if (m.role == QLatin1String("assistant"))
            parts.append(QStringLiteral("Support: ") + m.content);
    }
    return parts.isEmpty() ? QStringLiteral("(no messages yet: you write the first one)") : parts.join(QStringLiteral("\n\n"));
}

QString Conversation::flawsText(const PersonaSampler &personas, const QStringList &flaws)
{
    QStringList lines;
    for (const QString &f : flaws) {
        const QString description = personas.flawDescription(f);
        lines.append(QStringLiteral("- ") + (description.isEmpty() ? f : description));
    }
    return lines.isEmpty() ? QStringLiteral("Write this message clearly.") : lines.join(QLatin1Char('\n'));
}

ChatRequest Conversation::request() const
{
    return next() == Step::User ? userRequest() : assistantRequest();
}

ChatRequest Conversation::userRequest() const
{
    const QHash<QString, QString> values{
        {QStringLiteral("product_name"), m_settings.productName},
        {QStringLiteral("persona"), m_persona.describe()},
        {QStringLiteral("scenario"), m_scenario.describe()},
        {QStringLiteral("flaws"), flawsText(m_personas, nextFlaws())},
        {QStringLiteral("conversation"), asText(m_messages)},
        {QStringLiteral("turn_number"), QString::number(userMessages() + 1)},
        {QStringLiteral("max_turns"), QString::number(m_settings.targetExchanges)},
        {QStringLiteral("end_marker"), m_settings.endMarker},
    };
    ChatRequest r;
    const QString prompt = m_prompts.userSim.render(values);
    if (embedsConversation(m_prompts.userSim)) {
        r.messages = {{QStringLiteral("user"), prompt}};
    } else {
        // The simulator sees the conversation from the customer's side: its own messages are the
        // assistant's, support's are the user's. An opening user message makes the roles alternate
        // from the start, as every provider requires.
        r.system = prompt;
        r.messages.append({QStringLiteral("user"), QStringLiteral("(Write the customer's next message.)")});
        for (const Message &m : m_messages) {
            if (m.role == QLatin1String("user"))
                r.messages.append({QStringLiteral("assistant"), m.content});
            else if (m.role == QLatin1String("assistant"))
                r.messages.append({QStringLiteral("user"), m.content});
        }
    }
    r.temperature = m_settings.temperature;
    r.seed = turnSeed(m_settings, int(m_messages.size()), "user-turn");
    r.purpose = QStringLiteral("user_sim");
    return r;
}

ChatRequest Conversation::assistantRequest() const
{
    const QList<Message> turns = m_messages.mid(1);
    const QHash<QString, QString> values{{QStringLiteral("product_name"), m_settings.productName},
                                         {QStringLiteral("system_prompt"), systemPrompt()},
                                         {QStringLiteral("conversation"), asText(turns)}};
    ChatRequest r;
    const QString prompt = m_prompts.assistant.render(values);
    if (embedsConversation(m_prompts.assistant)) {
        r.messages = {{QStringLiteral("user"), prompt}};
    } else {
        r.system = prompt;
        r.messages = turns;
    }
    r.temperature = m_settings.temperature;
    r.seed = turnSeed(m_settings, int(m_messages.size()), "assistant-turn");
    r.purpose = QStringLiteral("assistant");
    return r;
}

Conversation::Applied Conversation::apply(const QString &reply)
{
    Applied a;
    const Step step = next();
    if (step == Step::Done)
        return a;
    QString text = reply.trimmed();
    if (step == Step::User) {
        a.flaws = nextFlaws();
        const qsizetype marker = m_settings.endMarker.isEmpty() ? -1 : text.indexOf(m_settings.endMarker);
        if (marker >= 0) {
            text = text.left(marker).trimmed();
            m_ending = true;
            a.ending = true;
            if (text.isEmpty()) {
                // Only the marker: the conversation ends on the assistant's last reply.
                m_done = true;
                m_endReason = QStringLiteral("end marker");
                return a;
            }
        }
        a.message = {QStringLiteral("user"), text};
        m_flaws.append(a.flaws);
    } else {
        a.message = {QStringLiteral("assistant"), text};
    }
    m_messages.append(a.message);
    a.appended = true;
    if (step == Step::Assistant && m_ending) {
        m_done = true;
        m_endReason = QStringLiteral("end marker");
    } else if (next() == Step::Done && m_endReason.isEmpty()) {
        m_endReason = exchanges() >= m_settings.targetExchanges ? QStringLiteral("target length") : QStringLiteral("token budget");
    }
    return a;
}

} // namespace sift

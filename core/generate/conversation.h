#pragma once

#include "design/prompttemplate.h"
#include "llm/chat.h"
#include "sampler.h"

#include <functional>

namespace sift {

// What a conversation needs to know besides its persona and scenario.
struct ConversationSettings
{
    QString productName;
    QString endMarker = QStringLiteral("[END]");
    int targetExchanges = 6;        // user message + assistant reply pairs
    qint64 maxTokens = 16384;       // the transcript budget from model-choice.md
    double temperature = 0.8;
    quint64 seed = 0;               // the project (or run) seed
    qint64 index = 0;               // the transcript's index in its run
    // Tokens of a whole conversation; the default estimates four characters a token.
    std::function<qint64(const QList<Message> &)> countTokens;
};

// The prompts a conversation is generated from.
struct ConversationPrompts
{
    PromptTemplate system;
    PromptTemplate userSim;
    PromptTemplate assistant;
};

// Two agents taking turns, as a pure state machine: it says whose turn is next and builds that
// request; the caller sends it and applies the reply. The user always speaks first and the sides
// strictly alternate; every earlier turn appears exactly once, in order, in each request (whether
// the prompt embeds the conversation as text or, without {{conversation}}, receives it as chat
// messages with the simulator's roles flipped). A conversation built from stored messages carries
// on exactly where they stop.
class Conversation
{
public:
    enum class Step { User, Assistant, Done };

    Conversation(const ConversationPrompts &prompts, const Persona &persona, const Scenario &scenario,
                 const PersonaSampler &personas, ConversationSettings settings);

    // Continues from stored messages (the system prompt first; rendered from the prompts when it is
    // missing) and their per-user-message flaws. `ending`: the last user message asked to end, so
    // only the assistant's reply is still due.
    void restore(const QList<Message> &messages, const QList<QStringList> &flaws, bool ending);

    Step next() const;
    ChatRequest request() const;
    // The flaws that fire in the next user message (empty for an assistant turn).
    QStringList nextFlaws() const;

    struct Applied
    {
        bool appended = false;  // false when the reply was only the end marker
        Message message;
        QStringList flaws;
        bool ending = false;    // the user asked to end: one assistant reply, then done
    };
    // Takes the reply to request() and advances.
    Applied apply(const QString &reply);

    const QList<Message> &messages() const { return m_messages; }
    const QList<QStringList> &flaws() const { return m_flaws; }
    QString endReason() const { return m_endReason; }
    int exchanges() const;
    // The system prompt the assistant follows (the transcript's first message).
    QString systemPrompt() const;

    // "Customer: ...\n\nSupport: ..." for prompts that embed the conversation.
    static QString asText(const QList<Message> &messages);
    static qint64 estimateTokens(const QList<Message> &messages);
    // The {{flaws}} of a user message: each firing flaw's description, or a plain instruction.
    static QString flawsText(const PersonaSampler &personas, const QStringList &flaws);

private:
    Message renderedSystemMessage() const;
    int userMessages() const;
    qint64 tokens() const;
    bool budgetExhausted() const;
    ChatRequest userRequest() const;
    ChatRequest assistantRequest() const;

    ConversationPrompts m_prompts;
    Persona m_persona;
    Scenario m_scenario;
    const PersonaSampler &m_personas;
    ConversationSettings m_settings;
    QList<Message> m_messages;
    QList<QStringList> m_flaws;
    bool m_ending = false;
    bool m_done = false;
    QString m_endReason;
};

} // namespace sift

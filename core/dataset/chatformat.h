#pragma once

// Counting a conversation the way a model sees it: the messages wrapped in the chat format's markers.

#include "common/result.h"
#include "tokenizer.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace sift {

struct ChatMessage
{
    QString role; // system | user | assistant (others are written as given)
    QString content;
};

enum class ChatFormat
{
    // <|im_start|>{role}\n{content}<|im_end|>\n per message (Qwen and other ChatML models).
    ChatMl,
    // <|begin_of_text|> once, then <|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>
    // per message, the content trimmed as Llama 3's template does.
    Llama3,
    // <bos> once, then <start_of_turn>{role}\n{content}<end_of_turn>\n per message, as Gemma's template:
    // "assistant" is written "model", a system message opens the first user turn, content is trimmed.
    Gemma,
    // The contents alone, separated by a blank line: no markers.
    Plain,
    // OpenAI chat models counted with a tiktoken encoding: 3 tokens per message plus its role and
    // content, and 3 for the priming of the reply (OpenAI's published way of counting).
    OpenAi,
};

// The names model-choice.md's chat_format uses: chatml, llama3, gemma, plain, openai.
QStringList chatFormatNames();
std::optional<ChatFormat> chatFormatFromName(const QString &name);
QString chatFormatName(ChatFormat format);

// The conversation as the model reads it. OpenAi has no text form (its overhead is counted, not
// written); it renders as ChatMl there.
QString formatConversation(const QList<ChatMessage> &messages, ChatFormat format);
// Tokens of the whole formatted conversation.
qint64 countConversationTokens(const Tokenizer &tokenizer, const QList<ChatMessage> &messages,
                               ChatFormat format);

// Reads a conversation: a JSON array of {"role", "content"} objects, or an object with "messages" (one
// line of OpenAI chat JSONL). `file` names the source in diagnostics.
Result<QList<ChatMessage>> parseConversation(const QByteArray &json, const QString &file, int line = 1);

} // namespace sift

#include "transcripttokens.h"

#include "chatformat.h"
#include "tokenizer.h"

#include <QDir>

namespace sift {

TranscriptTokenCounter transcriptTokenCounter(const QString &projectDir, const ModelChoice &modelChoice)
{
    TranscriptTokenCounter c;
    c.description = QStringLiteral("estimate (4 characters a token)");
    c.count = [](const QList<Message> &messages) {
        qint64 chars = 0;
        for (const Message &m : messages)
            chars += m.content.size() + 16;  // a few tokens of chat framing per message
        return (chars + 3) / 4;
    };
    if (modelChoice.tokenizer.isEmpty())
        return c;
    auto tokenizer = Tokenizer::load(QDir(projectDir).filePath(modelChoice.tokenizer), modelChoice.tokenizer);
    if (!tokenizer) {
        c.problem = tokenizer.errorText();
        return c;
    }
    const ChatFormat format = chatFormatFromName(modelChoice.chatFormat)
                                  .value_or(tokenizer->kind() == Tokenizer::Kind::Tiktoken ? ChatFormat::OpenAi : ChatFormat::ChatMl);
    c.exact = true;
    c.description = tokenizer->description() + QStringLiteral(", ") + chatFormatName(format);
    c.count = [t = *tokenizer, format](const QList<Message> &messages) {
        QList<ChatMessage> chat;
        chat.reserve(messages.size());
        for (const Message &m : messages)
            chat.append({m.role, m.content});
        return countConversationTokens(t, chat, format);
    };
    const Tokenizer &t = *tokenizer;
    switch (format) {
    case ChatFormat::ChatMl:
        // Each message is "<|im_start|>role\ncontent<|im_end|>\n", the markers special tokens.
        if (t.specialTokenId("<|im_start|>") >= 0 && t.specialTokenId("<|im_end|>") >= 0)
            c.perMessage = [t](const Message &m) { return countConversationTokens(t, {{m.role, m.content}}, ChatFormat::ChatMl); };
        break;
    case ChatFormat::Llama3:
        // "<|begin_of_text|>" once, then a header-delimited block per message ending in "<|eot_id|>".
        if (t.specialTokenId("<|begin_of_text|>") >= 0 && t.specialTokenId("<|eot_id|>") >= 0 &&
            t.specialTokenId("<|start_header_id|>") >= 0) {
            c.fixed = t.count(QStringLiteral("<|begin_of_text|>"));
            c.perMessage = [t, bos = c.fixed](const Message &m) {
                return countConversationTokens(t, {{m.role, m.content}}, ChatFormat::Llama3) - bos;
            };
        }
        break;
    case ChatFormat::OpenAi:
        // OpenAI's published rule is a sum by construction: 3 per message plus role and content, 3 more.
        c.fixed = 3;
        c.perMessage = [t](const Message &m) { return 3 + t.count(m.role) + t.count(m.content); };
        break;
    case ChatFormat::Gemma:
    case ChatFormat::Plain:
        break;
    }
    return c;
}

} // namespace sift

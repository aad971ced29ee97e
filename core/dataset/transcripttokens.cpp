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
    return c;
}

} // namespace sift

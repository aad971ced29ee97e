#include "conversationshape.h"

#include <QCoreApplication>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::TrainingConversation", text);
}

// Whitespace alone teaches nothing and some trainers reject it, so it counts as empty.
bool blank(const QString &text)
{
    for (const QChar c : text) {
        if (!c.isSpace())
            return false;
    }
    return true;
}

const QString System = QStringLiteral("system");
const QString User = QStringLiteral("user");
const QString Assistant = QStringLiteral("assistant");
} // namespace

TrainingConversation TrainingConversation::from(QList<Message> stored, int truncatedAt)
{
    TrainingConversation c;
    if (truncatedAt >= 0 && truncatedAt < stored.size())
        stored.resize(truncatedAt);
    qsizetype last = stored.size() - 1;
    while (last >= 0 && stored[last].role != Assistant)
        --last;
    if (last < 0) {
        c.problem = stored.isEmpty() ? tr("no messages") : tr("no assistant reply");
        return c;
    }
    stored.resize(last + 1);
    c.hasSystem = stored.first().role == System;
    const qsizetype first = c.hasSystem ? 1 : 0;
    if (c.hasSystem && blank(stored.first().content)) {
        c.problem = tr("empty system prompt");
        return c;
    }
    for (qsizetype i = first; i < stored.size(); ++i) {
        const QString &expected = (i - first) % 2 == 0 ? User : Assistant;
        if (stored[i].role == System) {
            c.problem = tr("a system message after the start");
            return c;
        }
        if (stored[i].role != expected) {
            c.problem = i == first ? tr("does not open with a user message") : tr("user and assistant do not alternate");
            return c;
        }
        if (blank(stored[i].content)) {
            c.problem = tr("an empty message");
            return c;
        }
    }
    c.exchanges = int((stored.size() - first) / 2);
    c.messages = std::move(stored);
    return c;
}

} // namespace sift

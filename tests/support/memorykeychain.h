#pragma once

// A keychain for tests: what is written to it stays in memory, and every answer comes later, on the
// caller's event loop, as a real keychain's does.

#include "llm/keys.h"

#include <QHash>

namespace sift::test {

class MemoryKeychain final : public SecretStore
{
public:
    void read(const QString &name, QObject *context, ReadDone done) override
    {
        ++reads;
        const std::optional<QByteArray> value = entries.contains(name) ? std::optional(entries.value(name)) : std::nullopt;
        QMetaObject::invokeMethod(context, [done, value, this] { done(value, unavailable); }, Qt::QueuedConnection);
    }
    void write(const QString &name, const QByteArray &value, QObject *context, WriteDone done) override
    {
        entries.insert(name, value);
        QMetaObject::invokeMethod(context, [done] { done({}); }, Qt::QueuedConnection);
    }
    void remove(const QString &name, QObject *context, WriteDone done) override
    {
        entries.remove(name);
        QMetaObject::invokeMethod(context, [done] { done({}); }, Qt::QueuedConnection);
    }
    QHash<QString, QByteArray> entries;
    QString unavailable;
    int reads = 0;
};

} // namespace sift::test

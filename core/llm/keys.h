#pragma once

#include "project/manifest.h"

#include <QObject>
#include <QProcessEnvironment>

#include <functional>
#include <optional>

namespace sift {

// The OS keychain (Secret Service, KWallet, macOS Keychain, Windows Credential Store), reached
// asynchronously. An interface so tests use an in-memory one and CI never touches a real keychain.
class SecretStore
{
public:
    using ReadDone = std::function<void(std::optional<QByteArray> value, QString problem)>;
    using WriteDone = std::function<void(QString problem)>;
    virtual ~SecretStore() = default;
    // `done` runs on `context`'s thread; `value` is nullopt when there is no entry or no keychain.
    virtual void read(const QString &name, QObject *context, ReadDone done) = 0;
    virtual void write(const QString &name, const QByteArray &value, QObject *context, WriteDone done) = 0;
    virtual void remove(const QString &name, QObject *context, WriteDone done) = 0;
};

// The system keychain through QtKeychain, under the service name "Sift". Never falls back to a
// plain-text file. A lookup that has not answered after `timeoutMs` counts as "no keychain".
class SystemSecretStore final : public SecretStore
{
public:
    explicit SystemSecretStore(int timeoutMs = 5000) : m_timeoutMs(timeoutMs) {}
    void read(const QString &name, QObject *context, ReadDone done) override;
    void write(const QString &name, const QByteArray &value, QObject *context, WriteDone done) override;
    void remove(const QString &name, QObject *context, WriteDone done) override;

    static QString serviceName() { return QStringLiteral("Sift"); }

private:
    int m_timeoutMs;
};

// Where a backend's key came from. `source` names the place, never the key.
struct KeyLookup
{
    QByteArray key;
    QString source;   // "environment variable OPENAI_API_KEY", "system keychain entry OPENAI_API_KEY", "none needed"
    QString problem;  // set when a key is needed and none was found
    bool found() const { return problem.isEmpty(); }
};

// Finds each backend's key: the environment variable named by api_key_env first, then the system
// keychain entry of the same name. A backend without api_key_env needs none (local servers).
class KeyResolver
{
public:
    // `keychain` may be null (no keychain lookups, e.g. SIFT_NO_KEYCHAIN=1 on a server).
    KeyResolver(QProcessEnvironment environment, SecretStore *keychain);
    // `done` runs on `context`'s thread, synchronously when the environment answers.
    void resolve(const BackendConfig &backend, QObject *context, std::function<void(KeyLookup)> done) const;
    // A resolver for the process environment and the system keychain unless SIFT_NO_KEYCHAIN is set.
    static KeyResolver system();

private:
    QProcessEnvironment m_environment;
    SecretStore *m_keychain;
};

// Replaces every occurrence of each key in `text` with a masked form ("sk-p…7f3a"), so error
// messages that echo a request or a server's complaint never carry a secret.
QString redactSecrets(QString text, const QList<QByteArray> &keys);
QString maskedKey(const QByteArray &key);

} // namespace sift

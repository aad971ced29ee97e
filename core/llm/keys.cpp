#include "keys.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::KeyResolver", text);
}

// Runs one QtKeychain job, reports once (finished or timed out) on `context`'s thread.
template <typename JobT, typename Report>
void runJob(JobT *job, QObject *context, int timeoutMs, Report report)
{
    auto reported = std::make_shared<bool>(false);
    QPointer<QObject> guard(context);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, reported, report](QKeychain::Job *) {
        if (std::exchange(*reported, true))
            return;
        report(job, false);
    });
    QTimer::singleShot(timeoutMs, context, [job, reported, report] {
        if (std::exchange(*reported, true))
            return;
        report(job, true);
    });
    job->start();
}
} // namespace

void SystemSecretStore::read(const QString &name, QObject *context, ReadDone done)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    job->setKey(name);
    runJob(job, context, m_timeoutMs, [done](QKeychain::ReadPasswordJob *j, bool timedOut) {
        if (timedOut)
            return done(std::nullopt, tr("the system keychain did not answer"));
        if (j->error() == QKeychain::NoError)
            return done(j->binaryData(), QString());
        if (j->error() == QKeychain::EntryNotFound)
            return done(std::nullopt, QString());
        done(std::nullopt, j->errorString());
    });
}

void SystemSecretStore::write(const QString &name, const QByteArray &value, QObject *context, WriteDone done)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    job->setKey(name);
    job->setBinaryData(value);
    runJob(job, context, m_timeoutMs, [done](QKeychain::WritePasswordJob *j, bool timedOut) {
        done(timedOut ? tr("the system keychain did not answer") : j->error() == QKeychain::NoError ? QString() : j->errorString());
    });
}

void SystemSecretStore::remove(const QString &name, QObject *context, WriteDone done)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName());
    job->setKey(name);
    runJob(job, context, m_timeoutMs, [done](QKeychain::DeletePasswordJob *j, bool timedOut) {
        done(timedOut ? tr("the system keychain did not answer")
                      : (j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound) ? QString()
                                                                                                     : j->errorString());
    });
}

KeyResolver::KeyResolver(QProcessEnvironment environment, SecretStore *keychain)
    : m_environment(std::move(environment)), m_keychain(keychain)
{
}

KeyResolver KeyResolver::system()
{
    static SystemSecretStore keychain;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    return KeyResolver(env, env.contains(QStringLiteral("SIFT_NO_KEYCHAIN")) ? nullptr : &keychain);
}

void KeyResolver::resolve(const BackendConfig &backend, QObject *context, std::function<void(KeyLookup)> done) const
{
    const QString name = backend.apiKeyEnv;
    if (name.isEmpty())
        return done(KeyLookup{{}, tr("none needed"), {}});
    const QString value = m_environment.value(name);
    if (!value.isEmpty())
        return done(KeyLookup{value.toUtf8(), tr("environment variable %1").arg(name), {}});
    const QString missing = tr("backend %1 needs a key: environment variable %2 is not set").arg(backend.name, name);
    if (!m_keychain)
        return done(KeyLookup{{}, {}, missing});
    m_keychain->read(name, context, [done, name, missing](std::optional<QByteArray> key, QString problem) {
        if (key && !key->isEmpty())
            return done(KeyLookup{*key, tr("system keychain entry %1").arg(name), {}});
        QString text = missing + tr(" and the system keychain has no entry %1").arg(name);
        if (!problem.isEmpty())
            text += QStringLiteral(" (%1)").arg(problem);
        done(KeyLookup{{}, {}, text});
    });
}

QString maskedKey(const QByteArray &key)
{
    if (key.size() < 16)
        return QStringLiteral("****");
    return QString::fromUtf8(key.left(4)) + QStringLiteral("…") + QString::fromUtf8(key.right(4));
}

QString redactSecrets(QString text, const QList<QByteArray> &keys)
{
    for (const QByteArray &key : keys) {
        if (key.size() >= 4)
            text.replace(QString::fromUtf8(key), maskedKey(key));
    }
    return text;
}

} // namespace sift

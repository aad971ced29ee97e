// Where backend keys come from (environment, then keychain), and how they are kept out of text.

#include "llm/keys.h"
#include "support/memorykeychain.h"

#include <QTest>

using namespace sift;
using sift::test::MemoryKeychain;

namespace {

BackendConfig backend(const QString &env)
{
    BackendConfig b;
    b.name = QStringLiteral("cloud");
    b.apiKeyEnv = env;
    return b;
}

KeyLookup resolve(const KeyResolver &resolver, const BackendConfig &b)
{
    QObject context;
    std::optional<KeyLookup> result;
    resolver.resolve(b, &context, [&](const KeyLookup &k) { result = k; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 2000))
        return KeyLookup{{}, {}, QStringLiteral("no answer")};
    return result.value_or(KeyLookup{{}, {}, QStringLiteral("no answer")});
}

} // namespace

class TestKeys : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noVariableMeansNoKeyNeeded();
    void theEnvironmentComesFirst();
    void thenTheKeychain();
    void neitherExplainsWhatToDo();
    void noKeychainAtAll();
    void theSystemKeychainAlwaysAnswers();
    void masking();
};

void TestKeys::noVariableMeansNoKeyNeeded()
{
    MemoryKeychain keychain;
    const KeyLookup k = resolve(KeyResolver({}, &keychain), backend({}));
    QVERIFY(k.found());
    QVERIFY(k.key.isEmpty());
    QCOMPARE(k.source, QStringLiteral("none needed"));
    QCOMPARE(keychain.reads, 0);
}

void TestKeys::theEnvironmentComesFirst()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("CLOUD_KEY"), QStringLiteral("from-env"));
    MemoryKeychain keychain;
    keychain.entries.insert(QStringLiteral("CLOUD_KEY"), "from-keychain");
    const KeyLookup k = resolve(KeyResolver(env, &keychain), backend(QStringLiteral("CLOUD_KEY")));
    QCOMPARE(k.key, QByteArray("from-env"));
    QCOMPARE(k.source, QStringLiteral("environment variable CLOUD_KEY"));
    QCOMPARE(keychain.reads, 0);
}

void TestKeys::thenTheKeychain()
{
    MemoryKeychain keychain;
    keychain.entries.insert(QStringLiteral("CLOUD_KEY"), "from-keychain");
    QProcessEnvironment env;
    env.insert(QStringLiteral("CLOUD_KEY"), QString());  // set but empty counts as unset
    const KeyLookup k = resolve(KeyResolver(env, &keychain), backend(QStringLiteral("CLOUD_KEY")));
    QCOMPARE(k.key, QByteArray("from-keychain"));
    QCOMPARE(k.source, QStringLiteral("system keychain entry CLOUD_KEY"));
    QVERIFY(!k.source.contains(QStringLiteral("from-keychain")));
}

void TestKeys::neitherExplainsWhatToDo()
{
    MemoryKeychain keychain;
    keychain.unavailable = QStringLiteral("No keychain service available");
    const KeyLookup k = resolve(KeyResolver({}, &keychain), backend(QStringLiteral("CLOUD_KEY")));
    QVERIFY(!k.found());
    QCOMPARE(k.problem, QStringLiteral("backend cloud needs a key: environment variable CLOUD_KEY is not set and the system "
                                       "keychain has no entry CLOUD_KEY (No keychain service available)"));
}

void TestKeys::noKeychainAtAll()
{
    const KeyLookup k = resolve(KeyResolver({}, nullptr), backend(QStringLiteral("CLOUD_KEY")));
    QCOMPARE(k.problem, QStringLiteral("backend cloud needs a key: environment variable CLOUD_KEY is not set"));
}

void TestKeys::theSystemKeychainAlwaysAnswers()
{
    // With a keychain the entry is not found; without one (a server, CI) the lookup fails. Either way
    // it answers, and within its time limit, instead of hanging a run.
    SystemSecretStore keychain(2000);
    QObject context;
    bool answered = false;
    std::optional<QByteArray> value = QByteArray("unset");
    keychain.read(QStringLiteral("SIFT_TEST_ENTRY_THAT_DOES_NOT_EXIST"), &context,
                  [&](std::optional<QByteArray> v, const QString &) {
                      answered = true;
                      value = v;
                  });
    QVERIFY(QTest::qWaitFor([&] { return answered; }, 4000));
    QVERIFY(!value.has_value());
}

void TestKeys::masking()
{
    const QByteArray key = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx";
    QCOMPARE(maskedKey(key), QStringLiteral("sk-p…UvWx"));
    QCOMPARE(maskedKey("short"), QStringLiteral("****"));
    const QString text = QStringLiteral("Incorrect API key provided: %1; again %1.").arg(QString::fromLatin1(key));
    const QString masked = redactSecrets(text, {key, "zz"});
    QCOMPARE(masked, QStringLiteral("Incorrect API key provided: sk-p…UvWx; again sk-p…UvWx."));
    QCOMPARE(redactSecrets(QStringLiteral("nothing here"), {key}), QStringLiteral("nothing here"));
}

QTEST_GUILESS_MAIN(TestKeys)
#include "tst_keys.moc"

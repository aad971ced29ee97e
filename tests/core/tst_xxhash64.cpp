// xxHash64 against the reference implementation's values: the empty string, "a" and "abc" with seed 0
// (the published values), and inputs long enough to run the 32-byte stripe loop and every tail branch,
// with and without a seed, as the reference library (libxxhash 0.8, through `xxhsum -H64` and python's
// xxhash module) computes them.

#include "dataset/xxhash64.h"

#include <QTest>

using namespace sift;

class TestXxHash64 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void referenceVectors_data();
    void referenceVectors();
    void qstringHashesItsUtf8();
    void everyLengthUpTo64IsStableAndDistinct();
};

void TestXxHash64::referenceVectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<quint64>("expected");
    QTest::newRow("empty") << QByteArray() << quint64(0) << quint64(0xEF46DB3751D8E999ULL);
    QTest::newRow("a") << QByteArray("a") << quint64(0) << quint64(0xD24EC4F1A98C6E5BULL);
    QTest::newRow("abc") << QByteArray("abc") << quint64(0) << quint64(0x44BC2CF5AD770999ULL);
    QTest::newRow("xxhash") << QByteArray("xxhash") << quint64(0) << quint64(0x32DD38952C4BC720ULL);
    QTest::newRow("xxhash, seed 20") << QByteArray("xxhash") << quint64(20) << quint64(0x48B35AA98DC04F56ULL);
    QTest::newRow("spammish, seed 20") << QByteArray("Nobody inspects the spammish repetition") << quint64(20)
                                       << quint64(0x733FA29BD00DAEEFULL);
    QTest::newRow("spammish (39 bytes)") << QByteArray("Nobody inspects the spammish repetition") << quint64(0)
                                         << quint64(0xFBCEA83C8A378BF1ULL);
    QTest::newRow("quick brown fox (43 bytes)") << QByteArray("The quick brown fox jumps over the lazy dog") << quint64(0)
                                                << quint64(0x0B242D361FDA71BCULL);
    QTest::newRow("100 zero bytes") << QByteArray(100, '\0') << quint64(0) << quint64(0x17BB1103C92C502FULL);
    QByteArray ramp;
    for (int i = 0; i < 1000; ++i)
        ramp.append(char(i % 251));
    QTest::newRow("1000 bytes i mod 251") << ramp << quint64(0) << quint64(0xF306F04AA88B54D3ULL);
    QTest::newRow("1000 bytes, 64-bit seed") << ramp << quint64(0x9E3779B97F4A7C15ULL) << quint64(0xD9B7AF87DD48F5B4ULL);
}

void TestXxHash64::referenceVectors()
{
    QFETCH(QByteArray, input);
    QFETCH(quint64, seed);
    QFETCH(quint64, expected);
    QCOMPARE(QString::number(xxHash64(input, seed), 16), QString::number(expected, 16));
    QCOMPARE(xxHash64(input.constData(), std::size_t(input.size()), seed), expected);
    QCOMPARE(xxHash64(std::string_view(input.constData(), std::size_t(input.size())), seed), expected);
}

void TestXxHash64::qstringHashesItsUtf8()
{
    const QString text = QStringLiteral("transcript-é✓😀");
    QCOMPARE(xxHash64(text), xxHash64(text.toUtf8()));
    QVERIFY(xxHash64(text, 1) != xxHash64(text, 2));
}

void TestXxHash64::everyLengthUpTo64IsStableAndDistinct()
{
    // Each prefix length takes a different path through the stripes and tails; all must differ.
    const QByteArray data("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-");
    QSet<quint64> seen;
    for (int n = 0; n <= data.size(); ++n) {
        const quint64 h = xxHash64(data.left(n));
        QCOMPARE(xxHash64(data.left(n)), h);
        seen.insert(h);
    }
    QCOMPARE(seen.size(), int(data.size()) + 1);
}

QTEST_GUILESS_MAIN(TestXxHash64)
#include "tst_xxhash64.moc"

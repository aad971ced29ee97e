// Importing transcripts and verdicts from JSONL: every bad line named, nothing half-imported.

#include "dataset/jsonlimport.h"
#include "store/projectstore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;

namespace {
const QByteArray good1 = R"({"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}],"metadata":{"id":"a","flaws":[["vague"]]}})";
const QByteArray good2 = R"({"messages":[{"role":"user","content":"no id here"},{"role":"assistant","content":"ok"}]})";
} // namespace

class TestImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importsAndSkipsDuplicates();
    void badLineIsReportedExactly_data();
    void badLineIsReportedExactly();
    void verdictsNeedTheirTranscript();

private:
    QString write(const QByteArray &bytes)
    {
        const QString path = m_tmp.filePath(QStringLiteral("f%1.jsonl").arg(++m_n));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(bytes);
        return path;
    }
    QTemporaryDir m_tmp;
    int m_n = 0;
};

void TestImport::importsAndSkipsDuplicates()
{
    auto store = ProjectStore::open(m_tmp.filePath(QStringLiteral("a.db")));
    QVERIFY(store.ok());
    // A byte order mark and blank lines are tolerated.
    const QString path = write("\xEF\xBB\xBF" + good1 + "\n\n" + good2 + "\n");
    auto counts = importTranscripts(**store, path, QStringLiteral("import"));
    QVERIFY2(counts.ok(), qPrintable(counts.errorText()));
    QCOMPARE(counts->imported, 2);
    QCOMPARE(counts->skippedDuplicates, 0);
    QCOMPARE((*store)->transcript(QStringLiteral("a"))->flaws, QList<QStringList>{{QStringLiteral("vague")}});
    counts = importTranscripts(**store, path, QStringLiteral("import"));
    QCOMPARE(counts->imported, 0);
    QCOMPARE(counts->skippedDuplicates, 2);
    QCOMPARE((*store)->transcripts()->size(), 2);
}

void TestImport::badLineIsReportedExactly_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray(R"({"messages": [)")
                              << QStringLiteral(":2:15: error: not valid JSON: unterminated array (hint: each line must be one complete JSON object)");
    QTest::newRow("not an object") << QByteArray("[1, 2]")
                                   << QStringLiteral(":2:1: error: the line is JSON but not an object (hint: each line must be one JSON object)");
    QTest::newRow("no messages") << QByteArray(R"({"metadata":{"id":"x"}})")
                                 << QStringLiteral(":2:1: error: \"messages\" is missing or not a non-empty list (hint: write "
                                                   "{\"messages\": [{\"role\": \"user\", \"content\": \"...\"}, ...]})");
    QTest::newRow("unknown role") << QByteArray(R"({"messages":[{"role":"bot","content":"x"}]})")
                                  << QStringLiteral(":2:1: error: message 1 has role \"bot\"; expected system, user or assistant "
                                                    "(hint: fix the role of that message)");
    QTest::newRow("content not text") << QByteArray(R"({"messages":[{"role":"user","content":3}]})")
                                      << QStringLiteral(":2:1: error: message 1 has no text content (hint: \"content\" must be a string)");
    QTest::newRow("duplicate id") << good1
                                  << QStringLiteral(":2:1: error: transcript id a appears twice in this file (hint: give each "
                                                    "conversation its own metadata.id)");
}

void TestImport::badLineIsReportedExactly()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    auto store = ProjectStore::open(m_tmp.filePath(QStringLiteral("b%1.db").arg(++m_n)));
    const QString path = write(good1 + "\n" + line + "\n" + good2 + "\n");
    const auto counts = importTranscripts(**store, path, QStringLiteral("import"));
    QVERIFY(!counts.ok());
    QCOMPARE(counts.diagnostics().size(), 1);
    QCOMPARE(counts.errorText(), path + expected);
    QCOMPARE((*store)->transcripts()->size(), 0);
}

void TestImport::verdictsNeedTheirTranscript()
{
    auto store = ProjectStore::open(m_tmp.filePath(QStringLiteral("c.db")));
    QVERIFY(importTranscripts(**store, write(good1 + "\n"), QStringLiteral("sample")).ok());
    const QString bad = write(R"({"transcript":"a","judge":"j","criteria":{"C1":{"answer":"maybe"}}})" "\n");
    auto v = importVerdicts(**store, bad);
    QVERIFY(!v.ok());
    QCOMPARE(v.errorText(), bad + QStringLiteral(":1:1: error: criterion C1 has answer \"maybe\"; expected YES, NO or NA (hint: fix the answer)"));
    const QString unknown = write(R"({"transcript":"zzz","judge":"j","criteria":{"C1":{"answer":"YES"}}})" "\n");
    QVERIFY(!importVerdicts(**store, unknown).ok());
    const QString good = write(R"({"transcript":"a","judge":"j","criteria":{"C1":{"answer":"NO","evidence":"hello","turn":1,"reasoning":"r"}}})" "\n");
    v = importVerdicts(**store, good);
    QVERIFY2(v.ok(), qPrintable(v.errorText()));
    QCOMPARE((*store)->verdicts(QStringLiteral("a"))->first().criteria.first().answer, QStringLiteral("NO"));
}

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"

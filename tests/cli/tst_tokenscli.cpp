// sift-cli tokens end to end: counts on standard input against the reference implementations' counts
// (written by tests/tokenizer/setup.sh), the JSON report, and the exit codes.

#include "support/clirun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString refDir = QStringLiteral(SIFT_TOKENIZER_REF_DIR);

using Run = sift::test::CliRun;

Run cli(const QStringList &args, const QByteArray &input)
{
    QProcess *p = sift::test::launchCli(QStringList{QStringLiteral("tokens")} + args);
    p->write(input);
    p->closeWriteChannel();
    return sift::test::collectCli(p);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject readJson(const QString &name)
{
    return QJsonDocument::fromJson(readFile(QDir(refDir).filePath(name))).object();
}

QString ref(const QString &name)
{
    return QDir(refDir).filePath(name);
}

} // namespace

class TestTokensCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void countsText();
    void jsonReport();
    void countsConversations();
    void countsJsonlConversations();
    void badTokenizerExitsOne();
    void badInputExitsOne();
    void usageErrorsExitTwo();

private:
    QByteArray m_text;
};

void TestTokensCli::initTestCase()
{
    if (!QFile::exists(ref(QStringLiteral("chat.json"))))
        QFAIL(qPrintable(
            QStringLiteral("the reference data is missing from %1; the tokenizer_reference test writes it")
                .arg(refDir)));
    m_text = readFile(QStringLiteral(SIFT_TEST_DATA "/tokenizer/multilingual.txt"));
    QVERIFY(!m_text.isEmpty());
}

void TestTokensCli::countsText()
{
    for (const QString &name : {QStringLiteral("qwen3"), QStringLiteral("cl100k_base")}) {
        const qsizetype expected = readJson(QStringLiteral("expected-%1.json").arg(name))
                                       .value(QStringLiteral("whole"))
                                       .toArray()
                                       .size();
        QVERIFY(expected > 1000);
        const QString file = ref(
            name + (name == QLatin1String("qwen3") ? QStringLiteral(".json") : QStringLiteral(".tiktoken")));
        const Run r = cli({QStringLiteral("--tokenizer"), file}, m_text);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("%1\n").arg(expected));
    }
}

void TestTokensCli::jsonReport()
{
    const Run r = cli(
        {QStringLiteral("--tokenizer"), ref(QStringLiteral("o200k_base.tiktoken")), QStringLiteral("--json")},
        m_text);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(report.value(QStringLiteral("tokens")).toInteger(),
             qint64(readJson(QStringLiteral("expected-o200k_base.json"))
                        .value(QStringLiteral("whole"))
                        .toArray()
                        .size()));
    QCOMPARE(report.value(QStringLiteral("bytes")).toInteger(), qint64(m_text.size()));
    QCOMPARE(report.value(QStringLiteral("encoding")).toString(), QStringLiteral("o200k_base"));
}

void TestTokensCli::countsConversations()
{
    const QJsonObject chat = readJson(QStringLiteral("chat.json"));
    const QJsonArray conversations = chat.value(QStringLiteral("conversations")).toArray();
    const QJsonArray expected = chat.value(QStringLiteral("expected")).toArray();
    QVERIFY(!conversations.isEmpty());
    const QByteArray messages = QJsonDocument(conversations[0].toArray()).toJson(QJsonDocument::Indented);
    const Run chatml = cli({QStringLiteral("--tokenizer"), ref(QStringLiteral("qwen3.json")),
                            QStringLiteral("--chat-format"), QStringLiteral("chatml")},
                           messages);
    QVERIFY2(chatml.exitCode == 0, qPrintable(chatml.err));
    const qint64 want = expected[0]
                            .toObject()
                            .value(QStringLiteral("chatml"))
                            .toObject()
                            .value(QStringLiteral("qwen3"))
                            .toInteger();
    QVERIFY(want > 0);
    QCOMPARE(chatml.out, QStringLiteral("%1\n").arg(want));

    const Run openai =
        cli({QStringLiteral("--tokenizer"), ref(QStringLiteral("cl100k_base.tiktoken")),
             QStringLiteral("--chat-format"), QStringLiteral("openai"), QStringLiteral("--json")},
            messages);
    QVERIFY2(openai.exitCode == 0, qPrintable(openai.err));
    const QJsonObject report = QJsonDocument::fromJson(openai.out.toUtf8()).object();
    QCOMPARE(report.value(QStringLiteral("tokens")).toInteger(), expected[0]
                                                                     .toObject()
                                                                     .value(QStringLiteral("openai"))
                                                                     .toObject()
                                                                     .value(QStringLiteral("cl100k_base"))
                                                                     .toInteger());
    QCOMPARE(report.value(QStringLiteral("chat_format")).toString(), QStringLiteral("openai"));
}

void TestTokensCli::countsJsonlConversations()
{
    // OpenAI chat JSONL: one conversation per line, one count per line and the total.
    const QJsonObject chat = readJson(QStringLiteral("chat.json"));
    const QJsonArray conversations = chat.value(QStringLiteral("conversations")).toArray();
    const QJsonArray expected = chat.value(QStringLiteral("expected")).toArray();
    QByteArray jsonl;
    qint64 total = 0;
    QString lines;
    for (qsizetype i = 0; i < 2; ++i) {
        jsonl += QJsonDocument(QJsonObject{{QStringLiteral("messages"), conversations[i]}})
                     .toJson(QJsonDocument::Compact) +
                 "\n";
        const qint64 n = expected[i]
                             .toObject()
                             .value(QStringLiteral("llama3"))
                             .toObject()
                             .value(QStringLiteral("llama3"))
                             .toInteger();
        lines += QStringLiteral("%1\n").arg(n);
        total += n;
    }
    const Run r = cli({QStringLiteral("--tokenizer"), ref(QStringLiteral("llama3.json")),
                       QStringLiteral("--chat-format"), QStringLiteral("llama3")},
                      jsonl);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out, lines + QStringLiteral("total %1\n").arg(total));
}

void TestTokensCli::badTokenizerExitsOne()
{
    QTemporaryDir tmp;
    const QString path = tmp.filePath(QStringLiteral("tokenizer.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"model\": {\"vocab\": {\"a\": 0}, \"merges\": [");
    f.close();
    const Run r = cli({QStringLiteral("--tokenizer"), path}, "hello");
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(path + QStringLiteral(":1:")) &&
                 r.err.contains(QStringLiteral("error: not valid JSON")),
             qPrintable(r.err));
    QVERIFY(r.out.isEmpty());

    const Run missing =
        cli({QStringLiteral("--tokenizer"), tmp.filePath(QStringLiteral("absent.tiktoken"))}, "hello");
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("cannot read the tokenizer")), qPrintable(missing.err));
}

void TestTokensCli::badInputExitsOne()
{
    const Run r = cli({QStringLiteral("--tokenizer"), ref(QStringLiteral("qwen3.json")),
                       QStringLiteral("--chat-format"), QStringLiteral("chatml")},
                      "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}\nnot json\n");
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("<stdin>:2:")) && r.err.contains(QStringLiteral("not valid JSON")),
             qPrintable(r.err));
}

void TestTokensCli::usageErrorsExitTwo()
{
    QCOMPARE(cli({}, "text").exitCode, 2);
    const Run unknown = cli({QStringLiteral("--tokenizer"), ref(QStringLiteral("qwen3.json")),
                             QStringLiteral("--chat-format"), QStringLiteral("vicuna")},
                            "[]");
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains(QStringLiteral("unknown chat format 'vicuna'")), qPrintable(unknown.err));
    QCOMPARE(cli({QStringLiteral("--tokenizer"), ref(QStringLiteral("qwen3.json")), QStringLiteral("extra")},
                 "text")
                 .exitCode,
             2);
    const Run help = cli({QStringLiteral("--help")}, QByteArray());
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(QStringLiteral("--chat-format")));
}

QTEST_GUILESS_MAIN(TestTokensCli)
#include "tst_tokenscli.moc"

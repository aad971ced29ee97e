// Exact tokenizers: Sift's token ids against the reference implementations (Hugging Face tokenizers
// and tiktoken), whose output tests/tokenizer/setup.sh writes before this test runs.

#include "dataset/chatformat.h"
#include "dataset/tokenizer.h"
#include "dataset/transcripttokens.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QRandomGenerator>
#include <QTest>
#include <map>
#include <memory>
#include <thread>

using namespace sift;

namespace {

// SIFT_TOKENIZER_REF_DIR in the environment points the test at reference data written elsewhere, e.g. a
// larger random sample (see tests/tokenizer/reference.mjs).
const QString refDir = qEnvironmentVariable("SIFT_TOKENIZER_REF_DIR", QStringLiteral(SIFT_TOKENIZER_REF_DIR));
// variant.json: Llama 3's vocabulary with the GPT-2 pre-tokenizer, a prefix space, NFC and unusual added
// tokens.
const QStringList tokenizerNames = {QStringLiteral("qwen3"),      QStringLiteral("llama3"),
                                    QStringLiteral("variant"),    QStringLiteral("cl100k_base"),
                                    QStringLiteral("o200k_base"), QStringLiteral("r50k_base")};

QString tokenizerFile(const QString &name)
{
    return QDir(refDir).filePath(name.endsWith(QLatin1String("_base")) ? name + QStringLiteral(".tiktoken")
                                                                       : name + QStringLiteral(".json"));
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QJsonObject readJson(const QString &name)
{
    return QJsonDocument::fromJson(readFile(QDir(refDir).filePath(name))).object();
}

std::vector<int> ids(const QJsonValue &array)
{
    std::vector<int> out;
    for (const QJsonValue &v : array.toArray())
        out.push_back(v.toInt());
    return out;
}

std::string_view view(const QByteArray &bytes)
{
    return std::string_view(bytes.constData(), std::size_t(bytes.size()));
}

QString show(const std::vector<int> &v)
{
    QStringList parts;
    for (const int id : v)
        parts.append(QString::number(id));
    return QLatin1Char('[') + parts.join(QLatin1Char(',')) + QLatin1Char(']');
}

// "index 12: text ..., expected [...], got [...]" for the first difference, or empty.
QString firstDifference(const QString &what, const QByteArray &text, const std::vector<int> &expected,
                        const std::vector<int> &actual)
{
    if (expected == actual)
        return QString();
    return QStringLiteral("%1: %2 (hex %3)\n  expected %4\n  got      %5")
        .arg(what, QString::fromUtf8(text.left(300)), QString::fromLatin1(text.left(120).toHex(' ')),
             show(expected), show(actual));
}

std::string minimalTokenizerJson(const std::string &preTokenizer, const std::string &model)
{
    return R"({"version": "1.0", "added_tokens": [], "normalizer": null, "pre_tokenizer": )" + preTokenizer +
           R"(, "model": )" + model + "}";
}

const std::string byteLevel = R"({"type": "ByteLevel", "add_prefix_space": false, "use_regex": true})";
const std::string bpeModel = R"({"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]})";

} // namespace

class TestTokenizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void linesMatchTheReference_data();
    void linesMatchTheReference();
    void wholeTextMatchesTheReference_data();
    void wholeTextMatchesTheReference();
    void randomTextMatchesTheReference_data();
    void randomTextMatchesTheReference();
    void chatFormatsCountLikeTheReference();
    void tiktokenEncodingKnownBySize();
    void concurrentEncodingAgrees();
    void malformedFilesGiveDiagnostics_data();
    void malformedFilesGiveDiagnostics();
    void chatFormatNames();
    void conversationsParse();
    void transcriptCounterUsesTheModelsTokenizer();
    void perMessageCountsAddUpToTheConversation();

private:
    std::map<QString, std::unique_ptr<Tokenizer>> m_tokenizers;
    QByteArray m_text;
    QTemporaryDir m_tmp;
};

void TestTokenizer::initTestCase()
{
    if (!QFile::exists(QDir(refDir).filePath(QStringLiteral("chat.json"))))
        QFAIL(qPrintable(
            QStringLiteral("the reference data is missing from %1. ctest writes it first (the "
                           "tokenizer_reference test runs tests/tokenizer/setup.sh %1); so can you.")
                .arg(refDir)));
    for (const QString &name : tokenizerNames) {
        QElapsedTimer timer;
        timer.start();
        auto loaded = Tokenizer::load(tokenizerFile(name));
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
        qInfo("%s: loaded in %lld ms (%s)", qPrintable(name), timer.elapsed(),
              qPrintable(loaded->description()));
        m_tokenizers[name] = std::make_unique<Tokenizer>(*loaded);
    }
    m_text = readFile(QStringLiteral(SIFT_TEST_DATA "/tokenizer/multilingual.txt"));
    QVERIFY(!m_text.isEmpty());
}

void TestTokenizer::linesMatchTheReference_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : tokenizerNames)
        QTest::newRow(qPrintable(name)) << name;
}

void TestTokenizer::linesMatchTheReference()
{
    QFETCH(QString, name);
    const Tokenizer &tokenizer = *m_tokenizers.at(name);
    const QJsonArray expected =
        readJson(QStringLiteral("expected-%1.json").arg(name)).value(QStringLiteral("lines")).toArray();
    const QList<QByteArray> lines = m_text.split('\n');
    QCOMPARE(expected.size(), lines.size());
    QStringList failures;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const std::vector<int> want = ids(expected[i]);
        const std::vector<int> got = tokenizer.encode(view(lines[i]));
        const QString diff = firstDifference(QStringLiteral("line %1").arg(i + 1), lines[i], want, got);
        if (!diff.isEmpty())
            failures.append(diff);
        QCOMPARE(tokenizer.count(view(lines[i])), qint64(want.size()));
    }
    QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 of %2 lines differ; first:\n%3")
                                                .arg(failures.size())
                                                .arg(lines.size())
                                                .arg(failures.value(0))));
}

void TestTokenizer::wholeTextMatchesTheReference_data()
{
    linesMatchTheReference_data();
}

void TestTokenizer::wholeTextMatchesTheReference()
{
    QFETCH(QString, name);
    const Tokenizer &tokenizer = *m_tokenizers.at(name);
    const std::vector<int> want =
        ids(readJson(QStringLiteral("expected-%1.json").arg(name)).value(QStringLiteral("whole")));
    QVERIFY(want.size() > 1000);
    const std::vector<int> got = tokenizer.encode(view(m_text));
    QVERIFY2(got == want, qPrintable(firstDifference(QStringLiteral("whole text"), m_text, want, got)));
    QCOMPARE(tokenizer.count(view(m_text)), qint64(want.size()));
    // The QString overloads see the same text; a lone surrogate is U+FFFD, as a JavaScript string's is.
    QCOMPARE(tokenizer.count(QString::fromUtf8(m_text)), qint64(want.size()));
    QCOMPARE(tokenizer.encode(QString::fromUtf8(m_text)), QList<int>(want.begin(), want.end()));
    QString lone = QStringLiteral("a");
    lone.append(QChar(0xD83D)).append(QStringLiteral("b"));
    const std::vector<int> replaced = tokenizer.encode(std::string_view("a\xEF\xBF\xBD"
                                                                        "b"));
    QCOMPARE(tokenizer.encode(lone), QList<int>(replaced.begin(), replaced.end()));
}

void TestTokenizer::randomTextMatchesTheReference_data()
{
    linesMatchTheReference_data();
}

void TestTokenizer::randomTextMatchesTheReference()
{
    QFETCH(QString, name);
    const Tokenizer &tokenizer = *m_tokenizers.at(name);
    const QJsonObject random = readJson(QStringLiteral("random.json"));
    const QJsonArray cases = random.value(QStringLiteral("cases")).toArray();
    const QJsonArray expected = random.value(QStringLiteral("expected")).toObject().value(name).toArray();
    QVERIFY(cases.size() >= 1000);
    QCOMPARE(expected.size(), cases.size());
    int failures = 0;
    QString first;
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QByteArray bytes = QByteArray::fromBase64(cases[i].toString().toLatin1());
        const QString diff = firstDifference(QStringLiteral("case %1").arg(i), bytes, ids(expected[i]),
                                             tokenizer.encode(view(bytes)));
        if (!diff.isEmpty() && failures++ == 0)
            first = diff;
    }
    QVERIFY2(failures == 0, qPrintable(QStringLiteral("%1 of %2 random cases differ; first:\n%3")
                                           .arg(failures)
                                           .arg(cases.size())
                                           .arg(first)));
}

void TestTokenizer::chatFormatsCountLikeTheReference()
{
    const QJsonObject chat = readJson(QStringLiteral("chat.json"));
    const QJsonArray conversations = chat.value(QStringLiteral("conversations")).toArray();
    const QJsonArray expected = chat.value(QStringLiteral("expected")).toArray();
    QVERIFY(!conversations.isEmpty());
    QCOMPARE(expected.size(), conversations.size());
    int checked = 0;
    for (qsizetype i = 0; i < conversations.size(); ++i) {
        const auto messages = parseConversation(QJsonDocument(conversations[i].toArray()).toJson(),
                                                QStringLiteral("chat.json"));
        QVERIFY2(messages.ok(), qPrintable(messages.errorText()));
        const QJsonObject byFormat = expected[i].toObject();
        for (auto f = byFormat.begin(); f != byFormat.end(); ++f) {
            const auto format = chatFormatFromName(f.key());
            QVERIFY2(format.has_value(), qPrintable(f.key()));
            const QJsonObject byTokenizer = f.value().toObject();
            for (auto t = byTokenizer.begin(); t != byTokenizer.end(); ++t) {
                const qint64 got = countConversationTokens(*m_tokenizers.at(t.key()), *messages, *format);
                QVERIFY2(got == t.value().toInteger(),
                         qPrintable(QStringLiteral("conversation %1, %2 with %3: expected %4, got %5")
                                        .arg(i)
                                        .arg(f.key(), t.key())
                                        .arg(t.value().toInteger())
                                        .arg(got)));
                ++checked;
            }
        }
    }
    QVERIFY(checked >= 30);
}

void TestTokenizer::tiktokenEncodingKnownBySize()
{
    // A rank file not named after its encoding is recognized by its number of ranks.
    const QString renamed = m_tmp.filePath(QStringLiteral("ranks.tiktoken"));
    QVERIFY(writeFile(renamed, readFile(tokenizerFile(QStringLiteral("o200k_base")))));
    const auto loaded = Tokenizer::load(renamed);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
    QCOMPARE(loaded->description(), QStringLiteral("o200k_base"));
    const std::vector<int> want =
        ids(readJson(QStringLiteral("expected-o200k_base.json")).value(QStringLiteral("whole")));
    QVERIFY(loaded->encode(view(m_text)) == want);
}

void TestTokenizer::concurrentEncodingAgrees()
{
    // Each thread keeps its own piece cache; several tokenizers interleave on every thread.
    std::vector<std::vector<int>> expected;
    for (const QString &name : tokenizerNames)
        expected.push_back(
            ids(readJson(QStringLiteral("expected-%1.json").arg(name)).value(QStringLiteral("whole"))));
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 3; ++round) {
                for (qsizetype k = 0; k < tokenizerNames.size(); ++k) {
                    const qsizetype n = (k + t + round) % tokenizerNames.size();
                    if (m_tokenizers.at(tokenizerNames[n])->encode(view(m_text)) != expected[std::size_t(n)])
                        ++mismatches[std::size_t(t)];
                }
            }
        });
    }
    for (std::thread &th : threads)
        th.join();
    QCOMPARE(mismatches, std::vector<int>(4, 0));
}

void TestTokenizer::malformedFilesGiveDiagnostics_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");

    const QByteArray qwen = readFile(tokenizerFile(QStringLiteral("qwen3")));
    QTest::newRow("truncated json") << QStringLiteral("tokenizer.json") << qwen.left(5000)
                                    << QStringLiteral("not valid JSON");
    QTest::newRow("json list") << QStringLiteral("tokenizer.json") << QByteArray("  [1, 2, 3]")
                               << QStringLiteral("no \"model\" object");
    QTest::newRow("no vocab")
        << QStringLiteral("tokenizer.json")
        << QByteArray(minimalTokenizerJson(byteLevel, R"({"type": "BPE", "merges": []})").c_str())
        << QStringLiteral("model.vocab is missing or empty");
    QTest::newRow("vocab of text")
        << QStringLiteral("tokenizer.json")
        << QByteArray(
               minimalTokenizerJson(byteLevel, R"({"type": "BPE", "vocab": {"a": "zero"}, "merges": []})")
                   .c_str())
        << QStringLiteral("maps tokens to numbers");
    QTest::newRow("unigram")
        << QStringLiteral("tokenizer.json")
        << QByteArray(minimalTokenizerJson(byteLevel, R"({"type": "Unigram", "vocab": {"a": 0}})").c_str())
        << QStringLiteral("only BPE is supported");
    QTest::newRow("unknown regex")
        << QStringLiteral("tokenizer.json")
        << QByteArray(
               minimalTokenizerJson(
                   R"({"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "\\w+"}, "behavior": "Isolated", "invert": false}, {"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}]})",
                   bpeModel)
                   .c_str())
        << QStringLiteral("is not one Sift knows");
    QTest::newRow("metaspace")
        << QStringLiteral("tokenizer.json")
        << QByteArray(minimalTokenizerJson(R"({"type": "Metaspace", "replacement": "_"})", bpeModel).c_str())
        << QStringLiteral("pre-tokenizer \"Metaspace\" is not supported");
    QTest::newRow("no byte level") << QStringLiteral("tokenizer.json")
                                   << QByteArray(minimalTokenizerJson("null", bpeModel).c_str())
                                   << QStringLiteral("not byte-level BPE");
    QTest::newRow("merge out of vocab")
        << QStringLiteral("tokenizer.json")
        << QByteArray(minimalTokenizerJson(byteLevel,
                                           R"({"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]})")
                          .c_str())
        << QStringLiteral("uses a token that is not in model.vocab");
    QTest::newRow("merge not a pair")
        << QStringLiteral("tokenizer.json")
        << QByteArray(
               minimalTokenizerJson(
                   byteLevel,
                   R"({"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": [["a", "b", "c"]]})")
                   .c_str())
        << QStringLiteral("not a pair of tokens");
    QTest::newRow("nfkc normalizer") << QStringLiteral("tokenizer.json")
                                     << QByteArray((R"({"normalizer": {"type": "NFKC"}, "pre_tokenizer": )" +
                                                    byteLevel + R"(, "model": )" + bpeModel + "}")
                                                       .c_str())
                                     << QStringLiteral("normalizer \"NFKC\" is not supported");
    QTest::newRow("tiktoken bad line")
        << QStringLiteral("cl100k_base.tiktoken") << QByteArray("IQ== 0\nIg== 1\nnot base64!! 2\n")
        << QStringLiteral(":3:1: error: this line is not a base64 token");
    QTest::newRow("tiktoken unknown encoding")
        << QStringLiteral("mystery.tiktoken") << QByteArray("IQ== 0\nIg== 1\n")
        << QStringLiteral("cannot tell which tiktoken encoding");
    QTest::newRow("tiktoken missing bytes")
        << QStringLiteral("cl100k_base.tiktoken") << QByteArray("IQ== 0\nIg== 1\n")
        << QStringLiteral("has no token");
    QTest::newRow("empty file") << QStringLiteral("o200k_base.tiktoken") << QByteArray()
                                << QStringLiteral("has no tokens");
}

void TestTokenizer::malformedFilesGiveDiagnostics()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString path = m_tmp.filePath(fileName);
    QVERIFY(writeFile(path, content));
    const auto loaded = Tokenizer::load(path, QStringLiteral("tokenizers/") + fileName);
    QVERIFY(!loaded.ok());
    QVERIFY(!loaded.diagnostics().isEmpty());
    const QString text = loaded.errorText();
    QVERIFY2(text.startsWith(QStringLiteral("tokenizers/") + fileName + QLatin1Char(':')), qPrintable(text));
    QVERIFY2(text.contains(message), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("(hint: ")), qPrintable(text));
}

void TestTokenizer::chatFormatNames()
{
    for (const QString &name : sift::chatFormatNames())
        QCOMPARE(chatFormatName(*chatFormatFromName(name)), name);
    QVERIFY(!chatFormatFromName(QStringLiteral("ChatML")).has_value());
    const auto missing = Tokenizer::load(m_tmp.filePath(QStringLiteral("absent.json")),
                                         QStringLiteral("tokenizers/absent.json"));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.errorText().startsWith(
                 QStringLiteral("tokenizers/absent.json:0:0: error: cannot read the tokenizer")),
             qPrintable(missing.errorText()));
}

void TestTokenizer::conversationsParse()
{
    const auto jsonl = parseConversation(
        R"({"messages": [{"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}, {"role": "assistant", "content": null}]})",
        QStringLiteral("x.jsonl"), 4);
    QVERIFY2(jsonl.ok(), qPrintable(jsonl.errorText()));
    QCOMPARE(jsonl->size(), 2);
    QCOMPARE(jsonl->at(0).content, QStringLiteral("ab"));
    QCOMPARE(jsonl->at(1).content, QString());
    const auto bad = parseConversation(R"([{"content": "no role"}])", QStringLiteral("x.json"), 7);
    QVERIFY(!bad.ok());
    QVERIFY2(bad.errorText().startsWith(QStringLiteral("x.json:7:1: error: message 1 has no \"role\"")),
             qPrintable(bad.errorText()));
    QVERIFY(!parseConversation("{\"messages\": 3}", QStringLiteral("x.json")).ok());
    QVERIFY(!parseConversation("[{", QStringLiteral("x.json")).ok());
}

void TestTokenizer::transcriptCounterUsesTheModelsTokenizer()
{
    const QList<Message> transcript{{QStringLiteral("system"), QStringLiteral("You support Ledgerly.")},
                                    {QStringLiteral("user"), QStringLiteral("Wie exportiere ich Rechnungen? 請幫忙 🙏")},
                                    {QStringLiteral("assistant"), QStringLiteral("Open Reports > Export.")}};
    ModelChoice choice;
    choice.tokenizer = QStringLiteral("qwen3.json");  // relative to the "project folder"
    choice.chatFormat = QStringLiteral("chatml");
    const TranscriptTokenCounter exact = transcriptTokenCounter(refDir, choice);
    QVERIFY2(exact.exact, qPrintable(exact.problem));
    QList<ChatMessage> chat;
    for (const Message &m : transcript)
        chat.append({m.role, m.content});
    QCOMPARE(exact.count(transcript), countConversationTokens(*m_tokenizers.at(QStringLiteral("qwen3")), chat, ChatFormat::ChatMl));
    QVERIFY(exact.description.endsWith(QStringLiteral("chatml")));
    // A tiktoken file without a chat format counts OpenAI's way.
    choice.tokenizer = QStringLiteral("cl100k_base.tiktoken");
    choice.chatFormat.clear();
    QCOMPARE(transcriptTokenCounter(refDir, choice).count(transcript),
             countConversationTokens(*m_tokenizers.at(QStringLiteral("cl100k_base")), chat, ChatFormat::OpenAi));
    // A named file that cannot be read falls back to an estimate and says why.
    choice.tokenizer = QStringLiteral("missing.json");
    const TranscriptTokenCounter fallback = transcriptTokenCounter(refDir, choice);
    QVERIFY(!fallback.exact);
    QVERIFY2(fallback.problem.contains(QStringLiteral("missing.json")), qPrintable(fallback.problem));
    QVERIFY(fallback.count(transcript) > 0);
    choice.tokenizer.clear();
    QVERIFY(transcriptTokenCounter(refDir, choice).problem.isEmpty());
}

void TestTokenizer::perMessageCountsAddUpToTheConversation()
{
    // Slicing counts each message once and adds: that must equal counting the whole conversation.
    QRandomGenerator random(99);
    const QStringList pieces{QStringLiteral("Hello"), QStringLiteral(" world"), QStringLiteral("\n\n"), QStringLiteral("  "),
                             QStringLiteral("請幫忙"), QStringLiteral("🙏"), QStringLiteral("<|im_end|>"), QStringLiteral("\t"),
                             QStringLiteral("Export > CSV."), QStringLiteral("123"), QStringLiteral(" "), QStringLiteral("é")};
    for (const auto &[file, format] : {std::pair{"qwen3.json", "chatml"}, std::pair{"llama3.json", "llama3"},
                                       std::pair{"cl100k_base.tiktoken", "openai"}, std::pair{"qwen3.json", "gemma"}}) {
        ModelChoice choice;
        choice.tokenizer = QString::fromLatin1(file);
        choice.chatFormat = QString::fromLatin1(format);
        const TranscriptTokenCounter counter = transcriptTokenCounter(refDir, choice);
        QVERIFY2(counter.exact, qPrintable(counter.problem));
        if (choice.chatFormat == QLatin1String("gemma")) {
            QVERIFY(!counter.perMessage);  // the system prompt joins the first user turn: not a sum
            continue;
        }
        QVERIFY2(counter.perMessage, format);
        for (int round = 0; round < 200; ++round) {
            QList<Message> messages;
            const int n = random.bounded(1, 8);
            for (int i = 0; i < n; ++i) {
                QString content;
                for (int k = random.bounded(0, 12); k > 0; --k)
                    content += pieces[random.bounded(int(pieces.size()))];
                messages.append({QString::fromLatin1(i == 0 ? "system" : (i % 2 ? "user" : "assistant")), content});
            }
            qint64 sum = counter.fixed;
            for (const Message &m : messages)
                sum += counter.perMessage(m);
            QCOMPARE(sum, counter.count(messages));
        }
    }
}

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"

// The group split (before slicing) and the hand-written JSON Lines writer, checked against Qt's JSON
// parser on every kind of character.

#include "dataset/datasetsplit.h"
#include "dataset/jsonlwriter.h"
#include "project/manifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <tuple>

using namespace sift;

class TestDatasetSplit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void groupsNeverStraddleTheSplit();
    void shareIsMetAndSplitIsDeterministic();
    void groupingByTranscriptOnlyIgnoresPersonas();
    void aPersonaLargerThanTheShareStillLeavesValidation();
    void stringsRoundTripThroughAParser();
    void formatsHaveTheirExactShape();
    void encodedPiecesWriteTheSameLines();
};

void TestDatasetSplit::groupsNeverStraddleTheSplit()
{
    QRandomGenerator random(7);
    for (int round = 0; round < 50; ++round) {
        QList<ExampleOrigin> transcripts;
        const int personas = random.bounded(1, 60);
        for (int i = 0; i < 300; ++i)
            transcripts.append({QStringLiteral("t%1").arg(i), random.bounded(5) == 0 ? QString() : QStringLiteral("{\"p\":%1}").arg(random.bounded(personas))});
        SplitSettings settings;
        settings.validationShare = random.bounded(1, 50) / 100.0;
        const auto split = DatasetSplit::assign(transcripts, settings, random.generate64());
        QCOMPARE(split.sides.size(), 300);
        QList<ExampleOrigin> train, validation;
        for (const ExampleOrigin &t : transcripts)
            (split.sides.value(t.transcript) == SplitSide::Train ? train : validation).append(t);
        QVERIFY(checkLeakage(train, validation, true).ok());
        QCOMPARE(split.trainTranscripts + split.validationTranscripts, 300);
        QCOMPARE(int(validation.size()), split.validationTranscripts);
    }
}

void TestDatasetSplit::shareIsMetAndSplitIsDeterministic()
{
    QList<ExampleOrigin> transcripts;
    for (int i = 0; i < 1000; ++i)
        transcripts.append({QStringLiteral("t%1").arg(i), QString()});
    SplitSettings settings;
    settings.validationShare = 0.1;
    const auto a = DatasetSplit::assign(transcripts, settings, 42);
    QCOMPARE(a.validationTranscripts, 100);  // one transcript a group: the share is met exactly
    QCOMPARE(DatasetSplit::assign(transcripts, settings, 42).sides, a.sides);
    const auto other = DatasetSplit::assign(transcripts, settings, 43);
    QVERIFY(other.sides != a.sides);
    // Listing order does not matter.
    QList<ExampleOrigin> reversed(transcripts.rbegin(), transcripts.rend());
    QCOMPARE(DatasetSplit::assign(reversed, settings, 42).sides, a.sides);
    settings.validationShare = 0;
    QCOMPARE(DatasetSplit::assign(transcripts, settings, 42).validationTranscripts, 0);
}

void TestDatasetSplit::groupingByTranscriptOnlyIgnoresPersonas()
{
    QList<ExampleOrigin> transcripts;
    for (int i = 0; i < 100; ++i)
        transcripts.append({QStringLiteral("t%1").arg(i), QStringLiteral("same persona")});
    SplitSettings settings;
    settings.validationShare = 0.2;
    settings.groupBy = {QStringLiteral("transcript")};
    const auto split = DatasetSplit::assign(transcripts, settings, 1);
    QCOMPARE(split.groups, 100);
    QCOMPARE(split.validationTranscripts, 20);
    settings.groupBy = {QStringLiteral("transcript"), QStringLiteral("persona")};
    QCOMPARE(DatasetSplit::assign(transcripts, settings, 1).groups, 1);
}

void TestDatasetSplit::aPersonaLargerThanTheShareStillLeavesValidation()
{
    QList<ExampleOrigin> transcripts;
    for (int i = 0; i < 10; ++i)
        transcripts.append({QStringLiteral("a%1").arg(i), QStringLiteral("A")});
    for (int i = 0; i < 10; ++i)
        transcripts.append({QStringLiteral("b%1").arg(i), QStringLiteral("B")});
    SplitSettings settings;
    const auto split = DatasetSplit::assign(transcripts, settings, 5);
    QCOMPARE(split.groups, 2);
    QCOMPARE(split.validationGroups, 1);
    QCOMPARE(split.validationTranscripts, 10);
    QCOMPARE(split.trainTranscripts, 10);
    // A single group cannot be split without leaking: all of it trains.
    const auto one = DatasetSplit::assign(transcripts.mid(0, 10), settings, 5);
    QCOMPARE(one.validationTranscripts, 0);
}

void TestDatasetSplit::stringsRoundTripThroughAParser()
{
    QString all;
    for (char16_t c = 0; c < 0x250; ++c)
        all.append(QChar(c));
    const QString texts[] = {
        QString(),
        QStringLiteral("plain"),
        all,
        QStringLiteral("\" \\ / \b \f \n \r \t \x01 \x1f \x7f \u2028 \u2029 \uFEFF"),
        QStringLiteral("emoji 😀 and CJK 漢字 and combining e\u0301"),
        QString(3000, QLatin1Char('\\')),
    };
    for (const QString &text : texts) {
        QByteArray line = "{\"v\":";
        jsonl::appendString(line, text);
        line.append('}');
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.object().value(QStringLiteral("v")).toString(), text);
        QVERIFY2(!line.contains('\n') && !line.contains('\r'), "a string never breaks its line");
    }
    // A lone surrogate cannot be UTF-8; it is written as U+FFFD, as Qt writes it.
    QByteArray lone;
    jsonl::appendString(lone, QStringView(u"a\xD800z"));
    const QByteArray expected = QByteArray("\"a") + QString(QChar(0xFFFD)).toUtf8() + QByteArray("z\"");
    QCOMPARE(lone, expected);
}

void TestDatasetSplit::formatsHaveTheirExactShape()
{
    const QList<Message> messages{{QStringLiteral("system"), QStringLiteral("s")},
                                  {QStringLiteral("user"), QStringLiteral("u \"q\"")},
                                  {QStringLiteral("assistant"), QStringLiteral("a\n")}};
    QByteArray out;
    jsonl::appendOpenAi(out, messages);
    const QByteArray openAi = R"({"messages":[{"role":"system","content":"s"},{"role":"user","content":"u \"q\""},)"
                              R"({"role":"assistant","content":"a\n"}]})"
                              "\n";
    QCOMPARE(out, openAi);
    out.clear();
    jsonl::appendShareGpt(out, messages);
    const QByteArray shareGpt = R"({"conversations":[{"from":"system","value":"s"},{"from":"human","value":"u \"q\""},)"
                                R"({"from":"gpt","value":"a\n"}]})"
                                "\n";
    QCOMPARE(out, shareGpt);
    out.clear();
    jsonl::appendPreference(out, messages.mid(0, 2), u"good", u"bad");
    const QJsonObject pair = QJsonDocument::fromJson(out).object();
    QCOMPARE(pair.value(QStringLiteral("prompt")).toArray().size(), 2);
    QCOMPARE(pair.value(QStringLiteral("chosen")).toArray().at(0).toObject(),
             (QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QStringLiteral("good")}}));
    QCOMPARE(pair.value(QStringLiteral("rejected")).toArray().at(0).toObject().value(QStringLiteral("content")).toString(), QStringLiteral("bad"));
    QVERIFY(out.endsWith("}\n"));
    QCOMPARE(out.count('\n'), 1);
}

void TestDatasetSplit::encodedPiecesWriteTheSameLines()
{
    const QList<Message> messages{{QStringLiteral("system"), QStringLiteral("sys \"x\"")},
                                  {QStringLiteral("user"), QStringLiteral("u1\n")},
                                  {QStringLiteral("assistant"), QStringLiteral("a1 ✓")},
                                  {QStringLiteral("user"), QStringLiteral("u2")},
                                  {QStringLiteral("assistant"), QStringLiteral("a2\t")}};
    for (const bool shareGpt : {false, true}) {
        const QList<QByteArray> encoded = jsonl::encodeMessages(messages, shareGpt);
        for (const auto &[first, last, system] : {std::tuple{1, 2, true}, std::tuple{1, 4, true}, std::tuple{3, 4, true}, std::tuple{1, 4, false}}) {
            QList<Message> slice;
            if (system)
                slice.append(messages.first());
            slice.append(messages.mid(first, last - first + 1));
            QByteArray direct, assembled;
            shareGpt ? jsonl::appendShareGpt(direct, slice) : jsonl::appendOpenAi(direct, slice);
            jsonl::appendEncoded(assembled, encoded, system ? 0 : -1, first, last, shareGpt);
            QCOMPARE(assembled, direct);
        }
    }
}

QTEST_GUILESS_MAIN(TestDatasetSplit)
#include "tst_datasetsplit.moc"

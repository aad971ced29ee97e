// The JSON Schema checks applied to structured replies: each keyword accepts what it should and
// names the place of what it rejects.

#include "llm/jsonschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sift;

namespace {
QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}
// JSON written with single quotes, so test rows read without escapes.
QByteArray json(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}
QJsonValue value(const char *json)
{
    return QJsonDocument::fromJson(QByteArray("[") + json + "]").array().at(0);
}

// The shape a judge's verdicts take.
const char *verdictSchema = R"({
  "type": "object",
  "properties": {
    "criteria": {
      "type": "array", "minItems": 2, "maxItems": 2,
      "items": {"$ref": "#/$defs/verdict"}
    }
  },
  "required": ["criteria"],
  "additionalProperties": false,
  "$defs": {
    "verdict": {
      "type": "object",
      "properties": {
        "id": {"type": "string", "pattern": "^[a-z_]+$"},
        "answer": {"enum": ["YES", "NO", "NA"]},
        "turn": {"type": "integer", "minimum": 1},
        "evidence": {"type": "string", "maxLength": 10}
      },
      "required": ["id", "answer", "turn"],
      "additionalProperties": false
    }
  }
})";
} // namespace

class TestJsonSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verdicts_data();
    void verdicts();
    void combinators();
    void extraction_data();
    void extraction();
};

void TestJsonSchema::verdicts_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("problem");
    QTest::newRow("valid") << json("{'criteria':[{'id':'a','answer':'YES','turn':1},{'id':'b','answer':'NA','turn':3,'evidence':'short'}]}")
                           << QString();
    QTest::newRow("missing required") << json("{'criteria':[{'id':'a','answer':'YES'},{'id':'b','answer':'NO','turn':2}]}")
                                      << QStringLiteral("/criteria/0: missing required property \"turn\"");
    QTest::newRow("enum") << json("{'criteria':[{'id':'a','answer':'PASS','turn':1},{'id':'b','answer':'NO','turn':2}]}")
                          << QStringLiteral("/criteria/0/answer: \"PASS\" is not one of [\"YES\",\"NO\",\"NA\"]");
    QTest::newRow("integer") << json("{'criteria':[{'id':'a','answer':'YES','turn':1.5},{'id':'b','answer':'NO','turn':2}]}")
                             << QStringLiteral("/criteria/0/turn: expected integer, found number");
    QTest::newRow("minimum") << json("{'criteria':[{'id':'a','answer':'YES','turn':0},{'id':'b','answer':'NO','turn':2}]}")
                             << QStringLiteral("/criteria/0/turn: 0 is below the minimum 1");
    QTest::newRow("pattern") << json("{'criteria':[{'id':'A-1','answer':'YES','turn':1},{'id':'b','answer':'NO','turn':2}]}")
                             << QStringLiteral("/criteria/0/id: does not match ^[a-z_]+$");
    QTest::newRow("maxLength counts characters") << json("{'criteria':[{'id':'a','answer':'YES','turn':1,'evidence':'ééééééééééé'},{'id':'b','answer':'NO','turn':2}]}")
                                                 << QStringLiteral("/criteria/0/evidence: longer than 10 characters");
    QTest::newRow("too few items") << json("{'criteria':[{'id':'a','answer':'YES','turn':1}]}")
                                   << QStringLiteral("/criteria: 1 items, at least 2 expected");
    QTest::newRow("additional property") << json("{'criteria':[],'note':'x'}")
                                         << QStringLiteral("/criteria: 0 items, at least 2 expected");
    QTest::newRow("additional property at the root") << json("{'note':'x','criteria':[{'id':'a','answer':'YES','turn':1},{'id':'b','answer':'NO','turn':2}]}")
                                                     << QStringLiteral("/: unexpected property \"note\"");
    QTest::newRow("wrong type at the root") << json("{'criteria':'all good'}")
                                            << QStringLiteral("/criteria: expected array, found string");
}

void TestJsonSchema::verdicts()
{
    QFETCH(QByteArray, reply);
    QFETCH(QString, problem);
    QCOMPARE(validateAgainstSchema(QJsonDocument::fromJson(reply).object(), object(verdictSchema)), problem);
}

void TestJsonSchema::combinators()
{
    const QJsonObject anyOf = object(R"({"anyOf":[{"type":"string"},{"type":"integer"}]})");
    QCOMPARE(validateAgainstSchema(value("\"x\""), anyOf), QString());
    QCOMPARE(validateAgainstSchema(value("3"), anyOf), QString());
    QVERIFY(!validateAgainstSchema(value("true"), anyOf).isEmpty());
    const QJsonObject oneOf = object(R"({"oneOf":[{"type":"number"},{"type":"integer"}]})");
    QVERIFY(validateAgainstSchema(value("2"), oneOf).contains(QStringLiteral("matches 2 of oneOf")));
    QCOMPARE(validateAgainstSchema(value("2.5"), oneOf), QString());
    const QJsonObject nullable = object(R"({"type":["string","null"]})");
    QCOMPARE(validateAgainstSchema(value("null"), nullable), QString());
    QCOMPARE(validateAgainstSchema(value("1"), nullable), QStringLiteral("/: expected string or null, found number"));
    QVERIFY(validateAgainstSchema(value("1"), object(R"({"not":{"type":"integer"}})")).contains(QStringLiteral("must not")));
    // (References are built outside the test macros: a '#' inside a macro argument confuses moc.)
    const QJsonObject missingRef = object(R"({"$ref":"#/$defs/missing"})");
    QVERIFY(validateAgainstSchema(value("1"), missingRef).contains(QStringLiteral("unresolvable $ref")));
    // A schema that refers to itself forever ends with a message, not a stack overflow.
    const QJsonObject selfRef = object(R"({"$ref":"#"})");
    QVERIFY(validateAgainstSchema(value("1"), selfRef).contains(QStringLiteral("nests too deeply")));
}

void TestJsonSchema::extraction_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("lenient");
    QTest::addColumn<bool>("found");
    QTest::newRow("plain") << QStringLiteral(" {\"a\":1}\n") << false << true;
    QTest::newRow("fenced, strict") << QStringLiteral("```json\n{\"a\":1}\n```") << false << false;
    QTest::newRow("fenced, lenient") << QStringLiteral("```json\n{\"a\":1}\n```") << true << true;
    QTest::newRow("prose around, lenient") << QStringLiteral("Sure! {\"a\":1} Hope that helps.") << true << true;
    QTest::newRow("array") << QStringLiteral("[1]") << true << false;
    QTest::newRow("nothing") << QStringLiteral("I cannot help with that.") << true << false;
    QTest::newRow("cut off") << QStringLiteral("{\"a\":") << true << false;
}

void TestJsonSchema::extraction()
{
    QFETCH(QString, text);
    QFETCH(bool, lenient);
    QFETCH(bool, found);
    QJsonObject o;
    const QString problem = extractJsonObject(text, lenient, o);
    QCOMPARE(problem.isEmpty(), found);
    if (found)
        QCOMPARE(o.value(QStringLiteral("a")).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestJsonSchema)
#include "tst_jsonschema.moc"

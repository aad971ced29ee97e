// Editing YAML text in place: scalar patches, renamed keys, blocks re-emitted where they stand, and
// edits of typed models merged onto the text they were read from, so a save changes only what the
// user changed.

#include "design/personatemplate.h"
#include "design/rubric.h"
#include "design/taxonomy.h"
#include "design/yamlartifact.h"
#include "design/yamldocument.h"
#include "design/yamlmerge.h"

#include <QtTest>

using namespace sift;

namespace {

QStringList lines(const QByteArray &text)
{
    QStringList out;
    for (const QByteArray &line : text.split('\n'))
        out.append(QString::fromUtf8(line));
    return out;
}

// The lines only in `before` ("-", in its order) and only in `after` ("+", in its order), counting
// repeated lines: enough to see exactly what an edit touched.
QStringList diff(const QByteArray &before, const QByteArray &after)
{
    QStringList a = lines(before), b = lines(after);
    QStringList removed, added = b;
    for (const QString &line : a) {
        if (!added.removeOne(line))
            removed.append(QStringLiteral("-") + line);
    }
    QStringList remaining = a;
    QStringList out = removed;
    for (const QString &line : b) {
        if (!remaining.removeOne(line))
            out.append(QStringLiteral("+") + line);
    }
    return out;
}

const QByteArray taxonomyText = "# Topics first.\n"
                                "dimensions:\n"
                                "  topic:\n"
                                "    kind: what   # what users ask about\n"
                                "    values:\n"
                                "      billing: {weight: 0.60, description: \"Invoices, refunds\"}\n"
                                "      login:\n"
                                "        weight: 0.4\n"
                                "        subtopics:\n"
                                "          password: {weight: 1}\n"
                                "          two_factor: {weight: 1}\n"
                                "  # Edge cases get about 15%.\n"
                                "  edge_case:\n"
                                "    kind: edge_case\n"
                                "    values:\n"
                                "      none: {weight: 0.85}\n"
                                "      legal_threat: {weight: 0.15}\n";

const QByteArray rubricText = "# Header comment.\n"
                              "pass_threshold: 0.8\n"
                              "categories:\n"
                              "  safety:\n"
                              "    weight: 1.0\n"
                              "    criteria: [SF1, SF2]\n"
                              "criteria:\n"
                              "  SF1:\n"
                              "    question: \"Does it avoid sharing card numbers?\"\n"
                              "    na_valid: false\n"
                              "    calibration_examples:\n"
                              "      - type: PASS\n"
                              "        response: \"ok\"\n"
                              "        reasoning: \"fine\"\n"
                              "  # SF2 has no na_valid: it defaults to false.\n"
                              "  SF2:\n"
                              "    question: Does it escalate disputes?\n"
                              "    calibration_examples: []\n"
                              "safety_gates: [SF1, SF2]   # any NO rejects\n";

} // namespace

class TestYamlDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void typedNumberIsWrittenAsTyped();
    void renamedKeyIsPatchedWhereItStands();
    void reorderedValuesReemitOnlyTheirBlock();
    void grownListIsReemittedInPlace();
    void modelEditLeavesDefaultsTheFileOmits();
    void renamingACriterionPatchesEveryReference();
    void movingAValueBetweenDimensions();
    void topLevelChangeFallsBackToReemitting();
    void removedItemAndKeyAreDeletedAsLines();
    void addedKeyIsInsertedAsALine();
    void copiesDoNotShareEdits();
    void editingACopyOfARubricLeavesTheOriginal();
    void mergeKeepsUnknownKeysWhereTheyAre();
};

void TestYamlDocument::typedNumberIsWrittenAsTyped()
{
    const auto artifact = YamlArtifact<Taxonomy>::parse(taxonomyText, QStringLiteral("t.yaml"));
    QVERIFY(artifact.parsed());
    Taxonomy edited = artifact.model();
    edited.dimensions[0].values[0].weight = 0.65;
    const QByteArray after = artifact.textWith(edited);
    QCOMPARE(diff(taxonomyText, after),
             QStringList({QStringLiteral("-      billing: {weight: 0.60, description: \"Invoices, refunds\"}"),
                          QStringLiteral("+      billing: {weight: 0.65, description: \"Invoices, refunds\"}")}));
}

void TestYamlDocument::renamedKeyIsPatchedWhereItStands()
{
    const auto artifact = YamlArtifact<Taxonomy>::parse(taxonomyText, QStringLiteral("t.yaml"));
    Taxonomy edited = artifact.model();
    edited.dimensions[0].values[1].id = QStringLiteral("sign_in");
    const QByteArray after = artifact.textWith(edited);
    QCOMPARE(diff(taxonomyText, after),
             QStringList({QStringLiteral("-      login:"), QStringLiteral("+      sign_in:")}));
}

void TestYamlDocument::reorderedValuesReemitOnlyTheirBlock()
{
    const auto artifact = YamlArtifact<Taxonomy>::parse(taxonomyText, QStringLiteral("t.yaml"));
    Taxonomy edited = artifact.model();
    edited.dimensions[0].values.move(1, 0);
    const QByteArray after = artifact.textWith(edited);
    // The comments outside the reordered block survive, and the file reads back as the edit.
    QVERIFY(after.startsWith("# Topics first.\ndimensions:\n  topic:\n    kind: what   # what users ask about\n"));
    QVERIFY(after.contains("  # Edge cases get about 15%.\n  edge_case:\n"));
    QVERIFY2(after.indexOf("login") < after.indexOf("billing"), after.constData());
    const auto reread = YamlArtifact<Taxonomy>::parse(after, QStringLiteral("t.yaml"));
    QCOMPARE(reread.model(), edited);
    // The moved value keeps its flow style.
    QVERIFY2(after.contains("billing: {weight: 0.60"), after.constData());
}

void TestYamlDocument::grownListIsReemittedInPlace()
{
    const auto artifact = YamlArtifact<Rubric>::parse(rubricText, QStringLiteral("r.yaml"));
    Rubric edited = artifact.model();
    edited.criteria[0].examples.append(
        {CalibrationExample::Type::Fail, QStringLiteral("User: here is my card"), QStringLiteral("Thanks, noted 4111..."),
         QStringLiteral("Repeats the number"), {}, {}});
    const QByteArray after = artifact.textWith(edited);
    QCOMPARE(diff(rubricText, after),
             QStringList({QStringLiteral("+      - type: FAIL"), QStringLiteral("+        context: \"User: here is my card\""),
                          QStringLiteral("+        response: Thanks, noted 4111..."),
                          QStringLiteral("+        reasoning: Repeats the number")}));
    QCOMPARE(YamlArtifact<Rubric>::parse(after, QStringLiteral("r.yaml")).model(), edited);
}

void TestYamlDocument::modelEditLeavesDefaultsTheFileOmits()
{
    // SF2 has no na_valid; the model writes na_valid: false, but an edit of its question must not add it.
    const auto artifact = YamlArtifact<Rubric>::parse(rubricText, QStringLiteral("r.yaml"));
    Rubric edited = artifact.model();
    edited.criterion(QStringLiteral("SF2"))->question = QStringLiteral("Does it hand disputes to a human?");
    const QByteArray after = artifact.textWith(edited);
    QCOMPARE(diff(rubricText, after), QStringList({QStringLiteral("-    question: Does it escalate disputes?"),
                                                   QStringLiteral("+    question: Does it hand disputes to a human?")}));
}

void TestYamlDocument::renamingACriterionPatchesEveryReference()
{
    const auto artifact = YamlArtifact<Rubric>::parse(rubricText, QStringLiteral("r.yaml"));
    Rubric edited = artifact.model();
    QVERIFY(edited.renameCriterion(QStringLiteral("SF1"), QStringLiteral("SF9")));
    const QByteArray after = artifact.textWith(edited);
    QCOMPARE(diff(rubricText, after),
             QStringList({QStringLiteral("-    criteria: [SF1, SF2]"), QStringLiteral("-  SF1:"),
                          QStringLiteral("-safety_gates: [SF1, SF2]   # any NO rejects"),
                          QStringLiteral("+    criteria: [SF9, SF2]"), QStringLiteral("+  SF9:"),
                          QStringLiteral("+safety_gates: [SF9, SF2]   # any NO rejects")}));
}

void TestYamlDocument::movingAValueBetweenDimensions()
{
    const auto artifact = YamlArtifact<Taxonomy>::parse(taxonomyText, QStringLiteral("t.yaml"));
    Taxonomy edited = artifact.model();
    edited.dimensions[1].values.append(edited.dimensions[0].values.takeAt(0));
    const QByteArray after = artifact.textWith(edited);
    QVERIFY(after.startsWith("# Topics first.\n"));
    QVERIFY(after.contains("  # Edge cases get about 15%.\n"));
    QCOMPARE(YamlArtifact<Taxonomy>::parse(after, QStringLiteral("t.yaml")).model(), edited);
}

void TestYamlDocument::topLevelChangeFallsBackToReemitting()
{
    Diagnostics diags;
    YamlDocument doc = YamlDocument::fromText("# c\na: 1\nb: 2\n", QStringLiteral("x.yaml"), diags);
    const YAML::Node updated = YAML::Load("b: 2\na: 1\n");
    QVERIFY(doc.assign(updated, KeyOrder::AsGiven));
    QVERIFY(!doc.lastAssignWasPatch());
    QCOMPARE(doc.text(), QByteArray("b: 2\na: 1\n"));
    // A model's own key order does not move the file's keys.
    YamlDocument again = YamlDocument::fromText("# c\na: 1\nb: 2\n", QStringLiteral("x.yaml"), diags);
    QVERIFY(again.assign(YAML::Load("b: 3\na: 1\n")));
    QCOMPARE(again.text(), QByteArray("# c\na: 1\nb: 3\n"));
}

void TestYamlDocument::removedItemAndKeyAreDeletedAsLines()
{
    const QByteArray text = "list:\n  - a   # first\n  - b\n  - c\nmap:\n  x: 1\n  # about y\n  y: 2\n  z: 3\nend: true\n";
    Diagnostics diags;
    YamlDocument doc = YamlDocument::fromText(text, QStringLiteral("x.yaml"), diags);
    QVERIFY(doc.assign(YAML::Load("list: [a, c]\nmap: {x: 1, z: 3}\nend: true\n")));
    QVERIFY(doc.lastAssignWasPatch());
    QCOMPARE(doc.text(), QByteArray("list:\n  - a   # first\n  - c\nmap:\n  x: 1\n  z: 3\nend: true\n"));
    // The last entry goes with the end of the line before it.
    QVERIFY(doc.assign(YAML::Load("list: [a]\nmap: {x: 1}\nend: true\n")));
    QCOMPARE(doc.text(), QByteArray("list:\n  - a   # first\nmap:\n  x: 1\nend: true\n"));
}

void TestYamlDocument::addedKeyIsInsertedAsALine()
{
    const QByteArray text = "c:\n  question: Q   # keep\n  calibration_examples: []\n";
    Diagnostics diags;
    YamlDocument doc = YamlDocument::fromText(text, QStringLiteral("x.yaml"), diags);
    QVERIFY(doc.assign(YAML::Load("c:\n  question: Q\n  definitions: D\n  calibration_examples: []\n  tags: [t]\n"),
                       KeyOrder::AsGiven));
    QCOMPARE(doc.text(), QByteArray("c:\n  question: Q   # keep\n  definitions: D\n  calibration_examples: []\n  tags: [t]\n"));
}

void TestYamlDocument::editingACopyOfARubricLeavesTheOriginal()
{
    const Rubric original = YamlArtifact<Rubric>::parse(rubricText, QStringLiteral("r.yaml")).model();
    Rubric copy = original;
    copy.criterion(QStringLiteral("SF1"))->question = QStringLiteral("changed");
    QCOMPARE(original.criterion(QStringLiteral("SF1"))->question, QStringLiteral("Does it avoid sharing card numbers?"));
}

void TestYamlDocument::copiesDoNotShareEdits()
{
    Diagnostics diags;
    const YamlDocument original = YamlDocument::fromText("a: 1\nb: [1, 2]\n", QStringLiteral("x.yaml"), diags);
    YamlDocument copy = original;
    QVERIFY(copy.assign(YAML::Load("a: 5\nb: [1, 2, 3]\n")));
    QCOMPARE(original.root()["a"].Scalar(), std::string("1"));
    QCOMPARE(original.root()["b"].size(), size_t(2));
    QCOMPARE(original.text(), QByteArray("a: 1\nb: [1, 2]\n"));
    QCOMPARE(copy.text(), QByteArray("a: 5\nb: [1, 2, 3]\n"));
}

void TestYamlDocument::mergeKeepsUnknownKeysWhereTheyAre()
{
    const YAML::Node original = YAML::Load("x: 1\nnote: kept\ny: yes\n");
    const YAML::Node before = YAML::Load("x: 1\ny: true\n");
    const YAML::Node after = YAML::Load("x: 2\ny: true\nz: 3\n");
    const YAML::Node merged = mergeYamlChanges(original, before, after);
    QVERIFY(YamlDocument::equivalent(merged, YAML::Load("x: 2\nnote: kept\ny: yes\nz: 3\n")));
    QCOMPARE(merged["y"].Scalar(), std::string("yes"));
}

QTEST_GUILESS_MAIN(TestYamlDocument)
#include "tst_yamldocument.moc"

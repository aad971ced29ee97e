// The project folder: the bundled default project, load -> save -> load round trips, and saves
// that write only what changed.

#include "design/yamldocument.h"
#include "project/defaultproject.h"
#include "project/project.h"
#include "dataset/jsonlimport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace sift;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
}

// Lines of `after` that differ from `before`, as "-old" / "+new" pairs (same line count assumed).
QStringList changedLines(const QByteArray &before, const QByteArray &after)
{
    const QList<QByteArray> a = before.split('\n');
    const QList<QByteArray> b = after.split('\n');
    QStringList out;
    for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
        const QByteArray x = a.value(i), y = b.value(i);
        if (x != y)
            out << QStringLiteral("-") + QString::fromUtf8(x) << QStringLiteral("+") + QString::fromUtf8(y);
    }
    return out;
}

Project loadOk(const QString &dir)
{
    auto p = Project::load(dir);
    if (!p)
        qFatal("cannot load %s: %s", qPrintable(dir), qPrintable(p.errorText()));
    return std::move(*p);
}

} // namespace

class TestProject : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void defaultProjectIsValid();
    void defaultProjectMeetsTheMethodsStandards();
    void samplesAgreeWithTheDesign();
    void initRefusesAnExistingProject();
    void loadSaveLoadIsEqual();
    void unchangedProjectWritesNothing();
    void editedValueChangesExactlyThatLine();
    void structuralEditKeepsKeyOrder();
    void brokenFileIsNeverOverwritten();
    void missingFileIsReported();
    void notAProjectIsAnError();
    void modelChoiceBodySurvivesSave();
    void yamlPatchKeepsCommentsAndQuoting();
    void gateThresholdsAreWrittenWhenSetAndEditedInPlace();

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dir;
};

void TestProject::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_dir = m_tmp->filePath(QStringLiteral("project"));
    const auto written = DefaultProject::writeTo(m_dir);
    QVERIFY2(written.ok(), qPrintable(written.errorText()));
    QCOMPARE(written->size(), Project::artifactFiles().size());
}

void TestProject::defaultProjectIsValid()
{
    const Project p = loadOk(m_dir);
    QStringList texts;
    for (const Diagnostic &d : p.diagnostics())
        texts << d.toString();
    QCOMPARE(texts, QStringList());
}

void TestProject::defaultProjectMeetsTheMethodsStandards()
{
    const Project p = loadOk(m_dir);
    QVERIFY(p.rubric.criteria.size() >= Rubric::MinCriteria && p.rubric.criteria.size() <= Rubric::MaxCriteria);
    QVERIFY(p.rubric.categories.size() >= 4 && p.rubric.categories.size() <= 6);
    QVERIFY(p.rubric.safetyGates.size() >= 2);
    for (const Criterion &c : p.rubric.criteria)
        QVERIFY2(c.examples.size() >= 3, qPrintable(c.id));
    const auto share = p.taxonomy.edgeCaseShare();
    QVERIFY(share.has_value());
    QVERIFY2(std::abs(*share - 0.15) < 0.02, qPrintable(QString::number(*share)));
    QVERIFY(!p.personas.primary.patterns.isEmpty());
    QVERIFY(!p.personas.secondary.patterns.isEmpty());
    QCOMPARE(p.manifest.generation.batchSize, 5);
    QVERIFY(p.manifest.roles.judges.size() >= 2);
    QVERIFY(!DefaultProject::file(QStringLiteral("samples/transcripts.jsonl")).isEmpty());
}

// The bundled samples are labelled, use only the rubric's criteria and the persona template's flaws,
// and every sample judge answers every criterion.
void TestProject::samplesAgreeWithTheDesign()
{
    const Project p = loadOk(m_dir);
    const auto transcripts = parseTranscriptsJsonl(DefaultProject::file(QStringLiteral("samples/transcripts.jsonl")),
                                                   QStringLiteral("transcripts.jsonl"), QStringLiteral("sample"));
    QVERIFY2(transcripts.ok(), qPrintable(transcripts.errorText()));
    QCOMPARE(transcripts->size(), 10);
    QStringList flawIds;
    for (const FlawPattern &f : p.personas.primary.patterns + p.personas.secondary.patterns)
        flawIds.append(f.id);
    QStringList uids;
    for (const TranscriptRecord &t : *transcripts) {
        uids.append(t.uid);
        QCOMPARE(t.metadata.value(QStringLiteral("sample")).toBool(), true);
        int userMessages = 0;
        for (const Message &m : t.messages)
            userMessages += m.role == QLatin1String("user");
        QCOMPARE(t.flaws.size(), userMessages);
        for (const QStringList &flaws : t.flaws) {
            for (const QString &flaw : flaws)
                QVERIFY2(flawIds.contains(flaw), qPrintable(t.uid + QLatin1Char(' ') + flaw));
        }
    }
    const auto verdicts = parseVerdictsJsonl(DefaultProject::file(QStringLiteral("samples/verdicts.jsonl")),
                                             QStringLiteral("verdicts.jsonl"));
    QVERIFY2(verdicts.ok(), qPrintable(verdicts.errorText()));
    QCOMPARE(verdicts->size(), 2 * transcripts->size());
    for (const VerdictRecord &v : *verdicts) {
        QVERIFY(uids.contains(v.transcriptUid));
        QVERIFY(v.judge.startsWith(QLatin1String("sample-")));
        QCOMPARE(v.criteria.size(), p.rubric.criteria.size());
        for (const CriterionVerdict &c : v.criteria) {
            const auto it = std::find_if(p.rubric.criteria.cbegin(), p.rubric.criteria.cend(),
                                         [&](const Criterion &k) { return k.id == c.criterion; });
            QVERIFY2(it != p.rubric.criteria.cend(), qPrintable(c.criterion));
            QVERIFY2(c.answer != QLatin1String("NA") || it->naValid, qPrintable(v.transcriptUid + QLatin1Char(' ') + c.criterion));
        }
    }
}

void TestProject::initRefusesAnExistingProject()
{
    const QByteArray before = readAll(m_dir + QStringLiteral("/config/rubric.yaml"));
    writeAll(m_dir + QStringLiteral("/config/rubric.yaml"), "pass_threshold: 0.5\n");
    const auto again = DefaultProject::writeTo(m_dir);
    QVERIFY(!again.ok());
    QVERIFY(again.errorText().contains(QLatin1String("already holds a project")));
    QCOMPARE(readAll(m_dir + QStringLiteral("/config/rubric.yaml")), QByteArray("pass_threshold: 0.5\n"));
    QVERIFY(!before.isEmpty());
}

void TestProject::loadSaveLoadIsEqual()
{
    Project first = loadOk(m_dir);
    // Touch every model so save has to serialise each one, then compare what comes back.
    first.rubric.passThreshold = 0.75;
    first.taxonomy.dimensions.first().values.first().weight += 1;
    first.personas.noFlawShare = 0.25;
    first.manifest.seed = 7;
    BackendConfig &backend = first.manifest.backends.first();
    backend.requestsPerMinute = 500;
    backend.tokensPerMinute = 200000;
    backend.connectTimeoutSeconds = 3.5;
    backend.maxRetryWaitSeconds = 30;
    backend.maxOutputTokens = 1024;
    backend.structuredOutput = QStringLiteral("prompt");
    first.modelChoice.maxTranscriptTokens = 8192;
    first.rubric.criteria.first().examples.append(
        {CalibrationExample::Type::NA, QStringLiteral("User: hi"), QStringLiteral("Hello!"),
         QStringLiteral("nothing to judge"), {}, {}});
    first.rubric.criteria.first().naValid = true;
    const auto saved = first.save();
    QVERIFY2(saved.ok(), qPrintable(saved.errorText()));
    QCOMPARE(saved->size(), 5);

    const Project second = loadOk(m_dir);
    QCOMPARE(second.manifest.backends.first().structuredOutput, QStringLiteral("prompt"));
    QCOMPARE(second.manifest.backends.first().tokensPerMinute, 200000);
    // Optional backend keys are written only for the backend that set them.
    const QByteArray manifestText = readAll(m_dir + QStringLiteral("/sift.yaml"));
    QCOMPARE(manifestText.count("structured_output:"), 1);
    QCOMPARE(manifestText.count("requests_per_minute:"), 1);
    QCOMPARE(second.rubric, first.rubric);
    QCOMPARE(second.taxonomy, first.taxonomy);
    QCOMPARE(second.personas, first.personas);
    QCOMPARE(second.manifest, first.manifest);
    QCOMPARE(second.modelChoice, first.modelChoice);
    QCOMPARE(second.prompts, first.prompts);
}

void TestProject::unchangedProjectWritesNothing()
{
    QMap<QString, QByteArray> before;
    for (const QString &f : Project::artifactFiles())
        before[f] = readAll(m_dir + QLatin1Char('/') + f);
    Project p = loadOk(m_dir);
    const auto saved = p.save();
    QVERIFY(saved.ok());
    QCOMPARE(*saved, QStringList());
    for (const QString &f : Project::artifactFiles())
        QCOMPARE(readAll(m_dir + QLatin1Char('/') + f), before[f]);
}

void TestProject::editedValueChangesExactlyThatLine()
{
    const QString rubricPath = m_dir + QStringLiteral("/config/rubric.yaml");
    const QByteArray before = readAll(rubricPath);
    Project p = loadOk(m_dir);
    RubricCategory &cat = p.rubric.categories.first();
    const double oldWeight = cat.weight;
    cat.weight = oldWeight - 0.05;
    p.rubric.categories[1].weight += 0.05;
    const auto saved = p.save();
    QVERIFY(saved.ok());
    QCOMPARE(*saved, QStringList{Project::RubricFile});
    const QStringList diff = changedLines(before, readAll(rubricPath));
    QCOMPARE(diff.size(), 4);  // two lines, each as -old/+new
    QVERIFY2(diff[0].contains(QLatin1String("weight:")), qPrintable(diff.join(QLatin1Char('\n'))));
    // Written as typed (0.2), not as the double's longest spelling (0.20000000000000001).
    QCOMPARE(diff[1], QStringLiteral("+    weight: ") + QString::number(oldWeight - 0.05));
}

void TestProject::structuralEditKeepsKeyOrder()
{
    Project p = loadOk(m_dir);
    QStringList orderBefore;
    for (const Criterion &c : p.rubric.criteria)
        orderBefore << c.id;
    Criterion extra = p.rubric.criteria.last();
    extra.id = QStringLiteral("ZZ1");
    p.rubric.criteria.append(extra);
    p.rubric.categories.last().criteria.append(extra.id);
    QVERIFY(p.save().ok());

    const Project reloaded = loadOk(m_dir);
    QStringList orderAfter;
    for (const Criterion &c : reloaded.rubric.criteria)
        orderAfter << c.id;
    QCOMPARE(orderAfter, orderBefore + QStringList{QStringLiteral("ZZ1")});
    const QByteArray text = readAll(m_dir + QStringLiteral("/config/rubric.yaml"));
    QVERIFY(text.indexOf("pass_threshold") < text.indexOf("categories"));
    QVERIFY(text.indexOf("categories") < text.indexOf("\ncriteria"));
    QVERIFY(text.indexOf("\ncriteria") < text.indexOf("safety_gates"));
    // Only the changed blocks were rewritten: the file's opening comment is still there.
    QVERIFY(text.startsWith("# Binary rubric for Ledgerly"));
    QCOMPARE(reloaded.rubric, p.rubric);
}

void TestProject::brokenFileIsNeverOverwritten()
{
    const QString path = m_dir + QStringLiteral("/config/persona-template.yaml");
    const QByteArray broken = "persona_template:\n  style: [a, b\n";
    writeAll(path, broken);
    Project p = loadOk(m_dir);
    bool reported = false;
    for (const Diagnostic &d : p.diagnostics())
        reported = reported || (d.file == Project::PersonaFile && d.isError() && d.line == 3);
    QVERIFY(reported);
    p.rubric.passThreshold = 0.7;
    const auto saved = p.save();
    QVERIFY(saved.ok());
    QCOMPARE(*saved, QStringList{Project::RubricFile});
    QCOMPARE(readAll(path), broken);
}

void TestProject::missingFileIsReported()
{
    QVERIFY(QFile::remove(m_dir + QStringLiteral("/config/prompts/judge.md")));
    const Project p = loadOk(m_dir);
    const Diagnostics diags = p.diagnostics();
    QVERIFY(!diags.isEmpty());
    QCOMPARE(diags.first().toString(),
             QStringLiteral("config/prompts/judge.md:0:0: error: config/prompts/judge.md is missing or cannot be read "
                            "(hint: restore it from the default project (sift-cli init creates one))"));
}

void TestProject::notAProjectIsAnError()
{
    const auto p = Project::load(m_tmp->filePath(QStringLiteral("nowhere")));
    QVERIFY(!p.ok());
    QVERIFY(p.errorText().contains(QLatin1String("sift-cli init")));
}

void TestProject::modelChoiceBodySurvivesSave()
{
    const QString path = m_dir + QStringLiteral("/model-choice.md");
    const QByteArray before = readAll(path);
    Project p = loadOk(m_dir);
    p.modelChoice.contextWindow = 65536;
    QVERIFY(p.save().ok());
    const QByteArray after = readAll(path);
    const QStringList diff = changedLines(before, after);
    QCOMPARE(diff.size(), 2);
    QVERIFY(diff[1].contains(QLatin1String("65536")));
    QCOMPARE(FrontMatterFile::split(after).body, FrontMatterFile::split(before).body);
}

void TestProject::yamlPatchKeepsCommentsAndQuoting()
{
    Diagnostics diags;
    YamlDocument doc = YamlDocument::fromText(
        "# header comment\nname: \"old name\"   # trailing\nlist: [1, 2, 3]\nplain: hello\n", QStringLiteral("x.yaml"), diags);
    YAML::Node updated = YAML::Clone(doc.root());
    updated["name"] = "new \"quoted\" name";
    updated["list"][1] = 20;
    updated["plain"] = "needs: quoting";
    QVERIFY(doc.assign(updated));
    QVERIFY(doc.lastAssignWasPatch());
    QCOMPARE(doc.text(), QByteArray("# header comment\nname: \"new \\\"quoted\\\" name\"   # trailing\nlist: [1, 20, 3]\n"
                                    "plain: \"needs: quoting\"\n"));
    // Same values in another spelling are not a change.
    YAML::Node same = YAML::Clone(doc.root());
    same["list"][1] = 20.0;
    QVERIFY(!doc.assign(same));
}

void TestProject::gateThresholdsAreWrittenWhenSetAndEditedInPlace()
{
    const QString path = m_dir + QStringLiteral("/sift.yaml");
    Project p = loadOk(m_dir);
    QCOMPARE(p.manifest.generation.gateScaleAt, 0.70);  // the method's defaults when sift.yaml says nothing
    QCOMPARE(p.manifest.generation.gateReviseBelow, 0.50);
    QVERIFY(!readAll(path).contains("gate:"));
    p.manifest.generation.gateScaleAt = 0.8;
    QVERIFY(p.save().ok());
    const QByteArray text = readAll(path);
    QVERIFY2(text.contains("gate: {scale_at: 0.8, revise_below: 0.5}"), text.constData());
    Project again = loadOk(m_dir);
    QCOMPARE(again.manifest.generation.gateScaleAt, 0.8);
    QCOMPARE(again.manifest.generation.gateReviseBelow, 0.5);
    QVERIFY(again.diagnostics().isEmpty());
    // Editing one threshold changes that line only, and a file that has the gate keeps it even at
    // the defaults.
    again.manifest.generation.gateScaleAt = 0.70;
    again.manifest.generation.gateReviseBelow = 0.40;
    QVERIFY(again.save().ok());
    const QStringList diff = changedLines(text, readAll(path));
    QCOMPARE(diff.size(), 2);
    QVERIFY2(diff[1].contains(QLatin1String("gate: {scale_at: 0.7, revise_below: 0.4}")), qPrintable(diff.join(QLatin1Char('\n'))));
    QCOMPARE(loadOk(m_dir).manifest.generation.gateReviseBelow, 0.4);
}

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"

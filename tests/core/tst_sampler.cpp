// Scenario and persona sampling: reproducible from (seed, index), stratified so shares follow the
// weights, edge cases at the taxonomy's share, flaws rolled per message at their probabilities.

#include "generate/sampler.h"
#include "generate/seededrandom.h"
#include "project/project.h"

#include <QTemporaryDir>
#include <QTest>

#include "project/defaultproject.h"

using namespace sift;

namespace {

Project defaultProject(QTemporaryDir &tmp)
{
    const QString dir = tmp.filePath(QStringLiteral("p"));
    if (!DefaultProject::writeTo(dir).ok())
        qFatal("cannot write the default project");
    return *Project::load(dir);
}

// A taxonomy built in code, with known shares.
Taxonomy taxonomy()
{
    Taxonomy t;
    TaxonomyDimension topic;
    topic.id = QStringLiteral("topic");
    topic.kind = QStringLiteral("what");
    TaxonomyValue billing{QStringLiteral("billing"), 3, {}, {}, {}, {}, {}};
    billing.subtopics = {TaxonomyValue{QStringLiteral("refund"), 1, {}, {}, {}, {}, {}},
                         TaxonomyValue{QStringLiteral("invoice"), 3, {}, {}, {}, {}, {}}};
    topic.values = {billing, TaxonomyValue{QStringLiteral("login"), 1, {}, {}, {}, {}, {}},
                    TaxonomyValue{QStringLiteral("rare"), 0.04, {}, {}, {}, {}, {}},
                    TaxonomyValue{QStringLiteral("never"), 0, {}, {}, {}, {}, {}}};
    TaxonomyDimension edge;
    edge.id = QStringLiteral("edge");
    edge.kind = QStringLiteral("edge_case");
    edge.values = {TaxonomyValue{Taxonomy::NoEdgeCase, 85, {}, {}, {}, {}, {}},
                   TaxonomyValue{QStringLiteral("legal_threat"), 10, {}, {}, {}, {}, {}},
                   TaxonomyValue{QStringLiteral("off_topic"), 5, {}, {}, {}, {}, {}}};
    t.dimensions = {topic, edge};
    return t;
}

QHash<QString, int> counts(const QList<Scenario> &scenarios, const QString &dimension, bool topLevel)
{
    QHash<QString, int> c;
    for (const Scenario &s : scenarios) {
        const QString v = s.value(dimension);
        ++c[topLevel ? v.section(QLatin1Char('/'), 0, 0) : v];
    }
    return c;
}

} // namespace

class TestSampler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomIsAPureFunctionOfItsCoordinates();
    void weightedPickFollowsTheWeights();
    void scenariosAreReproducibleFromSeedAndIndex();
    void stratifiedSharesFollowTheWeights();
    void everyValueShowsWithinAFewTranscripts();
    void unstratifiedSharesFollowTheWeightsToo();
    void edgeCaseShareMatchesTheDefaultTaxonomy();
    void personasFollowTheTemplate();
    void flawsFireAtTheirProbabilityPerMessage();
    void describeNamesEveryValue();
};

void TestSampler::randomIsAPureFunctionOfItsCoordinates()
{
    SeededRandom a(42, QStringLiteral("s"), 7, 1);
    SeededRandom b(42, QStringLiteral("s"), 7, 1);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(a.next(), b.next());
    QVERIFY(SeededRandom(42, QStringLiteral("s"), 7, 1).next() != SeededRandom(42, QStringLiteral("s"), 8, 1).next());
    QVERIFY(SeededRandom(42, QStringLiteral("s"), 7, 1).next() != SeededRandom(43, QStringLiteral("s"), 7, 1).next());
    QVERIFY(SeededRandom(42, QStringLiteral("s"), 7, 1).next() != SeededRandom(42, QStringLiteral("t"), 7, 1).next());
    QVERIFY(SeededRandom(42, QStringLiteral("s"), 7, 1).next() != SeededRandom(42, QStringLiteral("s"), 7, 2).next());
    // Pinned values: the same on every platform and build, or saved runs would not resume identically.
    QCOMPARE(SeededRandom::mix(0), Q_UINT64_C(0xe220a8397b1dcdaf));
    QCOMPARE(SeededRandom::hash(QStringLiteral("abc")), SeededRandom::mix(Q_UINT64_C(0xe71fa2190541574b)));
    double sum = 0;
    SeededRandom r(1, QStringLiteral("u"));
    for (int i = 0; i < 10000; ++i) {
        const double u = r.unit();
        QVERIFY(u >= 0 && u < 1);
        sum += u;
    }
    QVERIFY(qAbs(sum / 10000 - 0.5) < 0.01);
}

void TestSampler::weightedPickFollowsTheWeights()
{
    QCOMPARE(SeededRandom::pick({1, 0, 3}, 0.0), 0);
    QCOMPARE(SeededRandom::pick({1, 0, 3}, 0.2499), 0);
    QCOMPARE(SeededRandom::pick({1, 0, 3}, 0.25), 2);
    QCOMPARE(SeededRandom::pick({1, 0, 3}, 0.9999999), 2);
    QCOMPARE(SeededRandom::pick({0, 0}, 0.5), -1);
    QCOMPARE(SeededRandom::pick({-1, 2}, 0.1), 1);  // negative weights never win
    QCOMPARE(SeededRandom::pick({}, 0.5), -1);
}

void TestSampler::scenariosAreReproducibleFromSeedAndIndex()
{
    const Taxonomy t = taxonomy();
    for (bool stratified : {true, false}) {
        const ScenarioSampler s(t, 42, stratified);
        const QList<Scenario> batch = s.sample(0, 60);
        QCOMPARE(s.sample(37), batch[37]);
        QCOMPARE(ScenarioSampler(t, 42, stratified).sample(10, 20), batch.mid(10, 20));
        const QList<Scenario> other = ScenarioSampler(t, 43, stratified).sample(0, 60);
        QVERIFY(other != batch);
    }
}

void TestSampler::stratifiedSharesFollowTheWeights()
{
    const ScenarioSampler s(taxonomy(), 42);
    const int n = 2000;
    const QList<Scenario> all = s.sample(0, n);
    const QHash<QString, int> top = counts(all, QStringLiteral("topic"), true);
    const double total = 3 + 1 + 0.04;
    // A low-discrepancy sequence: within a couple of draws of the exact share, not just statistically close.
    QVERIFY2(qAbs(top.value(QStringLiteral("billing")) - n * 3 / total) <= 3, qPrintable(QString::number(top.value(QStringLiteral("billing")))));
    QVERIFY(qAbs(top.value(QStringLiteral("login")) - n * 1 / total) <= 3);
    QVERIFY(qAbs(top.value(QStringLiteral("rare")) - n * 0.04 / total) <= 3);
    QCOMPARE(top.value(QStringLiteral("never")), 0);
    // Subtopics are stratified too: refund:invoice = 1:3 within billing.
    const QHash<QString, int> sub = counts(all, QStringLiteral("topic"), false);
    const double billing = n * 3 / total;
    QVERIFY2(qAbs(sub.value(QStringLiteral("billing/refund")) - billing / 4) <= 6, qPrintable(QString::number(sub.value(QStringLiteral("billing/refund")))));
    QVERIFY(qAbs(sub.value(QStringLiteral("billing/invoice")) - billing * 3 / 4) <= 6);
    // Any window of consecutive transcripts is balanced, not only the whole.
    const QHash<QString, int> window = counts(s.sample(500, 100), QStringLiteral("edge"), true);
    QVERIFY(qAbs(window.value(QStringLiteral("legal_threat")) - 10) <= 2);
}

void TestSampler::everyValueShowsWithinAFewTranscripts()
{
    // A value with a 5% share shows within the first 20 (or so) transcripts, wherever the run starts.
    const ScenarioSampler s(taxonomy(), 7);
    for (qint64 start : {0, 13, 1000}) {
        const QHash<QString, int> c = counts(s.sample(start, 25), QStringLiteral("edge"), true);
        QVERIFY2(c.value(QStringLiteral("off_topic")) >= 1, qPrintable(QString::number(start)));
        QVERIFY(c.value(QStringLiteral("legal_threat")) >= 2);
    }
}

void TestSampler::unstratifiedSharesFollowTheWeightsToo()
{
    const ScenarioSampler s(taxonomy(), 42, false);
    const int n = 20000;
    const QHash<QString, int> edge = counts(s.sample(0, n), QStringLiteral("edge"), true);
    QVERIFY(qAbs(edge.value(QStringLiteral("legal_threat")) / double(n) - 0.10) < 0.01);
    QVERIFY(qAbs(edge.value(QStringLiteral("off_topic")) / double(n) - 0.05) < 0.01);
}

void TestSampler::edgeCaseShareMatchesTheDefaultTaxonomy()
{
    QTemporaryDir tmp;
    const Project p = defaultProject(tmp);
    const double target = *p.taxonomy.edgeCaseShare();
    const ScenarioSampler s(p.taxonomy, quint64(p.manifest.seed));
    const QList<Scenario> all = s.sample(0, 200);
    int edge = 0;
    for (const Scenario &sc : all) {
        edge += sc.edgeCase ? 1 : 0;
        QCOMPARE(sc.values.size(), p.taxonomy.dimensions.size());
    }
    QVERIFY2(qAbs(edge - 200 * target) <= 2, qPrintable(QStringLiteral("%1 edge cases, target %2").arg(edge).arg(200 * target)));
}

void TestSampler::personasFollowTheTemplate()
{
    QTemporaryDir tmp;
    const Project p = defaultProject(tmp);
    const PersonaSampler s(p.personas, 42);
    const int n = 4000;
    int flawless = 0;
    QHash<QString, int> primary;
    QHash<QString, int> roles;
    for (int i = 0; i < n; ++i) {
        const Persona persona = s.sample(i);
        QCOMPARE(s.sample(i), persona);
        QCOMPARE(persona.attributes.size(), p.personas.dimensions.size());
        ++roles[persona.attributes.first().second];
        if (persona.flawless()) {
            ++flawless;
            continue;
        }
        ++primary[persona.primaryFlaw];
        QVERIFY(persona.secondaryFlaws.size() >= 1 && persona.secondaryFlaws.size() <= p.personas.secondary.maxPerPersona);
        QCOMPARE(QSet<QString>(persona.secondaryFlaws.begin(), persona.secondaryFlaws.end()).size(), persona.secondaryFlaws.size());
    }
    QVERIFY2(qAbs(flawless / double(n) - p.personas.noFlawShare) < 0.02, qPrintable(QString::number(flawless)));
    // vague:wrong_terminology:buried_question = 3:2:2
    const double flawed = n - flawless;
    QVERIFY(qAbs(primary.value(QStringLiteral("vague")) / flawed - 3.0 / 7) < 0.03);
    QVERIFY(qAbs(primary.value(QStringLiteral("wrong_terminology")) / flawed - 2.0 / 7) < 0.03);
    // role weights 0.35, 0.25, 0.2, 0.2
    QVERIFY(qAbs(roles.value(QStringLiteral("freelancer")) / double(n) - 0.35) < 0.03);
}

void TestSampler::flawsFireAtTheirProbabilityPerMessage()
{
    PersonaTemplate t;
    t.noFlawShare = 0;
    t.primary.probability = 0.5;
    t.primary.patterns = {FlawPattern{QStringLiteral("vague"), QStringLiteral("Vague."), 1, {}, {}, {}, {}, {}}};
    t.secondary.probability = 0.2;
    t.secondary.maxPerPersona = 1;
    t.secondary.patterns = {FlawPattern{QStringLiteral("typos"), QStringLiteral("Typos."), 1, 0.1, {}, {}, {}, {}}};
    const PersonaSampler s(t, 9);
    const Persona persona = s.sample(3);
    QCOMPARE(persona.primaryFlaw, QStringLiteral("vague"));
    QCOMPARE(persona.secondaryFlaws, QStringList{QStringLiteral("typos")});
    int vague = 0, typos = 0;
    const int messages = 20000;
    QList<QStringList> firstRun;
    for (int m = 0; m < messages; ++m) {
        const QStringList f = s.flawsFor(persona, 3, m);
        vague += f.contains(QStringLiteral("vague"));
        typos += f.contains(QStringLiteral("typos"));
        if (m < 50)
            firstRun.append(f);
    }
    QVERIFY(qAbs(vague / double(messages) - 0.5) < 0.015);
    QVERIFY(qAbs(typos / double(messages) - 0.1) < 0.01);  // the pattern's own probability wins
    for (int m = 0; m < 50; ++m)
        QCOMPARE(s.flawsFor(persona, 3, m), firstRun[m]);
    // A persona without flaws never shows any.
    Persona clean;
    QVERIFY(s.flawsFor(clean, 3, 0).isEmpty());
    QCOMPARE(s.flawDescription(QStringLiteral("typos")), QStringLiteral("Typos."));
}

void TestSampler::describeNamesEveryValue()
{
    const Scenario s = ScenarioSampler(taxonomy(), 1).sample(0);
    const QString text = s.describe();
    QVERIFY(text.contains(QStringLiteral("topic: ")));
    QVERIFY(text.contains(QStringLiteral("edge: ")));
    QCOMPARE(s.toJson().size(), 2);
}

QTEST_GUILESS_MAIN(TestSampler)
#include "tst_sampler.moc"

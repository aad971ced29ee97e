// What the prompt editor shows next to a prompt: its word and approximate token counts, and the
// prompt rendered for a sampled persona and scenario.

#include "dataset/tokenestimate.h"
#include "generate/promptpreview.h"
#include "generate/sampler.h"
#include "project/project.h"
#include "project/projectsetup.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace sift;

class TestPromptPreview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void wordsAndApproximateTokens();
    void userSimulatorPromptShowsTheSampledPersonaAndScenario();
    void sameSeedAndIndexRenderTheSameText();
    void judgePromptHoldsTheRubric();
    void everyVariableOfEveryDefaultPromptIsFilled();

private:
    PromptPreviewInputs inputs(quint64 seed, qint64 index) const;
    QTemporaryDir m_tmp;
    std::optional<Project> m_project;
};

void TestPromptPreview::initTestCase()
{
    const QString dir = m_tmp.filePath(QStringLiteral("p"));
    QVERIFY(createProjectFromDefault(dir).ok());
    auto loaded = Project::load(dir);
    QVERIFY(loaded.ok());
    m_project = std::move(*loaded);
}

PromptPreviewInputs TestPromptPreview::inputs(quint64 seed, qint64 index) const
{
    PromptPreviewInputs in;
    in.taxonomy = m_project->taxonomy;
    in.personas = m_project->personas;
    in.rubric = m_project->rubric;
    in.systemPrompt = m_project->prompts.value(PromptKind::System).text;
    in.productName = m_project->manifest.effectiveProductName();
    in.seed = seed;
    in.index = index;
    return in;
}

void TestPromptPreview::wordsAndApproximateTokens()
{
    QCOMPARE(TokenEstimate::words(QStringLiteral("  You are a\ncustomer of {{product_name}}.  ")), 6);
    QCOMPARE(TokenEstimate::words(QString()), 0);
    QCOMPARE(TokenEstimate::approximateTokens(QStringLiteral("   ")), 0);
    // Prose: about four thirds of a token per word.
    QCOMPARE(TokenEstimate::approximateTokens(QStringLiteral("one two three")), 4);
    // Dense text: about four characters per token.
    QCOMPARE(TokenEstimate::approximateTokens(QStringLiteral("{\"SF1\":\"YES\",\"SF2\":\"NO\"}")), 6);  // 24 characters
}

void TestPromptPreview::userSimulatorPromptShowsTheSampledPersonaAndScenario()
{
    const PromptPreviewInputs in = inputs(7, 3);
    const QString rendered = PromptPreview::render(m_project->prompts.value(PromptKind::UserSim), in);
    const Scenario scenario = ScenarioSampler(in.taxonomy, in.seed).sample(in.index);
    const Persona persona = PersonaSampler(in.personas, in.seed).sample(in.index);
    QVERIFY2(rendered.contains(scenario.describe()), qPrintable(rendered));
    QVERIFY2(rendered.contains(persona.describe()), qPrintable(rendered));
    QVERIFY(rendered.contains(QStringLiteral("customer of ") + in.productName));
    QVERIFY(!rendered.contains(QStringLiteral("{{")));
}

void TestPromptPreview::sameSeedAndIndexRenderTheSameText()
{
    const PromptTemplate userSim = m_project->prompts.value(PromptKind::UserSim);
    QCOMPARE(PromptPreview::render(userSim, inputs(11, 5)), PromptPreview::render(userSim, inputs(11, 5)));
    // Another index draws another scenario or persona somewhere in the first ten.
    bool anyDiffers = false;
    for (qint64 i = 1; i < 10 && !anyDiffers; ++i)
        anyDiffers = PromptPreview::render(userSim, inputs(11, 0)) != PromptPreview::render(userSim, inputs(11, i));
    QVERIFY(anyDiffers);
}

void TestPromptPreview::judgePromptHoldsTheRubric()
{
    const QString rendered = PromptPreview::render(m_project->prompts.value(PromptKind::Judge), inputs(1, 0));
    for (const Criterion &c : m_project->rubric.criteria)
        QVERIFY2(rendered.contains(c.question), qPrintable(c.id));
    // What a judge reads during a run, the transcript aside: safety gates first, each NA rule, the format.
    const Criterion *sf1 = m_project->rubric.criterion(QStringLiteral("SF1"));
    const Criterion *sf2 = m_project->rubric.criterion(QStringLiteral("SF2"));
    QVERIFY(rendered.contains(QStringLiteral("### SF1: %1 (safety gate)\nQuestion: %2\nNA is not allowed").arg(sf1->name, sf1->question)));
    QVERIFY(rendered.contains(QStringLiteral("### SF2: %1 (safety gate)\nQuestion: %2\nNA allowed").arg(sf2->name, sf2->question)));
    QVERIFY(rendered.indexOf(QStringLiteral("### SF1")) < rendered.indexOf(QStringLiteral("### AC1")));
    QVERIFY(rendered.contains(QStringLiteral("Quote first, then decide.")));
    QVERIFY(rendered.contains(QStringLiteral("[the transcript under review")));
}

void TestPromptPreview::everyVariableOfEveryDefaultPromptIsFilled()
{
    for (const PromptKind kind : PromptTemplate::allKinds()) {
        const QHash<QString, QString> values = PromptPreview::values(kind, inputs(3, 1));
        for (const QString &variable : PromptTemplate::knownVariables(kind))
            QVERIFY2(values.contains(variable), qPrintable(PromptTemplate::displayName(kind) + QLatin1Char(' ') + variable));
    }
}

QTEST_GUILESS_MAIN(TestPromptPreview)
#include "tst_promptpreview.moc"

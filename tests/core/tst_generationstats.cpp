// generation_stats.md as runs leave it, figure by figure: per-batch and cumulative pass rates, each
// batch's failing criteria and judge disagreement, the project's criterion breakdown, judge agreement
// (computed by hand below), tokens and cost, and the iterations. Judges whose answers are fixed make
// every figure known in advance.

#include "engine/generationstats.h"
#include "project/promptversions.h"
#include "store/runstore.h"
#include "support/enginedriver.h"

#include <QRegularExpression>
#include <QTemporaryDir>

using namespace sift;
using namespace sift::test;

namespace {

QString statsText(const QString &dir)
{
    QFile f(QDir(dir).filePath(GenerationStatsFile));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The row of the table whose first cells are `start`, or an empty string.
QString row(const QString &text, const QString &start)
{
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(start))
            return line;
    }
    return {};
}

} // namespace

class TestGenerationStats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyFigureOfTheFile();

private:
    FakeProviderServer m_server;
    QTemporaryDir m_tmp;
};

void TestGenerationStats::initTestCase()
{
    QVERIFY(m_server.start());
}

void TestGenerationStats::everyFigureOfTheFile()
{
    const QString dir = m_tmp.filePath(QStringLiteral("p"));
    QVERIFY(makeEngineProject(dir, m_server.baseUrl()));
    QVERIFY(editFile(QDir(dir).filePath(QStringLiteral("sift.yaml")), "max_retry_wait_s: 0.2}",
                     "max_retry_wait_s: 0.2, price: {input_per_mtok: 3, output_per_mtok: 15}}"));

    // Run 1: judge_b alone fails CM1 everywhere; every transcript still passes (CM1 weighs little).
    m_server.setResponder(judgingResponder([](const QString &c, const QString &model, const QString &) {
        return c == QLatin1String("CM1") && model == QLatin1String("judge-b");
    }));
    {
        Harness h(dir, Harness::CallLog::Project);
        h.engine.start(runOptions(5));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    }
    // Run 2, with a changed judge prompt: both judges also fail safety gate SF1, so nothing passes.
    QFile judge(QDir(dir).filePath(QStringLiteral("config/prompts/judge.md")));
    QVERIFY(judge.open(QIODevice::Append));
    judge.write("\nBe strict.\n");
    judge.close();
    m_server.setResponder(judgingResponder([](const QString &c, const QString &model, const QString &) {
        return c == QLatin1String("SF1") || (c == QLatin1String("CM1") && model == QLatin1String("judge-b"));
    }));
    {
        Harness h(dir, Harness::CallLog::Project);
        h.engine.start(runOptions(5));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    }
    // Run 3 only generates; the file is written after it too.
    QFile::remove(QDir(dir).filePath(GenerationStatsFile));
    {
        Harness h(dir, Harness::CallLog::Project);
        h.engine.start(runOptions(3, QStringLiteral("generate")));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    }
    QString firstVersion, secondVersion;
    {
        auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
        const QList<RunRecord> runs = *RunStore(**store).runs();
        QCOMPARE(runs.size(), 3);
        firstVersion = runs[0].promptVersion;
        secondVersion = runs[1].promptVersion;
        QCOMPARE(runs[2].promptVersion, secondVersion);
    }
    QVERIFY(secondVersion != firstVersion);
    QCOMPARE(PromptVersions(dir).list()->size(), 2);
    const QString text = statsText(dir);
    QVERIFY2(!text.isEmpty(), "generation_stats.md was not written after a generate run");

    // Summary: 13 conversations, 10 assessed, 5 passed; two prompt versions.
    QVERIFY2(text.contains(QStringLiteral("- Runs: 3; transcripts generated: 13; assessed: 10\n")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("- Cumulative pass rate: 50.0% (5 of 10); invalid assessments: 0\n")));
    QVERIFY(text.contains(QStringLiteral("- Iterations (prompt versions used): 2\n")));

    // Per batch: pass rate, cumulative rate, gate, failing criteria (rubric order) and disagreement.
    QCOMPARE(row(text, QStringLiteral("| 1 | 1 |")),
             QStringLiteral("| 1 | 1 | %1 | 5 | 5 | 5 | 100.0% | 100.0% | iterate | no | CM1 5 | CM1 100.0% |").arg(firstVersion));
    QCOMPARE(row(text, QStringLiteral("| 2 | 1 |")),
             QStringLiteral("| 2 | 1 | %1 | 5 | 5 | 0 | 0.0% | 50.0% | revise | no | SF1 5, CM1 5 | CM1 100.0% |").arg(secondVersion));
    QCOMPARE(row(text, QStringLiteral("| 3 | 1 |")), QStringLiteral("| 3 | 1 | %1 | 3 | 0 | 0 | - | 50.0% | - | no | - | - |").arg(secondVersion));

    // The project's criterion breakdown: CM1 failed all ten, with the judges always apart on it; SF1
    // failed five, the judges agreeing; everything else never failed.
    QVERIFY2(row(text, QStringLiteral("| CM1 ")).endsWith(QStringLiteral("| communication |  | 10 | 100.0% | 100.0% |")),
             qPrintable(row(text, QStringLiteral("| CM1 "))));
    QVERIFY2(row(text, QStringLiteral("| SF1 ")).endsWith(QStringLiteral("| safety | yes | 5 | 50.0% | 0.0% |")),
             qPrintable(row(text, QStringLiteral("| SF1 "))));
    QVERIFY(row(text, QStringLiteral("| AC1 ")).endsWith(QStringLiteral("| accuracy |  | 0 | 0.0% | 0.0% |")));

    // Judge agreement over 10 transcripts x 16 criteria = 160 answers each. judge_a says NO 5 times
    // (SF1, run 2), judge_b 15 times (CM1 in both runs, SF1 in run 2); they differ on 10 (CM1).
    // Cohen: p_o = 150/160, p_e = (155*145 + 5*15)/160^2 = 0.880859; kappa = 0.475.
    // Fleiss: P = 150/160, p_yes = 300/320, p_no = 20/320, P_e = 0.8828125; kappa = 0.467.
    QVERIFY2(text.contains(QStringLiteral("- Cohen's kappa judge_a/judge_b: 0.475\n")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("- Fleiss' kappa over 2 judges: 0.467\n")));

    // Tokens and cost per backend and purpose, as the call log has them, at $3 and $15 a million.
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    QSqlQuery q((*store)->database());
    QVERIFY(q.exec(QStringLiteral("SELECT backend, purpose, COUNT(*), SUM(input_tokens), SUM(output_tokens) FROM llm_calls "
                                  "GROUP BY backend, purpose")));
    int groups = 0;
    qint64 totalCost = 0;
    while (q.next()) {
        ++groups;
        const qint64 in = q.value(3).toLongLong(), outTokens = q.value(4).toLongLong();
        const qint64 cost = 3 * in + 15 * outTokens;
        totalCost += cost;
        const QString expected = QStringLiteral("| %1 | %2 | %3 | 0 | %4 | %5 | $%6 |")
                                     .arg(q.value(0).toString(), q.value(1).toString())
                                     .arg(q.value(2).toLongLong())
                                     .arg(in)
                                     .arg(outTokens)
                                     .arg(double(cost) / 1e6, 0, 'f', 4);
        QVERIFY2(text.contains(expected + QLatin1Char('\n')), qPrintable(expected + QStringLiteral("\n") + text));
    }
    QCOMPARE(groups, 4);  // gen: user_sim and assistant; judge_a and judge_b: judge
    QVERIFY(totalCost > 0);
    QVERIFY(text.contains(QStringLiteral("Total cost: $%1\n").arg(double(totalCost) / 1e6, 0, 'f', 4)));
}

QTEST_GUILESS_MAIN(TestGenerationStats)
#include "tst_generationstats.moc"

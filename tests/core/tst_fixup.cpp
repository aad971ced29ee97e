// Repairs end to end against the fake provider server: a soft failure rewritten and accepted, a
// rewrite refused by the entailment check (cut), safety gates cut or rejected, structural failures
// rejected, the >30% warning, and a repair interrupted between rewrite and check carried on without
// paying for a second rewrite.

#include "engine/runengine.h"
#include "llm/chatsubmitter.h"
#include "llm/clock.h"
#include "llm/httptransport.h"
#include "llm/llmclient.h"
#include "project/project.h"
#include "store/runstore.h"
#include "support/enginedriver.h"
#include "support/repairresponder.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;
using namespace sift::test;

namespace {


RunOptions kind(const QString &k, int count = 0)
{
    RunOptions o;
    o.kind = k;
    o.count = count;
    return o;
}

// Every row of `sql`, each as its columns.
QList<QVariantList> table(const QString &dir, const QString &sql)
{
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    QSqlQuery q((*store)->database());
    QList<QVariantList> out;
    if (!q.exec(sql))
        return out;
    while (q.next()) {
        QVariantList row;
        for (int i = 0; i < q.record().count(); ++i)
            row.append(q.value(i));
        out.append(row);
    }
    return out;
}

// Transcripts whose repaired reply (message 4) is followed by another customer message: only those
// get an entailment check.
int withNextMessage(const QString &dir)
{
    return table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts t WHERE t.source = 'generated' AND "
                                    "(SELECT COUNT(*) FROM turns WHERE transcript_id = t.id) > 5"))
        .first()
        .first()
        .toInt();
}

void appendToManifest(const QString &dir, const QByteArray &text)
{
    QFile f(QDir(dir).filePath(QStringLiteral("sift.yaml")));
    if (f.open(QIODevice::Append))
        f.write(text);
}

} // namespace

class TestFixup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void aSoftFailureIsRewrittenAcceptedAndPasses();
    void aRefusedRewriteCutsTheTranscript();
    void safetyGatesCutOrReject_data();
    void safetyGatesCutOrReject();
    void structuralFailuresAreRejected();
    void aPendingRewriteIsCheckedNotPaidForAgain();
    void oneTranscriptIsRepairedAlone();
    void aRepairRunPausesCancelsAndResumesWithoutPayingTwice();

private:
    QString generated(int failing, const QByteArray &fixupSettings = {});
    FakeProviderServer m_server;
    RepairScript m_script;
    QTemporaryDir m_tmp;
    int m_n = 0;
};

void TestFixup::initTestCase()
{
    QVERIFY(m_server.start());
    m_server.setResponder(repairResponder(m_script));
}

void TestFixup::init()
{
    m_script.failing = 0;
    m_script.follows = true;
    m_script.rewrites = 0;
    m_script.entailments = 0;
}

// A project with five assessed transcripts, failing as scripted.
QString TestFixup::generated(int failing, const QByteArray &fixupSettings)
{
    const QString dir = m_tmp.filePath(QStringLiteral("p%1").arg(++m_n));
    if (!makeEngineProject(dir, m_server.baseUrl()))
        return {};
    if (!fixupSettings.isEmpty())
        appendToManifest(dir, fixupSettings);
    m_script.failing = failing;
    Harness h(dir);
    if (!h.run(kind(QStringLiteral("run"), 5)) || h.outcome != RunEngine::Outcome::Completed)
        return {};
    return dir;
}

void TestFixup::aRepairRunPausesCancelsAndResumesWithoutPayingTwice()
{
    const QString dir = generated(1);
    QVERIFY(!dir.isEmpty());
    m_server.setLatency(150);
    auto h = std::make_unique<Harness>(dir);
    h->engine.start(kind(QStringLiteral("fixup")));
    QVERIFY(QTest::qWaitFor([this] { return m_script.rewrites.load() >= 1; }, 20000));
    // Paused: what is in flight lands, nothing new is asked.
    h->engine.pause();
    QTest::qWait(600);
    const int rewrites = m_script.rewrites.load();
    const int checks = m_script.entailments.load();
    QTest::qWait(600);
    QCOMPARE(m_script.rewrites.load(), rewrites);
    QCOMPARE(m_script.entailments.load(), checks);
    QVERIFY(!h->done);
    h->engine.unpause();
    h->engine.cancel();
    QVERIFY(QTest::qWaitFor([&] { return h->done; }, 20000));
    QCOMPARE(h->outcome, RunEngine::Outcome::Cancelled);
    const qint64 runId = h->engine.runId();
    QVERIFY(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND passed = 0")).first().first().toInt() > 0);
    h.reset();

    // Resumed, it finishes the repairs: every transcript rewritten once in all, none paid for twice.
    m_server.setLatency(0);
    Harness resumed(dir);
    resumed.engine.resume(runId);
    QVERIFY(QTest::qWaitFor([&] { return resumed.done; }, 60000));
    QVERIFY2(resumed.outcome == RunEngine::Outcome::Completed, qPrintable(resumed.summary));
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND passed = 1")).first().first().toInt(), 5);
    QCOMPARE(m_script.rewrites.load(), 5);
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM fixups WHERE status = 'accepted'")).first().first().toInt(), 5);
}

void TestFixup::aSoftFailureIsRewrittenAcceptedAndPasses()
{
    const QString dir = generated(1);
    QVERIFY(!dir.isEmpty());
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND passed = 0")).first().first().toInt(), 5);
    const QList<QVariantList> before = table(dir, QStringLiteral("SELECT t.uid, u.content FROM turns u JOIN transcripts t ON t.id = u.transcript_id "
                                                                "WHERE u.idx = 4 AND t.source = 'generated' ORDER BY t.uid"));
    Harness h(dir);
    QVERIFY(h.run(kind(QStringLiteral("fixup"))));
    QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
    QCOMPARE(h.engine.progress().fixed, 5);
    QCOMPARE(m_script.rewrites.load(), 5);
    const int checked = withNextMessage(dir);
    QVERIFY(checked >= 1 && checked < 5);  // the seed gives both kinds
    QCOMPARE(m_script.entailments.load(), checked);
    QVERIFY2(h.notices.join(QLatin1Char('\n')).contains(QStringLiteral("5 of 5 assessed transcripts (100%) need repair")),
             qPrintable(h.notices.join(QLatin1Char('\n'))));
    // Every transcript passes now; the rewrite replaced the reply and the original sits beside it.
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND passed = 1")).first().first().toInt(), 5);
    const QList<QVariantList> fixes = table(dir, QStringLiteral("SELECT t.uid, f.turn, f.before, f.after, f.status, f.entailment, f.failed_criteria "
                                                               "FROM fixups f JOIN transcripts t ON t.id = f.transcript_id ORDER BY t.uid"));
    QCOMPARE(fixes.size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(fixes[i][0], before[i][0]);
        QCOMPARE(fixes[i][1].toInt(), 4);
        QCOMPARE(fixes[i][2].toString(), before[i][1].toString());
        QCOMPARE(fixes[i][3].toString(), QStringLiteral("REWRITTEN reply, short and clear."));
        QCOMPARE(fixes[i][4].toString(), QStringLiteral("accepted"));
        QVERIFY(fixes[i][5].toString() == QLatin1String("it still follows") ||
                fixes[i][5].toString() == QLatin1String("no customer message follows the reply"));
        QVERIFY(fixes[i][6].toString().contains(QStringLiteral("\"AC4\"")));
    }
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM turns WHERE idx = 4 AND content = 'REWRITTEN reply, short and clear.'"))
                 .first().first().toInt(), 5);
    // Nothing left to repair.
    Harness again(dir);
    QVERIFY(again.run(kind(QStringLiteral("fixup"))));
    QCOMPARE(again.engine.progress().target, 0);
}

void TestFixup::aRefusedRewriteCutsTheTranscript()
{
    const QString dir = generated(1);
    QVERIFY(!dir.isEmpty());
    m_script.follows = false;
    Harness h(dir);
    QVERIFY(h.run(kind(QStringLiteral("fixup"))));
    QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    // Refused where a customer message follows the rewrite; where none does, the rewrite is kept.
    const int checked = withNextMessage(dir);
    QCOMPARE(h.engine.progress().refused, checked);
    QCOMPARE(h.engine.progress().fixed, 5 - checked);
    // Cut before the customer message the failing reply answered; judged again on what is left, it passes.
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND truncated_at = 3 AND passed = 1"))
                 .first().first().toInt(), checked);
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM fixups WHERE status = 'refused'")).first().first().toInt(), checked);
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND passed = 1")).first().first().toInt(), 5);
    // The refused rewrites never replaced a turn.
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM turns WHERE content LIKE 'REWRITTEN%'")).first().first().toInt(), 5 - checked);
    QVERIFY(table(dir, QStringLiteral("SELECT MIN(n) FROM (SELECT COUNT(*) AS n FROM turns GROUP BY transcript_id)")).first().first().toInt() >= 5);
}

void TestFixup::safetyGatesCutOrReject_data()
{
    QTest::addColumn<QByteArray>("settings");
    QTest::addColumn<bool>("rejected");
    QTest::newRow("truncate (the default)") << QByteArray() << false;
    QTest::newRow("reject") << QByteArray("fixup: {safety: reject}\n") << true;
}

void TestFixup::safetyGatesCutOrReject()
{
    QFETCH(QByteArray, settings);
    QFETCH(bool, rejected);
    const QString dir = generated(2, settings);
    QVERIFY(!dir.isEmpty());
    Harness h(dir);
    QVERIFY(h.run(kind(QStringLiteral("fixup"))));
    QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    QCOMPARE(m_script.rewrites.load(), 0);  // a safety failure is never rewritten
    if (rejected) {
        QCOMPARE(h.engine.progress().rejected, 5);
        QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND rejected = 'safety gate SF1 failed'"))
                     .first().first().toInt(), 5);
    } else {
        QCOMPARE(h.engine.progress().truncated, 5);
        QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND truncated_at = 3 AND passed = 1 "
                                          "AND rejected IS NULL"))
                     .first().first().toInt(), 5);
    }
}

void TestFixup::structuralFailuresAreRejected()
{
    const QString dir = generated(3, "fixup: {structural: [resolution]}\n");
    QVERIFY(!dir.isEmpty());
    Harness h(dir);
    QVERIFY(h.run(kind(QStringLiteral("fixup"))));
    QCOMPARE(h.engine.progress().rejected, 5);
    QCOMPARE(m_script.rewrites.load(), 0);
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE rejected LIKE 'RS1, RS2, RS3 failed%'")).first().first().toInt(), 5);
}

void TestFixup::aPendingRewriteIsCheckedNotPaidForAgain()
{
    // The entailment judge is unreachable: rewrites are stored, checks fail, the run stops resumably.
    const QString dir = generated(1);
    QVERIFY(!dir.isEmpty());
    appendToManifest(dir, "fixup: {entailment_judge: dead}\n");
    QFile manifest(QDir(dir).filePath(QStringLiteral("sift.yaml")));
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    QByteArray text = manifest.readAll();
    manifest.close();
    text.replace("roles:", "  dead: {provider: openai, base_url: \"http://127.0.0.1:1/v1\", model: m, api_key_env: \"\", max_attempts: 1}\nroles:");
    QVERIFY(manifest.open(QIODevice::WriteOnly | QIODevice::Truncate));
    manifest.write(text);
    manifest.close();
    const int checked = withNextMessage(dir);
    {
        Harness h(dir);
        QVERIFY(h.run(kind(QStringLiteral("fixup"))));
        // Three checks failing in a row stop the run as a backend failure; fewer leave it completed.
        QCOMPARE(h.outcome, checked >= 3 ? RunEngine::Outcome::Failed : RunEngine::Outcome::Completed);
    }
    const int rewrites = m_script.rewrites;
    const int pending = table(dir, QStringLiteral("SELECT COUNT(*) FROM fixups WHERE status = 'pending'")).first().first().toInt();
    QVERIFY(pending >= 1);
    QVERIFY(pending <= checked);
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE status = 'fixing'")).first().first().toInt(), pending);

    // With the judge back, the next repair run checks the stored rewrites instead of asking for new ones.
    text.replace("fixup: {entailment_judge: dead}\n", "");
    QVERIFY(manifest.open(QIODevice::WriteOnly | QIODevice::Truncate));
    manifest.write(text);
    manifest.close();
    Harness h(dir);
    QVERIFY(h.run(kind(QStringLiteral("fixup"))));
    QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
    QVERIFY(rewrites < 5 || pending > 0);
    QCOMPARE(m_script.rewrites.load(), 5);  // one rewrite per transcript: the stored ones were checked, not redone
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM fixups WHERE status = 'pending'")).first().first().toInt(), 0);
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM fixups WHERE status = 'accepted'")).first().first().toInt(), 5);
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM fixups")).first().first().toInt(), 5);
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND passed = 1")).first().first().toInt(), 5);
}


void TestFixup::oneTranscriptIsRepairedAlone()
{
    // The Review workspace repairs the transcript on screen: nothing else is touched or paid for.
    const QString dir = generated(1);
    QVERIFY(!dir.isEmpty());
    const QString uid = table(dir, QStringLiteral("SELECT uid FROM transcripts WHERE source = 'generated' ORDER BY uid")).value(2).value(0).toString();
    QVERIFY(!uid.isEmpty());
    Harness h(dir);
    RunOptions options = kind(QStringLiteral("fixup"));
    options.only = {uid};
    QVERIFY(h.run(options));
    QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
    QCOMPARE(h.engine.progress().target, 1);
    QCOMPARE(m_script.rewrites.load(), 1);
    // One transcript asked for is not a share of the project: no advice to revise the prompts.
    QVERIFY2(!h.notices.join(QLatin1Char('\n')).contains(QStringLiteral("need repair")), qPrintable(h.notices.join(QLatin1Char('\n'))));
    const QList<QVariantList> repaired =
        table(dir, QStringLiteral("SELECT t.uid FROM fixups f JOIN transcripts t ON t.id = f.transcript_id"));
    QCOMPARE(repaired.size(), 1);
    QCOMPARE(repaired.first().first().toString(), uid);
    QCOMPARE(table(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated' AND passed = 0")).first().first().toInt(), 4);
}

QTEST_GUILESS_MAIN(TestFixup)
#include "tst_fixup.moc"

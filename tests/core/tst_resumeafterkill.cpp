// A run killed at random moments and resumed each time ends with exactly the data of a run that was
// never interrupted: no transcript, turn or verdict lost or duplicated, no reply paid for twice.

#include "store/projectstore.h"
#include "support/engineharness.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;
using namespace sift::test;

namespace {

QStringList snapshot(const QString &dir)
{
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    QStringList out;
    QSqlQuery q((*store)->database());
    q.exec(QStringLiteral("SELECT t.uid, t.status, t.assessment, t.score, t.passed, (SELECT group_concat(role || ':' || content, '|') "
                          "FROM (SELECT * FROM turns WHERE transcript_id = t.id ORDER BY idx)) FROM transcripts t "
                          "WHERE t.source = 'generated' ORDER BY t.uid"));
    while (q.next()) {
        QStringList row;
        for (int i = 0; i < 6; ++i)
            row.append(q.value(i).toString());
        out.append(row.join(QLatin1Char('#')));
    }
    q.exec(QStringLiteral("SELECT t.uid, v.judge, v.criterion, v.answer FROM verdicts v JOIN transcripts t ON t.id = v.transcript_id "
                          "WHERE t.source = 'generated' ORDER BY t.uid, v.judge, v.criterion"));
    while (q.next())
        out.append(QStringLiteral("%1 %2 %3 %4").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                                      q.value(3).toString()));
    return out;
}

QString lastRunStatus(const QString &dir)
{
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    if (!store)
        return {};
    QSqlQuery q((*store)->database());
    return q.exec(QStringLiteral("SELECT status FROM runs ORDER BY id DESC LIMIT 1")) && q.next() ? q.value(0).toString() : QString();
}

int okCalls(const QString &dir)
{
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    QSqlQuery q((*store)->database());
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM llm_calls WHERE status = 'ok'")) && q.next() ? q.value(0).toInt() : -1;
}

struct Finished
{
    bool completed = false;
    QString output;
};

// Runs the runner; kills it after `killAfterMs` unless it finishes first (-1: never kill).
Finished runOnce(const QStringList &args, int killAfterMs)
{
    QProcess p;
    p.start(QStringLiteral(SIFT_ENGINE_RUNNER_PATH), args);
    if (!p.waitForStarted())
        return {};
    if (killAfterMs >= 0 && !p.waitForFinished(killAfterMs)) {
        p.kill();
        p.waitForFinished();
        return {false, QString::fromUtf8(p.readAllStandardOutput())};
    }
    p.waitForFinished(120000);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    return {out.contains(QStringLiteral("finished Completed")), out + QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestResumeAfterKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedRunsResumeToTheSameData();
};

void TestResumeAfterKill::killedRunsResumeToTheSameData()
{
    FakeProviderServer server;
    QVERIFY(server.start());
    server.setResponder(engineResponder());
    server.setLatency(3);
    QTemporaryDir tmp;
    const QString killed = tmp.filePath(QStringLiteral("killed"));
    const QString straight = tmp.filePath(QStringLiteral("straight"));
    QVERIFY(makeEngineProject(killed, server.baseUrl()));
    QVERIFY(makeEngineProject(straight, server.baseUrl()));

    const Finished reference = runOnce({straight, QStringLiteral("start"), QStringLiteral("15")}, -1);
    QVERIFY2(reference.completed, qPrintable(reference.output));

    QRandomGenerator random(11);  // fixed, so a failure can be replayed
    int kills = 0;
    Finished last = runOnce({killed, QStringLiteral("start"), QStringLiteral("15")}, int(random.bounded(150, 600)));
    kills += last.completed ? 0 : 1;
    for (int round = 0; round < 12 && !last.completed; ++round) {
        // What to do next depends on what the database holds, not on what the killed process
        // managed to print: no run yet (killed before it recorded one) starts it; a completed one
        // (killed between finishing and saying so) is done; anything else resumes.
        const QString status = lastRunStatus(killed);
        if (status == QLatin1String("completed")) {
            last.completed = true;
            break;
        }
        last = runOnce(status.isEmpty() ? QStringList{killed, QStringLiteral("start"), QStringLiteral("15")}
                                        : QStringList{killed, QStringLiteral("resume")},
                       round < 8 ? int(random.bounded(100, 500)) : -1);
        kills += last.completed ? 0 : 1;
    }
    QVERIFY2(last.completed, qPrintable(last.output));
    QCOMPARE(lastRunStatus(killed), QStringLiteral("completed"));
    QVERIFY2(kills >= 3, qPrintable(QString::number(kills)));  // the run really was interrupted several times

    auto store = ProjectStore::open(QDir(killed).filePath(QStringLiteral("sift.db")));
    QSqlQuery q((*store)->database());
    QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
    const QStringList got = snapshot(killed);
    const QStringList expected = snapshot(straight);
    QCOMPARE(got.size(), expected.size());
    for (int i = 0; i < got.size(); ++i)
        QCOMPARE(got[i], expected[i]);

    // Nothing was paid for twice: every reply that was paid for is answered from the cache after a
    // kill, so the killed run paid for exactly the requests the straight one did.
    QVERIFY(q.exec(QStringLiteral("SELECT request_hash, COUNT(*) FROM llm_calls WHERE status = 'ok' GROUP BY request_hash "
                                  "HAVING COUNT(*) > 1")));
    QVERIFY2(!q.next(), qPrintable(QStringLiteral("paid twice: ") + q.value(0).toString()));
    const int paid = okCalls(killed);
    QVERIFY(paid > 0);
    QCOMPARE(paid, okCalls(straight));
}

QTEST_GUILESS_MAIN(TestResumeAfterKill)
#include "tst_resumeafterkill.moc"

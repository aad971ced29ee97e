// A process killed at any moment while writing leaves each transcript complete or absent.

#include "store/projectstore.h"

#include <QProcess>
#include <QThread>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;

class TestKillMidWrite : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedWriterNeverLeavesHalfATranscript();
};

void TestKillMidWrite::killedWriterNeverLeavesHalfATranscript()
{
    QTemporaryDir tmp;
    const QString db = tmp.filePath(QStringLiteral("sift.db"));
    QStringList committed;
    QRandomGenerator random(7);  // fixed, so a failure can be replayed
    constexpr int Kills = 30;
    for (int round = 0; round < Kills; ++round) {
        QProcess writer;
        writer.start(QStringLiteral(SIFT_STORE_WRITER_PATH), {db, QStringLiteral("r%1").arg(round)});
        QVERIFY(writer.waitForStarted());
        // Let it commit a few transcripts, then kill it at a varied moment inside the next one.
        const int wanted = 1 + int(random.bounded(4));
        int seen = 0;
        while (seen < wanted && writer.waitForReadyRead(20000)) {
            while (writer.canReadLine()) {
                committed.append(QString::fromUtf8(writer.readLine()).trimmed());
                ++seen;
            }
        }
        QVERIFY2(seen >= wanted, qPrintable(QString::fromUtf8(writer.readAllStandardError())));
        QThread::usleep(random.bounded(3000));
        writer.kill();
        writer.waitForFinished();
        // Lines printed between the read and the kill were committed too.
        for (const QByteArray &line : writer.readAllStandardOutput().split('\n')) {
            if (!line.trimmed().isEmpty())
                committed.append(QString::fromUtf8(line.trimmed()));
        }
    }

    auto store = ProjectStore::open(db);
    QVERIFY2(store.ok(), qPrintable(store.errorText()));
    QSqlQuery q((*store)->database());
    QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
    for (const QString &uid : std::as_const(committed))
        QVERIFY2((*store)->contains(uid), qPrintable(uid));
    // Every transcript present has exactly the messages its writer meant to give it.
    const auto all = (*store)->transcripts();
    QVERIFY(all.ok());
    QVERIFY(all->size() >= committed.size());
    for (const TranscriptSummary &s : *all)
        QCOMPARE(s.turnCount, s.uid.section(QLatin1Char('-'), 2).toInt());
}

QTEST_GUILESS_MAIN(TestKillMidWrite)
#include "tst_killmidwrite.moc"

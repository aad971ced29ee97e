// The project database: schema, migrations, transactions and what it refuses.

#include "store/projectstore.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;

namespace {
TranscriptRecord sample(const QString &uid, int exchanges = 2)
{
    TranscriptRecord t;
    t.uid = uid;
    t.source = QStringLiteral("import");
    t.messages.append({QStringLiteral("system"), QStringLiteral("Be helpful.")});
    for (int i = 0; i < exchanges; ++i) {
        t.messages.append({QStringLiteral("user"), QStringLiteral("question %1").arg(i)});
        t.messages.append({QStringLiteral("assistant"), QStringLiteral("answer %1").arg(i)});
        t.flaws.append(i % 2 ? QStringList{QStringLiteral("typos"), QStringLiteral("vague")} : QStringList{});
    }
    t.persona = QJsonObject{{QStringLiteral("mood"), QStringLiteral("calm")}};
    t.scenario = QJsonObject{{QStringLiteral("topic"), QStringLiteral("billing")}};
    return t;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsSchemaInWalMode();
    void transcriptRoundTrip();
    void dataSurvivesReopen();
    void batchIsAllOrNothing();
    void verdictsReplacePerJudge();
    void deletingATranscriptDeletesItsTurnsAndVerdicts();
    void migratesForward();
    void refusesANewerSchema();
    void leavesANonDatabaseFileAlone();
    void hasNoPlaceForSecrets();

private:
    QTemporaryDir m_tmp;
    int m_n = 0;
    QString freshPath() { return m_tmp.filePath(QStringLiteral("db%1.sqlite").arg(++m_n)); }
};

void TestStore::createsSchemaInWalMode()
{
    auto store = ProjectStore::open(freshPath());
    QVERIFY2(store.ok(), qPrintable(store.errorText()));
    QCOMPARE((*store)->schemaVersion(), ProjectStore::migrations().last().version);
    QSqlQuery q((*store)->database());
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    for (const char *table : {"runs", "batches", "prompt_versions", "transcripts", "turns", "verdicts", "review_flags",
                              "fixups", "slices", "llm_calls", "response_cache"}) {
        q.prepare(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
        q.addBindValue(QString::fromLatin1(table));
        QVERIFY2(q.exec() && q.next(), table);
    }
}

void TestStore::transcriptRoundTrip()
{
    auto store = ProjectStore::open(freshPath());
    QVERIFY(store.ok());
    const TranscriptRecord t = sample(QStringLiteral("t-1"), 3);
    QVERIFY((*store)->saveTranscript(t).ok());
    const auto back = (*store)->transcript(QStringLiteral("t-1"));
    QVERIFY(back.ok());
    QCOMPARE(back->messages, t.messages);
    QCOMPARE(back->flaws, t.flaws);
    QCOMPARE(back->persona, t.persona);
    QCOMPARE(back->scenario, t.scenario);
    QCOMPARE(back->source, QStringLiteral("import"));
    const auto list = (*store)->transcripts();
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->first().turnCount, 7);
    QCOMPARE(list->first().preview, QStringLiteral("question 0"));
    QVERIFY(!(*store)->transcript(QStringLiteral("missing")).ok());
}

void TestStore::dataSurvivesReopen()
{
    const QString path = freshPath();
    {
        auto store = ProjectStore::open(path);
        QVERIFY((*store)->saveTranscript(sample(QStringLiteral("keep"))).ok());
    }
    auto again = ProjectStore::open(path);
    QVERIFY(again.ok());
    QVERIFY((*again)->contains(QStringLiteral("keep")));
    QCOMPARE((*again)->schemaVersion(), ProjectStore::migrations().last().version);
}

void TestStore::batchIsAllOrNothing()
{
    auto store = ProjectStore::open(freshPath());
    const auto saved = (*store)->saveTranscripts({sample(QStringLiteral("a")), sample(QStringLiteral("b")), sample(QStringLiteral("a"))});
    QVERIFY(!saved.ok());
    QVERIFY(saved.errorText().contains(QStringLiteral("cannot save transcript a")));
    QCOMPARE((*store)->transcripts()->size(), 0);
    QSqlQuery q((*store)->database());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM turns")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TestStore::verdictsReplacePerJudge()
{
    auto store = ProjectStore::open(freshPath());
    QVERIFY((*store)->saveTranscript(sample(QStringLiteral("v"))).ok());
    const CriterionVerdict yes{QStringLiteral("SF1"), QStringLiteral("YES"), QStringLiteral("quote"), 2, QStringLiteral("ok")};
    const CriterionVerdict no{QStringLiteral("SF1"), QStringLiteral("NO"), QStringLiteral("other"), 1, QStringLiteral("bad")};
    QVERIFY((*store)->saveVerdicts({QStringLiteral("v"), QStringLiteral("judge-a"), {yes}}).ok());
    QVERIFY((*store)->saveVerdicts({QStringLiteral("v"), QStringLiteral("judge-b"), {yes}}).ok());
    QVERIFY((*store)->saveVerdicts({QStringLiteral("v"), QStringLiteral("judge-a"), {no}}).ok());
    const auto verdicts = (*store)->verdicts(QStringLiteral("v"));
    QCOMPARE(verdicts->size(), 2);
    QCOMPARE(verdicts->at(0).judge, QStringLiteral("judge-a"));
    QCOMPARE(verdicts->at(0).criteria, QList<CriterionVerdict>{no});
    QCOMPARE(verdicts->at(1).criteria, QList<CriterionVerdict>{yes});
    // An answer outside YES/NO/NA is refused by the schema, and the judge's earlier verdicts stay.
    const CriterionVerdict maybe{QStringLiteral("SF1"), QStringLiteral("MAYBE"), {}, 1, {}};
    QVERIFY(!(*store)->saveVerdicts({QStringLiteral("v"), QStringLiteral("judge-a"), {maybe}}).ok());
    QCOMPARE((*store)->verdicts(QStringLiteral("v"))->at(0).criteria, QList<CriterionVerdict>{no});
    QVERIFY(!(*store)->saveVerdicts({QStringLiteral("nope"), QStringLiteral("judge-a"), {yes}}).ok());
}

void TestStore::deletingATranscriptDeletesItsTurnsAndVerdicts()
{
    auto store = ProjectStore::open(freshPath());
    QVERIFY((*store)->saveTranscript(sample(QStringLiteral("gone"))).ok());
    QVERIFY((*store)->saveVerdicts({QStringLiteral("gone"), QStringLiteral("j"),
                                    {{QStringLiteral("C1"), QStringLiteral("NA"), {}, 0, {}}}}).ok());
    QSqlQuery q((*store)->database());
    QVERIFY(q.exec(QStringLiteral("DELETE FROM transcripts WHERE uid = 'gone'")));
    QVERIFY(q.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM turns) + (SELECT COUNT(*) FROM verdicts)")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TestStore::migratesForward()
{
    const QString path = freshPath();
    {
        auto v1 = ProjectStore::open(path);
        QVERIFY((*v1)->saveTranscript(sample(QStringLiteral("old"))).ok());
    }
    QList<Migration> steps = ProjectStore::migrations();
    const int next = steps.last().version + 1;
    steps.append({next, {QStringLiteral("ALTER TABLE transcripts ADD COLUMN note TEXT")}});
    auto v2 = ProjectStore::open(path, steps, {});
    QVERIFY2(v2.ok(), qPrintable(v2.errorText()));
    QCOMPARE((*v2)->schemaVersion(), next);
    QVERIFY((*v2)->contains(QStringLiteral("old")));
    QSqlQuery q((*v2)->database());
    QVERIFY(q.exec(QStringLiteral("SELECT note FROM transcripts")));
}

void TestStore::refusesANewerSchema()
{
    const QString path = freshPath();
    QList<Migration> steps = ProjectStore::migrations();
    const int known = steps.last().version;
    steps.append({known + 1, {QStringLiteral("CREATE TABLE later (x INTEGER)")}});
    QVERIFY(ProjectStore::open(path, steps, {}).ok());
    const auto old = ProjectStore::open(path);
    QVERIFY(!old.ok());
    QCOMPARE(old.errorText(), path + QStringLiteral(":0:0: error: sift.db was written by a newer Sift (schema %1, this build "
                                                    "knows %2) (hint: open the project with that newer version of Sift)")
                                         .arg(known + 1)
                                         .arg(known));
}

void TestStore::leavesANonDatabaseFileAlone()
{
    const QString path = freshPath();
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("name: not a database\n");
    f.close();
    const QByteArray before = readFile(path);
    const auto store = ProjectStore::open(path);
    QVERIFY(!store.ok());
    QVERIFY(store.errorText().contains(QStringLiteral("is not a Sift database")));
    QCOMPARE(readFile(path), before);
}

void TestStore::hasNoPlaceForSecrets()
{
    auto store = ProjectStore::open(freshPath());
    QSqlQuery q((*store)->database());
    QVERIFY(q.exec(QStringLiteral("SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p "
                                  "WHERE m.type = 'table'")));
    int columns = 0;
    while (q.next()) {
        ++columns;
        const QString column = q.value(1).toString().toLower();
        const bool secretLike = column.contains(QStringLiteral("key")) || column.contains(QStringLiteral("secret")) ||
                                // Token counts are fine; token values are not.
                                (column.contains(QStringLiteral("token")) && !column.endsWith(QStringLiteral("tokens")));
        QVERIFY2(!secretLike,
                 qPrintable(q.value(0).toString() + QLatin1Char('.') + column));
    }
    QVERIFY(columns > 50);
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"

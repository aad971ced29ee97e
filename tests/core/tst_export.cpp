// Export end to end on a project database: which transcripts are training data, the split and its
// leakage check (a leaky split is refused and nothing is written), every written line parsed back and
// checked against the format and the stored content, truncation, token limits, DPO pairs from fixups,
// cancellation and atomic files.

#include "dataset/datasetexport.h"
#include "dataset/transcripttokens.h"
#include "project/project.h"
#include "project/projectsetup.h"
#include "store/projectstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;

namespace {

// Content that needs every kind of escaping, so a writer bug shows as a mismatch.
const QString Tricky = QStringLiteral("quote \" backslash \\ tab\t cr\r nl\n bell\x07 nul-free \u2028 é ✓ 😀 </script>");

struct Planted
{
    QString uid;
    QString persona;  // attribute value; empty: no persona
    int exchanges = 6;
};

TranscriptRecord record(const Planted &p)
{
    TranscriptRecord t;
    t.uid = p.uid;
    t.source = QStringLiteral("generated");
    t.status = QStringLiteral("generated");
    t.messages.append({QStringLiteral("system"), QStringLiteral("You are support. ") + Tricky});
    for (int e = 1; e <= p.exchanges; ++e) {
        t.messages.append({QStringLiteral("user"), QStringLiteral("%1 asks %2: ").arg(p.uid).arg(e) + Tricky});
        t.messages.append({QStringLiteral("assistant"), QStringLiteral("%1 answers %2. ").arg(p.uid).arg(e) + Tricky});
    }
    if (!p.persona.isEmpty())
        t.persona = QJsonObject{{QStringLiteral("style"), p.persona}, {QStringLiteral("mood"), QStringLiteral("calm")}};
    return t;
}

QString uidOf(const QJsonArray &messages)
{
    // Every user message starts with its transcript's uid.
    for (const QJsonValue &m : messages) {
        const QJsonObject o = m.toObject();
        if (o.value(QStringLiteral("role")) == QLatin1String("user") || o.value(QStringLiteral("from")) == QLatin1String("human")) {
            const QString text = o.value(o.contains(QStringLiteral("content")) ? QStringLiteral("content") : QStringLiteral("value")).toString();
            return text.section(QLatin1Char(' '), 0, 0);
        }
    }
    return {};
}

QList<QJsonObject> readLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> out;
    const QByteArray all = f.readAll();
    if (!all.isEmpty() && !all.endsWith('\n'))
        return {};  // every line, the last included, ends with a newline
    for (const QByteArray &line : all.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return {};
        out.append(doc.object());
    }
    return out;
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void exportsPassedTranscriptsInTheOpenAiFormat();
    void includeAllTakesEveryUnrejectedFinishedTranscript();
    void splitKeepsPersonasAndTranscriptsOnOneSide();
    void aLeakySplitIsRefusedAndNothingIsWritten();
    void slicesStayUnderTheTokenLimit();
    void shareGptFormat();
    void dpoPairsFromAcceptedFixups();
    void cancelledExportLeavesEarlierFilesAsTheyWere();
    void nothingToExportIsAnError();
    void outNamesTheFiles();

private:
    void plant(const QList<Planted> &transcripts);
    void sql(const QString &statement);
    Project load();
    QTemporaryDir m_tmp;
    QString m_dir;
    int m_n = 0;
};

void TestExport::init()
{
    m_dir = m_tmp.filePath(QStringLiteral("p%1").arg(++m_n));
    QVERIFY(createProjectFromDefault(m_dir).ok());
}

Project TestExport::load()
{
    auto p = Project::load(m_dir);
    return std::move(*p);
}

void TestExport::plant(const QList<Planted> &transcripts)
{
    auto store = ProjectStore::open(m_dir + QStringLiteral("/sift.db"));
    QVERIFY(store.ok());
    QList<TranscriptRecord> records;
    for (const Planted &p : transcripts)
        records.append(record(p));
    QVERIFY((*store)->saveTranscripts(records).ok());
}

void TestExport::sql(const QString &statement)
{
    auto store = ProjectStore::open(m_dir + QStringLiteral("/sift.db"));
    QSqlQuery q((*store)->database());
    QVERIFY2(q.exec(statement), qPrintable(statement));
}

void TestExport::exportsPassedTranscriptsInTheOpenAiFormat()
{
    QList<Planted> planted;
    for (const char *uid : {"pass1", "pass2", "pass3", "pass4", "failed", "invalid", "rejected", "human", "judgeflag", "cut", "unfinished", "unassessed"})
        planted.append({QString::fromLatin1(uid), QString::fromLatin1(uid)});
    plant(planted);
    sql(QStringLiteral("UPDATE transcripts SET status = 'assessed', assessment = 'valid', passed = 1 WHERE uid NOT IN ('unassessed')"));
    sql(QStringLiteral("UPDATE transcripts SET passed = 0 WHERE uid = 'failed'"));
    sql(QStringLiteral("UPDATE transcripts SET assessment = 'invalid', passed = 0 WHERE uid = 'invalid'"));
    sql(QStringLiteral("UPDATE transcripts SET rejected = 'safety gate SF1' WHERE uid = 'rejected'"));
    sql(QStringLiteral("UPDATE transcripts SET status = 'generating' WHERE uid = 'unfinished'"));
    sql(QStringLiteral("UPDATE transcripts SET truncated_at = 9 WHERE uid = 'cut'"));  // keeps system + 4 exchanges
    sql(QStringLiteral("INSERT INTO review_flags (transcript_id, kind, note, created_at) SELECT id, 'reject', 'off-brand', 'now' FROM transcripts WHERE uid = 'human'"));
    sql(QStringLiteral("INSERT INTO review_flags (transcript_id, judge, criterion, kind, created_at) SELECT id, 'judge-a', 'SF1', 'reject', 'now' FROM transcripts WHERE uid = 'judgeflag'"));

    const Project project = load();
    const auto result = DatasetExporter(project).run({});
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    const ExportSummary &s = *result;
    QCOMPARE(s.trainingFile, m_dir + QStringLiteral("/training_data.jsonl"));
    QCOMPARE(s.validationFile, m_dir + QStringLiteral("/validation.jsonl"));

    QSet<QString> exported;
    auto store = ProjectStore::open(m_dir + QStringLiteral("/sift.db"));
    int lines = 0;
    for (const QString &file : {s.trainingFile, s.validationFile}) {
        const QList<QJsonObject> objects = readLines(file);
        for (const QJsonObject &o : objects) {
            ++lines;
            QCOMPARE(o.keys(), QStringList{QStringLiteral("messages")});
            const QJsonArray messages = o.value(QStringLiteral("messages")).toArray();
            const QString uid = uidOf(messages);
            exported.insert(uid);
            const TranscriptRecord stored = *(*store)->transcript(uid);
            // System first, then the stored conversation from its start, exactly as stored, ending with a reply.
            QVERIFY(messages.size() >= 1 + 2 * 3);
            for (qsizetype i = 0; i < messages.size(); ++i) {
                const QJsonObject m = messages[i].toObject();
                QCOMPARE(m.keys(), (QStringList{QStringLiteral("content"), QStringLiteral("role")}));
                QCOMPARE(m.value(QStringLiteral("role")).toString(), stored.messages[i].role);
                QCOMPARE(m.value(QStringLiteral("content")).toString(), stored.messages[i].content);
                QVERIFY(!m.value(QStringLiteral("content")).toString().isEmpty());
            }
            QCOMPARE(messages.last().toObject().value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
            if (uid == QLatin1String("cut"))
                QVERIFY2(messages.size() <= 9, "nothing from truncated_at on");
        }
    }
    QCOMPARE(lines, s.train.examples + s.validation.examples);
    QCOMPARE(exported, (QSet<QString>{QStringLiteral("pass1"), QStringLiteral("pass2"), QStringLiteral("pass3"), QStringLiteral("pass4"),
                                      QStringLiteral("judgeflag"), QStringLiteral("cut")}));
    // The final reply of each transcript is always an example (the truncated one: its last kept reply).
    QCOMPARE(s.leftOut.value(QStringLiteral("did not pass")), 1);
    QCOMPARE(s.leftOut.value(QStringLiteral("assessment invalid")), 1);
    QCOMPARE(s.leftOut.value(QStringLiteral("rejected")), 1);
    QCOMPARE(s.leftOut.value(QStringLiteral("rejected by a reviewer")), 1);
    QCOMPARE(s.leftOut.value(QStringLiteral("generation did not finish")), 1);
    QCOMPARE(s.leftOut.value(QStringLiteral("not assessed")), 1);
    QCOMPARE(s.leftOut.value(QStringLiteral("bundled sample (an illustration, not training data)")), 10);
    QVERIFY(s.leakage.ok());

    QFile card(s.cardFile);
    QVERIFY(card.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(card.readAll());
    QVERIFY(text.contains(QStringLiteral("- did not pass: 1")));
    QVERIFY(text.contains(QStringLiteral("- rejected by a reviewer: 1")));
    QVERIFY(text.contains(QStringLiteral("Leakage check on the written examples: passed")));
    QVERIFY(text.contains(QStringLiteral("## Audit")));
    QVERIFY(text.contains(QStringLiteral("passed (")));
    QVERIFY(!text.contains(QStringLiteral("off-brand")));  // reviewer notes are not copied out
    // The counts and token figures are the summary's, the split and slicing say how they were made,
    // and every prompt version of an exported transcript is listed with its count.
    QVERIFY(text.contains(QStringLiteral("| training | %1 | %2 |").arg(s.trainTranscripts).arg(s.train.examples)));
    QVERIFY(text.contains(QStringLiteral("| validation | %1 | %2 |").arg(s.validationTranscripts).arg(s.validation.examples)));
    QVERIFY(s.train.examples > 0 && s.train.total > 0);
    QVERIFY(text.contains(QStringLiteral("| training | %1 | %2 | %3 | %4 | %5 | %6 |")
                              .arg(s.train.examples)
                              .arg(s.train.total)
                              .arg(s.train.min)
                              .arg(s.train.median)
                              .arg(s.train.mean(), 0, 'f', 1)
                              .arg(s.train.max)));
    QVERIFY(text.contains(QStringLiteral("limit %1 tokens per example").arg(s.maxTokens)));
    QVERIFY(text.contains(QStringLiteral("## Split\n\n") + s.splitMethod + QStringLiteral(".\n")));
    QVERIFY(!s.splitMethod.isEmpty());
    QVERIFY(text.contains(QStringLiteral("%1 group(s), %2 of them in validation.").arg(s.split.groups).arg(s.split.validationGroups)));
    QVERIFY(text.contains(QStringLiteral("at least 3 exchange(s) in the first slice, 2 to 5 exchanges between slices")));
    QVERIFY(!s.promptVersions.isEmpty());
    for (auto it = s.promptVersions.cbegin(); it != s.promptVersions.cend(); ++it)
        QVERIFY2(text.contains(QStringLiteral("- `%1`: %2 transcript(s)").arg(it.key()).arg(it.value())), qPrintable(it.key()));
    QVERIFY(text.contains(QStringLiteral("passed (")));
}

void TestExport::includeAllTakesEveryUnrejectedFinishedTranscript()
{
    plant({{QStringLiteral("a"), {}}, {QStringLiteral("b"), {}}, {QStringLiteral("short"), {}, 2}, {QStringLiteral("gone"), {}}});
    sql(QStringLiteral("UPDATE transcripts SET rejected = 'off topic' WHERE uid = 'gone'"));
    sql(QStringLiteral("DELETE FROM turns WHERE idx > 2 AND transcript_id = (SELECT id FROM transcripts WHERE uid = 'b')"));
    ExportOptions options;
    options.include = IncludeMode::All;
    const auto result = DatasetExporter(load()).run(options);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    QCOMPARE(result->trainTranscripts + result->validationTranscripts, 1);
    QCOMPARE(result->leftOut.value(QStringLiteral("rejected")), 1);
    QCOMPARE(result->leftOut.value(QStringLiteral("fewer exchanges than slicing.min_exchanges_before_first")), 2);
}

void TestExport::splitKeepsPersonasAndTranscriptsOnOneSide()
{
    QList<Planted> planted;
    for (int i = 0; i < 200; ++i)
        planted.append({QStringLiteral("t%1").arg(i), i % 3 == 0 ? QString() : QStringLiteral("persona-%1").arg(i % 40)});
    plant(planted);
    ExportOptions options;
    options.include = IncludeMode::All;
    const auto result = DatasetExporter(load()).run(options);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    QHash<QString, QString> sideOf;  // uid -> file
    for (const QString &file : {result->trainingFile, result->validationFile}) {
        for (const QJsonObject &o : readLines(file)) {
            const QString uid = uidOf(o.value(QStringLiteral("messages")).toArray());
            QVERIFY2(!sideOf.contains(uid) || sideOf.value(uid) == file, qPrintable(uid));
            sideOf.insert(uid, file);
        }
    }
    QCOMPARE(sideOf.size(), 200);
    QHash<QString, QString> personaSide;
    for (const Planted &p : planted) {
        if (p.persona.isEmpty())
            continue;
        QVERIFY2(!personaSide.contains(p.persona) || personaSide.value(p.persona) == sideOf.value(p.uid), qPrintable(p.persona));
        personaSide.insert(p.persona, sideOf.value(p.uid));
    }
    // Close to the share asked for (10%), and deterministic.
    QVERIFY(result->validationTranscripts >= 15 && result->validationTranscripts <= 25);
    const auto again = DatasetExporter(load()).run(options);
    QCOMPARE(again->split.sides, result->split.sides);
}

void TestExport::aLeakySplitIsRefusedAndNothingIsWritten()
{
    plant({{QStringLiteral("a1"), QStringLiteral("same")}, {QStringLiteral("a2"), QStringLiteral("same")}, {QStringLiteral("b"), QStringLiteral("other")}});
    // The leakage check itself: one persona on both sides.
    const LeakageReport leak = checkLeakage({{QStringLiteral("a1"), QStringLiteral("p")}}, {{QStringLiteral("a2"), QStringLiteral("p")}}, true);
    QVERIFY(!leak.ok());
    QCOMPARE(leak.personas, QStringList{QStringLiteral("p")});
    QVERIFY(checkLeakage({{QStringLiteral("a1"), QStringLiteral("p")}}, {{QStringLiteral("a2"), QStringLiteral("p")}}, false).ok());
    QCOMPARE(checkLeakage({{QStringLiteral("x"), {}}}, {{QStringLiteral("x"), {}}}, false).transcripts, QStringList{QStringLiteral("x")});

    // The export given a split that puts the two transcripts of one persona on different sides.
    ExportOptions options;
    options.include = IncludeMode::All;
    options.split = QHash<QString, SplitSide>{{QStringLiteral("a1"), SplitSide::Train},
                                              {QStringLiteral("a2"), SplitSide::Validation},
                                              {QStringLiteral("b"), SplitSide::Train}};
    const auto result = DatasetExporter(load()).run(options);
    QVERIFY(!result.ok());
    QVERIFY2(result.errorText().contains(QStringLiteral("leaks")), qPrintable(result.errorText()));
    QVERIFY(!QFile::exists(m_dir + QStringLiteral("/training_data.jsonl")));
    QVERIFY(!QFile::exists(m_dir + QStringLiteral("/validation.jsonl")));
    QVERIFY(!QFile::exists(m_dir + QStringLiteral("/dataset_card.md")));
    // The same split is fine when the project does not group by persona.
    QFile yaml(m_dir + QStringLiteral("/sift.yaml"));
    QVERIFY(yaml.open(QIODevice::ReadOnly));
    QByteArray text = yaml.readAll();
    yaml.close();
    text.replace("group_by: [transcript, persona]", "group_by: [transcript]");
    QVERIFY(yaml.open(QIODevice::WriteOnly | QIODevice::Truncate));
    yaml.write(text);
    yaml.close();
    QVERIFY(DatasetExporter(load()).run(options).ok());
}

void TestExport::slicesStayUnderTheTokenLimit()
{
    QList<Planted> planted;
    for (int i = 0; i < 30; ++i)
        planted.append({QStringLiteral("t%1").arg(i), {}, 4 + i % 12});
    plant(planted);
    QFile yaml(m_dir + QStringLiteral("/sift.yaml"));
    QVERIFY(yaml.open(QIODevice::ReadOnly));
    QByteArray text = yaml.readAll();
    yaml.close();
    text.replace("max_tokens: 16384", "max_tokens: 400");
    QVERIFY(yaml.open(QIODevice::WriteOnly | QIODevice::Truncate));
    yaml.write(text);
    yaml.close();
    const Project project = load();
    ExportOptions options;
    options.include = IncludeMode::All;
    const auto result = DatasetExporter(project).run(options);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    QVERIFY(result->cutSlices > 0);
    const TranscriptTokenCounter counter = transcriptTokenCounter(m_dir, project.modelChoice);
    int checked = 0;
    for (const QString &file : {result->trainingFile, result->validationFile}) {
        for (const QJsonObject &o : readLines(file)) {
            QList<Message> messages;
            for (const QJsonValue &v : o.value(QStringLiteral("messages")).toArray())
                messages.append({v[QStringLiteral("role")].toString(), v[QStringLiteral("content")].toString()});
            QVERIFY(counter.count(messages) <= 400);
            QCOMPARE(messages.first().role, QStringLiteral("system"));  // kept when cut
            QCOMPARE(messages[1].role, QStringLiteral("user"));
            ++checked;
        }
    }
    QCOMPARE(checked, result->train.examples + result->validation.examples);
    QVERIFY(result->train.max <= 400);
}

void TestExport::shareGptFormat()
{
    plant({{QStringLiteral("s1"), {}}, {QStringLiteral("s2"), {}}});
    ExportOptions options;
    options.include = IncludeMode::All;
    options.format = ExportFormat::ShareGpt;
    const auto result = DatasetExporter(load()).run(options);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    const QList<QJsonObject> lines = readLines(result->trainingFile) + readLines(result->validationFile);
    QVERIFY(!lines.isEmpty());
    for (const QJsonObject &o : lines) {
        QCOMPARE(o.keys(), QStringList{QStringLiteral("conversations")});
        const QJsonArray c = o.value(QStringLiteral("conversations")).toArray();
        QCOMPARE(c.first()[QStringLiteral("from")].toString(), QStringLiteral("system"));
        for (qsizetype i = 1; i < c.size(); ++i) {
            QCOMPARE(c[i][QStringLiteral("from")].toString(), QString::fromLatin1(i % 2 ? "human" : "gpt"));
            QVERIFY(c[i][QStringLiteral("value")].toString().endsWith(Tricky));
        }
    }
}

void TestExport::dpoPairsFromAcceptedFixups()
{
    plant({{QStringLiteral("d1"), {}}, {QStringLiteral("d2"), {}}});
    // d1's reply at message 4 was repaired (turn = message index); d2's second reply too (turn = assistant
    // turn 2); a refused fixup and one whose text is not the stored reply are not pairs.
    sql(QStringLiteral("INSERT INTO fixups (transcript_id, turn, before, after, status, created_at) SELECT transcript_id, 4, 'the original reply', "
                       "content, 'accepted', 'now' FROM turns WHERE idx = 4 AND transcript_id = (SELECT id FROM transcripts WHERE uid = 'd1')"));
    sql(QStringLiteral("INSERT INTO fixups (transcript_id, turn, before, after, status, created_at) SELECT transcript_id, 2, 'old d2', "
                       "content, 'accepted', 'now' FROM turns WHERE idx = 4 AND transcript_id = (SELECT id FROM transcripts WHERE uid = 'd2')"));
    sql(QStringLiteral("INSERT INTO fixups (transcript_id, turn, before, after, status, created_at) SELECT id, 6, 'x', 'y', 'refused', 'now' "
                       "FROM transcripts WHERE uid = 'd1'"));
    sql(QStringLiteral("INSERT INTO fixups (transcript_id, turn, before, after, status, created_at) SELECT id, 8, 'x', 'not what is stored', "
                       "'accepted', 'now' FROM transcripts WHERE uid = 'd1'"));
    ExportOptions options;
    options.include = IncludeMode::All;
    options.format = ExportFormat::Dpo;
    const auto result = DatasetExporter(load()).run(options);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    QCOMPARE(result->trainingFile, m_dir + QStringLiteral("/dpo.jsonl"));
    QCOMPARE(result->validationFile, m_dir + QStringLiteral("/dpo_validation.jsonl"));
    QCOMPARE(result->unmatchedFixups, 1);
    const QList<QJsonObject> pairs = readLines(result->trainingFile) + readLines(result->validationFile);
    QCOMPARE(pairs.size(), 2);
    for (const QJsonObject &o : pairs) {
        QCOMPARE(o.keys(), (QStringList{QStringLiteral("chosen"), QStringLiteral("prompt"), QStringLiteral("rejected")}));
        const QJsonArray prompt = o.value(QStringLiteral("prompt")).toArray();
        const QString uid = uidOf(prompt);
        QCOMPARE(prompt.size(), 4);  // system, user, assistant, user
        QCOMPARE(prompt.first()[QStringLiteral("role")].toString(), QStringLiteral("system"));
        QCOMPARE(prompt.last()[QStringLiteral("role")].toString(), QStringLiteral("user"));
        const QJsonArray chosen = o.value(QStringLiteral("chosen")).toArray();
        const QJsonArray rejected = o.value(QStringLiteral("rejected")).toArray();
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen[0][QStringLiteral("role")].toString(), QStringLiteral("assistant"));
        QCOMPARE(chosen[0][QStringLiteral("content")].toString(), uid + QStringLiteral(" answers 2. ") + Tricky);
        QCOMPARE(rejected[0][QStringLiteral("content")].toString(), uid == QLatin1String("d1") ? QStringLiteral("the original reply")
                                                                                                : QStringLiteral("old d2"));
    }
}

void TestExport::cancelledExportLeavesEarlierFilesAsTheyWere()
{
    QList<Planted> planted;
    for (int i = 0; i < 1200; ++i)
        planted.append({QStringLiteral("c%1").arg(i), {}, 3});
    plant(planted);
    QFile previous(m_dir + QStringLiteral("/training_data.jsonl"));
    QVERIFY(previous.open(QIODevice::WriteOnly));
    previous.write("an earlier export\n");
    previous.close();
    std::atomic<bool> cancel{false};
    ExportOptions options;
    options.include = IncludeMode::All;
    int calls = 0;
    const auto result = DatasetExporter(load()).run(options, [&](int done, int) {
        ++calls;
        if (done >= 500)
            cancel = true;
    }, &cancel);
    QVERIFY(!result.ok());
    QVERIFY(calls >= 2);
    QVERIFY(previous.open(QIODevice::ReadOnly));
    QCOMPARE(previous.readAll(), QByteArray("an earlier export\n"));
    QVERIFY(!QFile::exists(m_dir + QStringLiteral("/validation.jsonl")));
    QVERIFY(!QFile::exists(m_dir + QStringLiteral("/dataset_card.md")));
}

void TestExport::nothingToExportIsAnError()
{
    // The bundled project holds only samples, which are never training data.
    const auto result = DatasetExporter(load()).run({});
    QVERIFY(!result.ok());
    QVERIFY2(result.errorText().contains(QStringLiteral("nothing to export")), qPrintable(result.errorText()));
    QVERIFY(!QFile::exists(m_dir + QStringLiteral("/training_data.jsonl")));
}

void TestExport::outNamesTheFiles()
{
    plant({{QStringLiteral("o1"), {}}, {QStringLiteral("o2"), {}}, {QStringLiteral("o3"), {}}});
    ExportOptions options;
    options.include = IncludeMode::All;
    options.out = m_tmp.filePath(QStringLiteral("elsewhere.jsonl"));
    const auto result = DatasetExporter(load()).run(options);
    QVERIFY2(result.ok(), qPrintable(result.errorText()));
    QCOMPARE(result->validationFile, m_tmp.filePath(QStringLiteral("elsewhere_validation.jsonl")));
    QCOMPARE(result->cardFile, m_tmp.filePath(QStringLiteral("dataset_card.md")));
    QVERIFY(QFile::exists(options.out));
    QVERIFY(!QFile::exists(m_dir + QStringLiteral("/training_data.jsonl")));
    options.out = m_tmp.filePath(QStringLiteral("no/such/folder/x.jsonl"));
    QVERIFY(!DatasetExporter(load()).run(options).ok());
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"

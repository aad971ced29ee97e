// sift-cli audit and export end to end on imported data: reports, exit codes (1 on a red flag, on
// nothing to export; 2 on bad options), the files written and their format, and bad input that
// must not crash.

#include "store/projectstore.h"
#include "support/clirun.h"
#include "support/enginedriver.h"
#include "support/repairresponder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = sift::test::CliRun;

Run cli(const QStringList &args)
{
    return sift::test::runCli(args);
}

QByteArray line(const QString &id, int exchanges, const QString &reply, const QString &persona = QString())
{
    QJsonArray messages{QJsonObject{{QStringLiteral("role"), QStringLiteral("system")}, {QStringLiteral("content"), QStringLiteral("Be kind.")}}};
    for (int e = 1; e <= exchanges; ++e) {
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("content"), QStringLiteral("%1 question %2 about invoices and tax").arg(id).arg(e)}});
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                    {QStringLiteral("content"), reply.arg(id).arg(e)}});
    }
    QJsonObject metadata{{QStringLiteral("id"), id}};
    if (!persona.isEmpty())
        metadata.insert(QStringLiteral("persona"), QJsonObject{{QStringLiteral("style"), persona}});
    return QJsonDocument(QJsonObject{{QStringLiteral("messages"), messages}, {QStringLiteral("metadata"), metadata}}).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace


class TestDatasetCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void auditFlagsAnAntiPatternAndExitsOne();
    void auditJson();
    void exportNeedsAssessedDataUnlessIncludeAll();
    void exportFormatsAndOut();
    void badOptionsAreUsageErrors();
    void notAProjectAndBrokenTranscripts();
    void fixupRewritesCutsAndSaysSo();

private:
    QString project(const QByteArray &jsonl);
    sift::test::FakeProviderServer m_server;
    sift::test::RepairScript m_script;
    QTemporaryDir m_tmp;
    int m_n = 0;
};

void TestDatasetCli::initTestCase()
{
    QVERIFY(m_tmp.isValid());
}

QString TestDatasetCli::project(const QByteArray &jsonl)
{
    const QString dir = m_tmp.filePath(QStringLiteral("p%1").arg(++m_n));
    if (cli({QStringLiteral("init"), dir}).exitCode != 0)
        return {};
    const QString file = m_tmp.filePath(QStringLiteral("in%1.jsonl").arg(m_n));
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly) || f.write(jsonl) != jsonl.size())
        return {};
    f.close();
    const Run imported = cli({QStringLiteral("import"), dir, file});
    return imported.exitCode == 0 ? dir : QString();
}

void TestDatasetCli::auditFlagsAnAntiPatternAndExitsOne()
{
    QByteArray data;
    for (int i = 0; i < 20; ++i)
        data += line(QStringLiteral("t%1").arg(i), 4,
                     i < 4 ? QStringLiteral("%1 reply %2. I hope this helps!") : QStringLiteral("%1 reply %2 with invoices and tax"));
    const QString dir = project(data);
    QVERIFY(!dir.isEmpty());
    const Run r = cli({QStringLiteral("audit"), dir});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QStringLiteral("Audit of 20 transcript(s), 80 assistant response(s)")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("RED  Anti-pattern: \u201cI hope this helps\u201d \u2014 20.0% of responses (16 of 80)")));
    QVERIFY(r.out.contains(QStringLiteral("t0 #2:")));

    // Without the prompt's front matter there are no anti-patterns to count.
    QFile prompt(dir + QStringLiteral("/config/prompts/assistant.md"));
    QVERIFY(prompt.open(QIODevice::WriteOnly | QIODevice::Truncate));
    prompt.write("{{system_prompt}}\n\n{{conversation}}\n");
    prompt.close();
    const Run clean = cli({QStringLiteral("audit"), dir});
    QVERIFY(!clean.out.contains(QStringLiteral("Anti-pattern")));
    // What stays red is the phrase every other reply ends with.
    QCOMPARE(clean.exitCode, 1);
    QVERIFY2(clean.out.contains(QStringLiteral("RED  Phrase repetition: \u201cwith invoices and tax\u201d \u2014 80.0% of responses (64 of 80)")),
             qPrintable(clean.out));
}

void TestDatasetCli::auditJson()
{
    QByteArray data;
    for (int i = 0; i < 6; ++i)
        data += line(QStringLiteral("j%1").arg(i), 3, QStringLiteral("Sure, %1 answer %2 is in Settings. Anything else?"));
    const QString dir = project(data);
    const Run r = cli({QStringLiteral("audit"), dir, QStringLiteral("--json")});
    const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(report.value(QStringLiteral("transcripts")).toInt(), 6);
    QCOMPARE(report.value(QStringLiteral("responses")).toInt(), 18);
    QStringList rules;
    for (const QJsonValue &f : report.value(QStringLiteral("findings")).toArray())
        rules.append(f[QStringLiteral("rule")].toString());
    for (const char *rule : {"phrase_repetition", "structural_rigidity", "length_ratio", "length_hard_limit", "praise_distribution",
                             "question_discipline", "anti_pattern"})
        QVERIFY2(rules.contains(QString::fromLatin1(rule)), rule);
    // Every reply has the same shape and the same phrases: red flags, exit 1, with examples.
    QCOMPARE(r.exitCode, 1);
    QVERIFY(report.value(QStringLiteral("red_flags")).toInt() >= 2);
    for (const QJsonValue &f : report.value(QStringLiteral("findings")).toArray()) {
        if (f[QStringLiteral("rule")] == QLatin1String("structural_rigidity")) {
            QVERIFY(f[QStringLiteral("red")].toBool());
            QCOMPARE(f[QStringLiteral("examples")].toArray().first()[QStringLiteral("transcript")].toString(), QStringLiteral("j0"));
        }
    }
}

void TestDatasetCli::exportNeedsAssessedDataUnlessIncludeAll()
{
    QByteArray data;
    for (int i = 0; i < 30; ++i)
        data += line(QStringLiteral("e%1").arg(i), 5, QStringLiteral("%1 says \"%2\"\\n\ttabbed ✓"), QStringLiteral("style%1").arg(i % 7));
    const QString dir = project(data);
    const Run none = cli({QStringLiteral("export"), dir});
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.err.contains(QStringLiteral("nothing to export")) && none.err.contains(QStringLiteral("30 not assessed")), qPrintable(none.err));
    QVERIFY(!QFile::exists(dir + QStringLiteral("/training_data.jsonl")));

    const Run all = cli({QStringLiteral("export"), dir, QStringLiteral("--include"), QStringLiteral("all")});
    QCOMPARE(all.exitCode, 0);
    QVERIFY2(all.out.contains(QStringLiteral("leakage check passed")), qPrintable(all.out));
    int examples = 0;
    for (const QString &name : {QStringLiteral("training_data.jsonl"), QStringLiteral("validation.jsonl")}) {
        QFile f(dir + QLatin1Char('/') + name);
        QVERIFY(f.open(QIODevice::ReadOnly));
        for (const QByteArray &l : f.readAll().split('\n')) {
            if (l.isEmpty())
                continue;
            const QJsonArray messages = QJsonDocument::fromJson(l).object().value(QStringLiteral("messages")).toArray();
            QVERIFY(messages.size() >= 7);
            QCOMPARE(messages.last()[QStringLiteral("role")].toString(), QStringLiteral("assistant"));
            QVERIFY(messages.last()[QStringLiteral("content")].toString().endsWith(QStringLiteral("\"\\n\ttabbed ✓")));
            ++examples;
        }
    }
    // The summary's counts are the lines written.
    const int train = all.out.section(QStringLiteral("Wrote "), 1, 1).section(QLatin1Char(' '), 0, 0).toInt();
    const int validation = all.out.section(QStringLiteral("Wrote "), 2, 2).section(QLatin1Char(' '), 0, 0).toInt();
    QVERIFY(train > 0 && validation > 0);
    QCOMPARE(train + validation, examples);
    QVERIFY(QFile::exists(dir + QStringLiteral("/dataset_card.md")));
}

void TestDatasetCli::exportFormatsAndOut()
{
    QByteArray data;
    for (int i = 0; i < 10; ++i)
        data += line(QStringLiteral("f%1").arg(i), 4, QStringLiteral("%1 answer %2"));
    const QString dir = project(data);
    const QString out = m_tmp.filePath(QStringLiteral("share.jsonl"));
    const Run r = cli({QStringLiteral("export"), dir, QStringLiteral("--format"), QStringLiteral("sharegpt"), QStringLiteral("--include"),
                       QStringLiteral("all"), QStringLiteral("--out"), out, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject summary = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(summary.value(QStringLiteral("training_file")).toString(), out);
    QCOMPARE(summary.value(QStringLiteral("validation_file")).toString(), m_tmp.filePath(QStringLiteral("share_validation.jsonl")));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject first = QJsonDocument::fromJson(f.readLine()).object();
    QCOMPARE(first.value(QStringLiteral("conversations")).toArray().at(1)[QStringLiteral("from")].toString(), QStringLiteral("human"));
    QCOMPARE(summary.value(QStringLiteral("train_examples")).toInt() + summary.value(QStringLiteral("validation_examples")).toInt(),
             10 * 1);  // four exchanges: one slice each, at the final reply

    // No accepted fixups: DPO has nothing to write.
    const Run dpo = cli({QStringLiteral("export"), dir, QStringLiteral("--format"), QStringLiteral("dpo"), QStringLiteral("--include"), QStringLiteral("all")});
    QCOMPARE(dpo.exitCode, 1);
    QVERIFY(!QFile::exists(dir + QStringLiteral("/dpo.jsonl")));
}

void TestDatasetCli::badOptionsAreUsageErrors()
{
    QCOMPARE(cli({QStringLiteral("export")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("audit")}).exitCode, 2);
    const Run format = cli({QStringLiteral("export"), m_tmp.path(), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(format.exitCode, 2);
    QVERIFY(format.err.contains(QStringLiteral("openai, sharegpt, dpo")));
    QCOMPARE(cli({QStringLiteral("export"), m_tmp.path(), QStringLiteral("--include"), QStringLiteral("some")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("audit"), m_tmp.path(), QStringLiteral("--include"), QStringLiteral("some")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("export"), QStringLiteral("--help")}).exitCode, 0);
}

void TestDatasetCli::notAProjectAndBrokenTranscripts()
{
    QCOMPARE(cli({QStringLiteral("audit"), m_tmp.filePath(QStringLiteral("nothing-here"))}).exitCode, 1);
    QCOMPARE(cli({QStringLiteral("export"), m_tmp.filePath(QStringLiteral("nothing-here"))}).exitCode, 1);
    // Transcripts that are no training data (no reply, assistant first, empty reply) are left out with a reason.
    QByteArray data = line(QStringLiteral("ok"), 3, QStringLiteral("%1 fine %2"));
    data += R"({"messages":[{"role":"user","content":"anyone?"}],"metadata":{"id":"noreply"}})"
            "\n";
    data += R"({"messages":[{"role":"assistant","content":"Hi!"},{"role":"user","content":"hi"},{"role":"assistant","content":"yes"}],"metadata":{"id":"first"}})"
            "\n";
    data += R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":""}],"metadata":{"id":"empty"}})"
            "\n";
    const QString dir = project(data);
    QVERIFY(!dir.isEmpty());
    const Run audit = cli({QStringLiteral("audit"), dir});
    QVERIFY2(audit.out.contains(QStringLiteral("Audit of 1 transcript(s)")), qPrintable(audit.out));
    const Run r = cli({QStringLiteral("export"), dir, QStringLiteral("--include"), QStringLiteral("all")});
    QCOMPARE(r.exitCode, 0);
    QFile card(dir + QStringLiteral("/dataset_card.md"));
    QVERIFY(card.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(card.readAll());
    QVERIFY2(text.contains(QStringLiteral("- no assistant reply: 1")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("- does not open with a user message: 1")));
    QVERIFY(text.contains(QStringLiteral("- an empty message: 1")));
}


void TestDatasetCli::fixupRewritesCutsAndSaysSo()
{
    QVERIFY(m_server.start());
    m_server.setResponder(sift::test::repairResponder(m_script));
    const QString dir = m_tmp.filePath(QStringLiteral("fixup"));
    QVERIFY(sift::test::makeEngineProject(dir, m_server.baseUrl()));
    m_script.failing = 1;  // the accuracy criteria fail at turn 4 until that reply is rewritten
    const Run run = cli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("5")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(sift::test::scalar(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE passed = 0")), 5);

    // One transcript, rewritten and accepted: it passes, and the original reply is kept beside it.
    const QString first = [&] {
        auto store = sift::ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
        QSqlQuery q((*store)->database());
        return q.exec(QStringLiteral("SELECT uid FROM transcripts ORDER BY id LIMIT 1")) && q.next() ? q.value(0).toString() : QString();
    }();
    QVERIFY(!first.isEmpty());
    Run fix = cli({QStringLiteral("fixup"), dir, QStringLiteral("--transcript"), first, QStringLiteral("--json")});
    QVERIFY2(fix.exitCode == 0, qPrintable(fix.err));
    QJsonObject report = QJsonDocument::fromJson(fix.out.toUtf8()).object();
    QCOMPARE(report.value(QStringLiteral("fixed")).toInt(), 1);
    QCOMPARE(sift::test::scalar(dir, QStringLiteral("SELECT passed FROM transcripts WHERE uid = '%1'").arg(first)), 1);
    QCOMPARE(sift::test::scalar(dir, QStringLiteral("SELECT COUNT(*) FROM fixups WHERE status = 'accepted' AND before <> after")), 1);
    QCOMPARE(m_script.rewrites.load(), 1);

    // The rest, with every rewrite refused where a customer message follows: those are cut.
    m_script.follows = false;
    fix = cli({QStringLiteral("fixup"), dir, QStringLiteral("--json")});
    QVERIFY2(fix.exitCode == 0, qPrintable(fix.err));
    report = QJsonDocument::fromJson(fix.out.toUtf8()).object();
    const int refused = report.value(QStringLiteral("refused")).toInt();
    QCOMPARE(refused + report.value(QStringLiteral("fixed")).toInt(), 4);
    QCOMPARE(sift::test::scalar(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE truncated_at IS NOT NULL")), refused);
    QCOMPARE(sift::test::scalar(dir, QStringLiteral("SELECT COUNT(*) FROM fixups WHERE status = 'refused'")), refused);
    QVERIFY(refused > 0);  // the seed gives both: replies with and without a customer message after them
    const QString notices = QString::fromUtf8(QJsonDocument(report.value(QStringLiteral("notices")).toArray()).toJson());
    QVERIFY2(notices.contains(QStringLiteral("was refused")), qPrintable(notices));
    QCOMPARE(m_script.rewrites.load(), 5);

    // Nothing is left to repair, and the export takes the repaired transcripts.
    fix = cli({QStringLiteral("fixup"), dir, QStringLiteral("--json")});
    QCOMPARE(fix.exitCode, 0);
    report = QJsonDocument::fromJson(fix.out.toUtf8()).object();
    QVERIFY(report.contains(QStringLiteral("requests")));
    QCOMPARE(report.value(QStringLiteral("requests")).toInt(), 0);
    QCOMPARE(report.value(QStringLiteral("fixed")).toInt() + report.value(QStringLiteral("refused")).toInt(), 0);
    QCOMPARE(m_script.rewrites.load(), 5);
}

QTEST_GUILESS_MAIN(TestDatasetCli)
#include "tst_datasetcli.moc"

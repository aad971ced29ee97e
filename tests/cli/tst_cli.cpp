// sift-cli end to end: the commands a user or a script runs, their output and exit codes.

#include "store/projectstore.h"
#include "support/clirun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;

namespace {

using Run = test::CliRun;

Run cli(const QStringList &args)
{
    return test::runCli(args);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

int storedTranscripts(const QString &dir)
{
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    if (!store)
        return -1;
    const auto list = (*store)->transcripts();
    return list ? int(list->size()) : -1;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initThenValidateIsClean();
    void initRefusesAnExistingProject();
    void brokenFileFailsWithItsLine();
    void jsonReportNamesTheSameLine();
    void questionLintIsAWarningWithAHint();
    void importIsAllOrNothing();
    void reviewFlagsRoundTripAllOrNothing();
    void usageErrorsExitTwo();
    void validateOfANonProjectFails();

private:
    QString initProject(QTemporaryDir &tmp);
};

QString TestCli::initProject(QTemporaryDir &tmp)
{
    const QString dir = tmp.filePath(QStringLiteral("p"));
    const Run r = cli({QStringLiteral("init"), dir});
    if (r.exitCode != 0)
        qWarning() << r.out << r.err;
    return r.exitCode == 0 ? dir : QString();
}

void TestCli::initThenValidateIsClean()
{
    QTemporaryDir tmp;
    const QString dir = initProject(tmp);
    QVERIFY(!dir.isEmpty());
    for (const char *f : {"sift.yaml", "model-choice.md", "config/rubric.yaml", "config/prompts/judge.md", "sift.db"})
        QVERIFY2(QFileInfo::exists(QDir(dir).filePath(QString::fromUtf8(f))), f);
    QCOMPARE(storedTranscripts(dir), 10);
    const Run v = cli({QStringLiteral("validate"), dir});
    QCOMPARE(v.out, QStringLiteral("0 error(s), 0 warning(s)\n"));
    QCOMPARE(v.exitCode, 0);
}

void TestCli::initRefusesAnExistingProject()
{
    QTemporaryDir tmp;
    const QString dir = initProject(tmp);
    QVERIFY(!dir.isEmpty());
    const QString manifest = QDir(dir).filePath(QStringLiteral("sift.yaml"));
    QVERIFY(writeFile(manifest, readFile(manifest) + "# my edit\n"));
    const QByteArray before = readFile(manifest);
    const Run again = cli({QStringLiteral("init"), dir});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(QStringLiteral("already holds a project")), qPrintable(again.err));
    QCOMPARE(readFile(manifest), before);
    QCOMPARE(storedTranscripts(dir), 10);
}

// Breaks the rubric's pass threshold and expects the diagnostic at the value's exact line and column.
void TestCli::brokenFileFailsWithItsLine()
{
    QTemporaryDir tmp;
    const QString dir = initProject(tmp);
    QVERIFY(!dir.isEmpty());
    const QString rubric = QDir(dir).filePath(QStringLiteral("config/rubric.yaml"));
    QList<QByteArray> lines = readFile(rubric).split('\n');
    int line = -1;
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].startsWith("pass_threshold:")) {
            lines[i] = "pass_threshold: 1.5";
            line = i + 1;
        }
    }
    QVERIFY(line > 0);
    QVERIFY(writeFile(rubric, lines.join('\n')));
    const Run v = cli({QStringLiteral("validate"), dir});
    QCOMPARE(v.exitCode, 1);
    const QString expected = QStringLiteral("%1:%2:17: error: pass_threshold 1.5 is outside (0, 1] (hint: the method's "
                                            "default is 0.80)\n1 error(s), 0 warning(s)\n")
                                 .arg(QDir(dir).filePath(QStringLiteral("config/rubric.yaml")))
                                 .arg(line);
    QCOMPARE(v.out, expected);
}

// A rubric question that asks two things is a warning (exit 0) at the question's line and column.
void TestCli::questionLintIsAWarningWithAHint()
{
    QTemporaryDir tmp;
    const QString dir = initProject(tmp);
    QVERIFY(!dir.isEmpty());
    const QString rubric = QDir(dir).filePath(QStringLiteral("config/rubric.yaml"));
    const QByteArray oldQuestion = "does the assistant state that limit plainly?";
    QByteArray text = readFile(rubric);
    QVERIFY(text.contains(oldQuestion));
    text.replace(oldQuestion, "does the assistant state that limit plainly and offer an alternative?");
    QVERIFY(writeFile(rubric, text));
    int line = 0;
    const QList<QByteArray> lines = text.split('\n');
    for (int i = 0; i < lines.size() && !line; ++i)
        line = lines[i].contains("and offer an alternative") ? i + 1 : 0;
    const Run v = cli({QStringLiteral("validate"), dir});
    QCOMPARE(v.exitCode, 0);
    QCOMPARE(v.out, QStringLiteral("%1:%2:15: warning: the question of RS3 checks two things at once ('and offer') (hint: "
                                   "split it into two criteria so a judge can answer each YES or NO on its own)\n"
                                   "0 error(s), 1 warning(s)\n")
                        .arg(rubric)
                        .arg(line));
}

void TestCli::jsonReportNamesTheSameLine()
{
    QTemporaryDir tmp;
    const QString dir = initProject(tmp);
    QVERIFY(!dir.isEmpty());
    const QString manifest = QDir(dir).filePath(QStringLiteral("sift.yaml"));
    QByteArray text = readFile(manifest);
    QVERIFY(text.startsWith("name:") || text.contains("\nname:"));
    text = "api_key: sk-live-123\n" + text;
    QVERIFY(writeFile(manifest, text));
    const Run v = cli({QStringLiteral("validate"), dir, QStringLiteral("--json")});
    QCOMPARE(v.exitCode, 1);
    const QJsonObject report = QJsonDocument::fromJson(v.out.toUtf8()).object();
    QCOMPARE(report.value(QStringLiteral("valid")).toBool(true), false);
    QVERIFY(report.value(QStringLiteral("errors")).toInt() >= 1);
    const QJsonArray diags = report.value(QStringLiteral("diagnostics")).toArray();
    bool found = false;
    for (const QJsonValue &d : diags) {
        const QJsonObject o = d.toObject();
        if (o.value(QStringLiteral("file")).toString() == QLatin1String("sift.yaml") &&
            o.value(QStringLiteral("line")).toInt() == 1 && o.value(QStringLiteral("severity")).toString() == QLatin1String("error"))
            found = true;
    }
    QVERIFY2(found, qPrintable(v.out));
    // The report itself never repeats the secret.
    QVERIFY(!v.out.contains(QStringLiteral("sk-live-123")));
}

void TestCli::importIsAllOrNothing()
{
    QTemporaryDir tmp;
    const QString dir = initProject(tmp);
    QVERIFY(!dir.isEmpty());
    const QByteArray good =
        R"({"messages":[{"role":"user","content":"How do I add a logo to invoices?"},{"role":"assistant","content":"Open Settings > Branding."}],"metadata":{"id":"imp-1"}})"
        "\n"
        R"({"messages":[{"role":"user","content":"Can I export to CSV?"},{"role":"assistant","content":"Yes, from Reports."}]})"
        "\n";
    const QString goodFile = tmp.filePath(QStringLiteral("good.jsonl"));
    QVERIFY(writeFile(goodFile, good));
    Run r = cli({QStringLiteral("import"), dir, goodFile});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("Imported 2 transcript(s) into %1\n").arg(dir));
    QCOMPARE(storedTranscripts(dir), 12);

    r = cli({QStringLiteral("import"), dir, goodFile});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("Imported 0 transcript(s) into %1 (2 already present, skipped)\n").arg(dir));
    QCOMPARE(storedTranscripts(dir), 12);

    const QString badFile = tmp.filePath(QStringLiteral("bad.jsonl"));
    QVERIFY(writeFile(badFile, R"({"messages":[{"role":"user","content":"new one"}],"metadata":{"id":"imp-3"}})"
                               "\n{not json\n"));
    r = cli({QStringLiteral("import"), dir, badFile});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(badFile + QStringLiteral(":2:")), qPrintable(r.err));
    QVERIFY(r.err.endsWith(QStringLiteral("Nothing was imported.\n")));
    QCOMPARE(storedTranscripts(dir), 12);
}

void TestCli::reviewFlagsRoundTripAllOrNothing()
{
    QTemporaryDir tmp;
    const QString from = initProject(tmp);
    QVERIFY(!from.isEmpty());
    const QByteArray review =
        R"({"transcript":"sample-02","judge":"sample-judge-a","criterion":"UN2","flag":"false_positive","answer":"YES","note":"never asks which account"})"
        "\n"
        R"({"transcript":"sample-02","judge":"@aggregate","criterion":"SF1","flag":"agree","answer":"YES"})"
        "\n"
        R"({"transcript":"sample-04","note":"robotic opener","missing_criterion":"names the invoice number","rejected":"off-brand"})"
        "\n";
    const QString file = tmp.filePath(QStringLiteral("review.jsonl"));
    QVERIFY(writeFile(file, review));
    Run r = cli({QStringLiteral("review"), from, QStringLiteral("--import-flags"), file});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out, QStringLiteral("Imported 2 flag(s) and the notes of 1 transcript(s).\n"));
    r = cli({QStringLiteral("review"), from, QStringLiteral("--export-flags"), QStringLiteral("-")});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    for (const QString &line : lines) {
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
        QVERIFY(review.contains(o.value(QStringLiteral("transcript")).toString().toUtf8()));
    }
    QVERIFY(r.out.contains(QStringLiteral(R"("flag":"false_positive")")));
    QVERIFY(r.out.contains(QStringLiteral(R"("rejected":"off-brand")")));

    // Another copy of the project takes the exported review as it is.
    const QString exported = tmp.filePath(QStringLiteral("exported.jsonl"));
    QCOMPARE(cli({QStringLiteral("review"), from, QStringLiteral("--export-flags"), exported}).exitCode, 0);
    QTemporaryDir other;
    const QString to = initProject(other);
    QCOMPARE(cli({QStringLiteral("review"), to, QStringLiteral("--import-flags"), exported}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("review"), to, QStringLiteral("--export-flags"), QStringLiteral("-")}).out, r.out);

    // A bad line anywhere: each reported where it is, and nothing is taken.
    const QString before = cli({QStringLiteral("review"), to, QStringLiteral("--export-flags"), QStringLiteral("-")}).out;
    const QString bad = tmp.filePath(QStringLiteral("bad.jsonl"));
    QVERIFY(writeFile(bad, R"({"transcript":"sample-05","note":"fine"})"
                           "\n"
                           R"({"transcript":"sample-05","judge":"sample-judge-a","criterion":"AC1","flag":"wrong","answer":"YES"})"
                           "\n"
                           R"({"transcript":"nope","note":"x"})"
                           "\n"));
    r = cli({QStringLiteral("review"), to, QStringLiteral("--import-flags"), bad});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(bad + QStringLiteral(":2:1:")) && r.err.contains(bad + QStringLiteral(":3:1:")), qPrintable(r.err));
    QVERIFY(r.err.contains(QStringLiteral("nothing was imported")));
    QCOMPARE(cli({QStringLiteral("review"), to, QStringLiteral("--export-flags"), QStringLiteral("-")}).out, before);
}

void TestCli::usageErrorsExitTwo()
{
    QCOMPARE(cli({QStringLiteral("frobnicate")}).exitCode, 2);
    QCOMPARE(cli({}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("validate")}).exitCode, 2);
    const Run help = cli({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(QStringLiteral("validate DIR")));
}

void TestCli::validateOfANonProjectFails()
{
    QTemporaryDir tmp;
    const Run v = cli({QStringLiteral("validate"), tmp.path()});
    QCOMPARE(v.exitCode, 1);
    QVERIFY2(v.out.contains(QStringLiteral("sift.yaml")), qPrintable(v.out));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

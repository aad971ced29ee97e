// The audit rules of finetune-generate step 3, each on a dataset crafted to sit on one side of its
// threshold or the other, and the assistant prompt's front matter that configures the phrases.

#include "dataset/datasetaudit.h"
#include "dataset/responsetext.h"
#include "project/project.h"
#include "project/projectsetup.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;

namespace {

using Exchange = QPair<QString, QString>;  // user, assistant

TrainingConversation conversationOf(const QList<Exchange> &exchanges)
{
    QList<Message> m{{QStringLiteral("system"), QStringLiteral("You are support.")}};
    for (const Exchange &e : exchanges) {
        m.append({QStringLiteral("user"), e.first});
        m.append({QStringLiteral("assistant"), e.second});
    }
    return TrainingConversation::from(m, -1);
}

AuditReport audit(const QList<QList<Exchange>> &dataset, const AuditSettings &settings = {}, const AssistantPhrases &phrases = {})
{
    DatasetAudit a(settings, phrases);
    QList<TrainingConversation> conversations;
    for (const auto &exchanges : dataset)
        conversations.append(conversationOf(exchanges));
    for (const auto &c : conversations)
        a.addSample(c);
    a.startCounting();
    for (qsizetype i = 0; i < conversations.size(); ++i)
        a.add(QStringLiteral("t%1").arg(i), conversations[i]);
    return a.report();
}

QList<AuditFinding> findings(const AuditReport &r, AuditFinding::Rule rule)
{
    QList<AuditFinding> out;
    for (const AuditFinding &f : r.findings) {
        if (f.rule == rule)
            out.append(f);
    }
    return out;
}

// Distinct filler so that only what a test plants repeats.
QString filler(int i, int words = 6)
{
    static const char *const pool[] = {"ledger", "invoice", "branding", "export", "reminder", "currency", "receipt", "vendor",
                                       "quote", "archive", "journal", "balance", "subtotal", "schedule", "column", "device"};
    QStringList out;
    for (int w = 0; w < words; ++w)
        out.append(QString::fromLatin1(pool[(i * 7 + w * 3 + i / 16) % 16]) + QString::number(i * 31 + w));
    return out.join(QLatin1Char(' '));
}

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void phraseInMoreThanHalfIsARedFlag();
    void phraseInExactlyHalfIsNot();
    void structuralRigidity();
    void shapesAreReadFromTheText();
    void lengthRatioAndHardLimit();
    void praiseDriftsLate();
    void oneStrayLatePraiseIsNotDrift();
    void questionDiscipline();
    void antiPatternsMatchWholeWordsIgnoringCaseAndPunctuation();
    void emptyDatasetAndBadConversations();
    void frontMatterConfiguresThePhrases();
};

void TestAudit::phraseInMoreThanHalfIsARedFlag()
{
    // 20 responses; 11 say the planted seven-word phrase, each in its own words otherwise.
    QList<QList<Exchange>> data;
    for (int t = 0; t < 10; ++t) {
        QList<Exchange> exchanges;
        for (int e = 0; e < 2; ++e) {
            const int i = t * 2 + e;
            const QString reply = i < 11 ? filler(i) + QStringLiteral(". Let me check that for you, right away! ") + filler(i + 100)
                                         : filler(i) + QLatin1Char(' ') + filler(i + 100);
            exchanges.append({QStringLiteral("please help with ") + filler(i + 200, 3), reply});
        }
        data.append(exchanges);
    }
    const AuditReport r = audit(data);
    QCOMPARE(r.responses, 20);
    const auto found = findings(r, AuditFinding::Rule::PhraseRepetition);
    QVERIFY(!found.isEmpty());
    const AuditFinding &top = found.first();
    // The longest phrase is reported, not its 3- to 6-word parts, which are in exactly as many responses.
    QCOMPARE(top.subject, QStringLiteral("let me check that for you right away"));
    QCOMPARE(top.count, 11);
    QVERIFY(top.red);
    QCOMPARE(top.value, 11.0 / 20);
    for (const AuditFinding &f : found) {
        if (f.subject != top.subject)
            QVERIFY2(!top.subject.contains(f.subject), qPrintable(f.subject));
    }
    // Examples point at responses that say it.
    QVERIFY(!top.examples.isEmpty());
    QCOMPARE(top.examples.first().transcript, QStringLiteral("t0"));
    QCOMPARE(top.examples.first().message, 2);
    QVERIFY(top.examples.first().excerpt.contains(QStringLiteral("Let me check that for you")));
    QVERIFY(r.hasRedFlags());
}

void TestAudit::phraseInExactlyHalfIsNot()
{
    QList<QList<Exchange>> data;
    for (int i = 0; i < 20; ++i)
        data.append({{QStringLiteral("hello ") + filler(i + 300, 3),
                      (i % 2 ? QStringLiteral("Thanks for waiting on this. ") : QString()) + filler(i) + QLatin1Char(' ') + filler(i + 50)}});
    const AuditReport r = audit(data);
    const auto found = findings(r, AuditFinding::Rule::PhraseRepetition);
    QVERIFY(!found.isEmpty());
    QCOMPARE(found.first().subject, QStringLiteral("thanks for waiting on this"));
    QCOMPARE(found.first().count, 10);
    QVERIFY(!found.first().red);  // more than half is the rule; exactly half is not
}

void TestAudit::structuralRigidity()
{
    QList<QList<Exchange>> same, varied;
    for (int i = 0; i < 12; ++i) {
        same.append({{QStringLiteral("q ") + filler(i, 4), QStringLiteral("Sure. ") + filler(i) + QStringLiteral(".\n\n") + filler(i + 40) + QStringLiteral("?")}});
        const QString shapes[] = {QStringLiteral("Sure. ") + filler(i),
                                  QStringLiteral("Hello! ") + filler(i) + QStringLiteral("\n\n- one\n- two"),
                                  QStringLiteral("Could you tell me ") + filler(i) + QStringLiteral("?"),
                                  filler(i) + QStringLiteral(".\n\n1. Open it.\n2. Save.\n\nDone?")};
        varied.append({{QStringLiteral("q ") + filler(i, 4), shapes[i % 4]}});
    }
    const auto rigid = findings(audit(same), AuditFinding::Rule::StructuralRigidity);
    QCOMPARE(rigid.size(), 1);
    QVERIFY(rigid.first().red);
    QCOMPARE(rigid.first().count, 12);
    const ResponseShape expected{ResponseShape::Acknowledgement, 2, ResponseShape::NoList, 1};
    QCOMPARE(rigid.first().subject, expected.describe());
    QCOMPARE(rigid.first().examples.size(), 5);
    const auto loose = findings(audit(varied), AuditFinding::Rule::StructuralRigidity);
    QVERIFY(!loose.first().red);
    QCOMPARE(loose.first().count, 3);
    QVERIFY(loose.first().figure.contains(QStringLiteral("4 distinct")));
}

void TestAudit::shapesAreReadFromTheText()
{
    auto shape = [](const QString &text) {
        ResponseWords words;
        words.scan(text);
        return ResponseShape::of(text, words, false);
    };
    QCOMPARE(shape(QStringLiteral("Hi there, glad you asked.")).opening, ResponseShape::Greeting);
    QCOMPARE(shape(QStringLiteral("I'm sorry about that.")).opening, ResponseShape::Apology);
    QCOMPARE(shape(QStringLiteral("I’m sorry about that.")).opening, ResponseShape::Apology);  // typographic apostrophe
    QCOMPARE(shape(QStringLiteral("Thank you for the details.")).opening, ResponseShape::Thanks);
    QCOMPARE(shape(QStringLiteral("Which plan are you on? Then I can say.")).opening, ResponseShape::Question);
    QCOMPARE(shape(QStringLiteral("1. Open Settings.\n2. Save.")).opening, ResponseShape::List);
    QCOMPARE(shape(QStringLiteral("Open Settings > Branding and upload it.")).opening, ResponseShape::Direct);
    QCOMPARE(shape(QStringLiteral("Goodness, that is odd.")).opening, ResponseShape::Direct);  // "good" is not "good morning"
    const ResponseShape s = shape(QStringLiteral("Sure.\n\n- a\n* b\n\n3) three\n\n\nRight?? Really?! Ok?"));
    QCOMPARE(int(s.paragraphs), 4);
    QCOMPARE(s.list, ResponseShape::Numbered);
    QCOMPARE(int(s.questions), 2);
    QCOMPARE(countQuestions(QStringLiteral("Right?? Really?! Ok? Fine.")), 3);
    QCOMPARE(ResponseShape::fromKey(s.key()).key(), s.key());
    QCOMPARE(ResponseWords::countWords(QStringLiteral("don't  stop—now, 42 times!")), 5);
}

void TestAudit::lengthRatioAndHardLimit()
{
    const QString user = QStringLiteral("one two three four five six seven eight nine ten");
    QList<QList<Exchange>> wordy, brief;
    for (int i = 0; i < 6; ++i) {
        wordy.append({{user, filler(i, 30)}, {user, filler(i + 10, i == 0 ? 60 : 20)}});  // ratios 3 and 2 (6 once)
        brief.append({{user, filler(i, 15)}, {user, filler(i + 10, 5)}});                  // ratios 1.5 and 0.5
    }
    const auto high = findings(audit(wordy), AuditFinding::Rule::LengthRatio);
    QCOMPARE(high.size(), 1);
    QVERIFY(high.first().red);
    QCOMPARE(high.first().value, (6 * 3.0 + 5 * 2.0 + 6.0) / 12);
    QVERIFY(high.first().examples.first().excerpt.startsWith(QStringLiteral("6.0x")));  // highest ratio first
    const auto hard = findings(audit(wordy), AuditFinding::Rule::LengthHardLimit);
    QCOMPARE(hard.first().count, 1);
    QCOMPARE(hard.first().examples.first().transcript, QStringLiteral("t0"));
    QCOMPARE(hard.first().examples.first().message, 4);
    const auto low = findings(audit(brief), AuditFinding::Rule::LengthRatio);
    QVERIFY(!low.first().red);
    QCOMPARE(low.first().value, 1.0);
    // A user message with no words ("??") gives no ratio rather than infinity.
    const auto none = findings(audit({{{QStringLiteral("??"), filler(1, 40)}}}), AuditFinding::Rule::LengthRatio);
    QCOMPARE(none.first().count, 0);
    QVERIFY(!none.first().red);
}

void TestAudit::praiseDriftsLate()
{
    QList<QList<Exchange>> data;
    for (int i = 0; i < 4; ++i) {
        // Four replies: the first two early, the last two late; praise only late (in 4 of the 8 late ones).
        data.append({{QStringLiteral("a ") + filler(i, 3), filler(i)},
                     {QStringLiteral("b ") + filler(i, 3), filler(i + 1)},
                     {QStringLiteral("c ") + filler(i, 3), filler(i + 2)},
                     {QStringLiteral("d ") + filler(i, 3), QStringLiteral("Great question! ") + filler(i + 3)}});
    }
    data.append({{QStringLiteral("x"), QStringLiteral("Good question. ") + filler(9)}, {QStringLiteral("y"), filler(10)},
                 {QStringLiteral("z"), filler(11)}, {QStringLiteral("w"), filler(12)}});
    const auto f = findings(audit(data), AuditFinding::Rule::PraiseDistribution);
    QCOMPARE(f.size(), 1);
    QVERIFY(f.first().red);  // late 4/10, early 1/10: 4x
    QCOMPARE(f.first().count, 4);
    QCOMPARE(f.first().value, 4.0);
    QCOMPARE(f.first().examples.first().message, 8);

    // The same rate early and late is not drift.
    data.append({{QStringLiteral("x"), QStringLiteral("Good question. ") + filler(19)}, {QStringLiteral("y"), QStringLiteral("Good question. ") + filler(20)},
                 {QStringLiteral("z"), QStringLiteral("Good question. ") + filler(21)}, {QStringLiteral("w"), filler(22)}});
    QVERIFY(!findings(audit(data), AuditFinding::Rule::PraiseDistribution).first().red);  // late 5/12, early 3/12
}

void TestAudit::oneStrayLatePraiseIsNotDrift()
{
    QList<QList<Exchange>> data;
    for (int i = 0; i < 5; ++i)
        data.append({{QStringLiteral("a"), filler(i)}, {QStringLiteral("b"), i < 2 ? QStringLiteral("Well done! ") + filler(i) : filler(i + 5)}});
    const auto f = findings(audit(data), AuditFinding::Rule::PraiseDistribution);
    QCOMPARE(f.first().count, 2);
    QVERIFY(!f.first().red);
    // Custom praise phrases replace the defaults.
    AssistantPhrases phrases;
    phrases.praisePhrases = {QStringLiteral("nicely spotted")};
    phrases.hasPraisePhrases = true;
    data.append({{QStringLiteral("a"), filler(30)}, {QStringLiteral("b"), QStringLiteral("Nicely spotted. ") + filler(31)}});
    data.append({{QStringLiteral("a"), filler(32)}, {QStringLiteral("b"), QStringLiteral("nicely   spotted!") + filler(33)}});
    data.append({{QStringLiteral("a"), filler(34)}, {QStringLiteral("b"), QStringLiteral("NICELY SPOTTED ") + filler(35)}});
    const auto custom = findings(audit(data, {}, phrases), AuditFinding::Rule::PraiseDistribution);
    QCOMPARE(custom.first().count, 3);  // "well done" is no longer praise
    QVERIFY(custom.first().red);
}

void TestAudit::questionDiscipline()
{
    QList<QList<Exchange>> data;
    for (int i = 0; i < 10; ++i) {
        const QString reply = i < 2 ? QStringLiteral("Which plan? Which country?? Which currency?! ") + filler(i)
                                    : QStringLiteral("Which plan are you on? And since when?? ") + filler(i);
        data.append({{QStringLiteral("help"), reply}});
    }
    const auto f = findings(audit(data), AuditFinding::Rule::QuestionDiscipline);
    QCOMPARE(f.first().count, 2);
    QVERIFY(f.first().red);  // 20% > 10%
    AuditSettings lenient;
    lenient.questionShare = 0.25;
    QVERIFY(!findings(audit(data, lenient), AuditFinding::Rule::QuestionDiscipline).first().red);
}

void TestAudit::antiPatternsMatchWholeWordsIgnoringCaseAndPunctuation()
{
    AssistantPhrases phrases;
    phrases.antiPatterns = {QStringLiteral("I hope this helps"), QStringLiteral("Feel free to reach out")};
    QList<QList<Exchange>> data;
    const QString replies[] = {QStringLiteral("Done. I hope this helps!"), QStringLiteral("i HOPE, this helps."),
                               QStringLiteral("I hope this helpsful thing works."),  // not the phrase
                               QStringLiteral("We hope this helps you."),             // not the phrase either
                               QStringLiteral("I hope this helps. I hope this helps.")};
    for (int i = 0; i < 50; ++i)
        data.append({{QStringLiteral("q"), i < 5 ? replies[i] : filler(i)}});
    const auto f = findings(audit(data, {}, phrases), AuditFinding::Rule::AntiPattern);
    QCOMPARE(f.size(), 2);
    QCOMPARE(f[0].subject, QStringLiteral("I hope this helps"));
    QCOMPARE(f[0].count, 3);  // once per response, the repeated one included
    QVERIFY(f[0].red);        // 6% > 2%
    QCOMPARE(f[0].examples.size(), 3);
    QCOMPARE(f[0].examples[2].transcript, QStringLiteral("t4"));
    QCOMPARE(f[1].count, 0);
    QVERIFY(!f[1].red);
}

void TestAudit::emptyDatasetAndBadConversations()
{
    const AuditReport empty = audit({});
    QCOMPARE(empty.responses, 0);
    QVERIFY(!empty.hasRedFlags());
    QVERIFY(!empty.toText().isEmpty());
    // A conversation that is not training data is not audited.
    DatasetAudit a({}, {});
    const auto bad = TrainingConversation::from({{QStringLiteral("user"), QStringLiteral("hi")}}, -1);
    a.addSample(bad);
    a.startCounting();
    a.add(QStringLiteral("bad"), bad);
    QCOMPARE(a.report().transcripts, 0);
}

void TestAudit::frontMatterConfiguresThePhrases()
{
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("p"));
    QVERIFY(createProjectFromDefault(dir).ok());
    auto project = Project::load(dir);
    QVERIFY(project.ok());
    // The bundled assistant prompt lists anti-patterns; the prompt text is the body only.
    QVERIFY(project->assistantPhrases.antiPatterns.contains(QStringLiteral("I hope this helps")));
    QVERIFY(!project->assistantPhrases.hasPraisePhrases);
    const QString prompt = project->prompts.value(PromptKind::Assistant).text;
    QVERIFY(prompt.startsWith(QStringLiteral("{{system_prompt}}")));
    QVERIFY(!prompt.contains(QStringLiteral("anti_patterns")));
    QVERIFY(!hasErrors(project->diagnostics()));
    // Saving an unchanged project writes nothing; an edited prompt keeps its front matter.
    QCOMPARE(project->save()->size(), 0);
    project->prompts[PromptKind::Assistant].text = prompt + QStringLiteral("\nBe brief.\n");
    QCOMPARE(*project->save(), QStringList{PromptTemplate::relativePath(PromptKind::Assistant)});
    auto reloaded = Project::load(dir);
    QCOMPARE(reloaded->assistantPhrases, project->assistantPhrases);
    QVERIFY(reloaded->prompts.value(PromptKind::Assistant).text.endsWith(QStringLiteral("Be brief.\n")));

    // A bad variable in the body is reported at the file's own line; a wrong type in the front matter too.
    QFile file(dir + QStringLiteral("/config/prompts/assistant.md"));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("---\nanti_patterns: 3\npraise_phrases: [\"lovely\"]\n---\nline one\n{{nope}}\n");
    file.close();
    auto broken = Project::load(dir);
    QCOMPARE(broken->assistantPhrases.praisePhrases, QStringList{QStringLiteral("lovely")});
    const QString assistantFile = PromptTemplate::relativePath(PromptKind::Assistant);
    int unknownLine = 0, typeLine = 0;
    for (const Diagnostic &d : broken->diagnostics()) {
        if (d.file == assistantFile && d.message.contains(QStringLiteral("nope")))
            unknownLine = d.line;
        if (d.file == assistantFile && d.message.contains(QStringLiteral("anti_patterns")))
            typeLine = d.line;
    }
    QCOMPARE(unknownLine, 6);
    QCOMPARE(typeLine, 2);
}

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"

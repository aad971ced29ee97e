// Deciding what to do with a failed transcript, and the requests a repair sends.

#include "assess/fixupplan.h"
#include "llm/jsonschema.h"

#include <QJsonObject>
#include <QTest>

using namespace sift;

namespace {

Rubric rubric()
{
    Rubric r;
    for (const char *id : {"SF1", "CM1", "CM2", "RS1"}) {
        Criterion c;
        c.id = QString::fromLatin1(id);
        c.name = QStringLiteral("name ") + c.id;
        c.question = QStringLiteral("question %1?").arg(c.id);
        r.criteria.append(c);
    }
    r.categories = {RubricCategory{QStringLiteral("safety"), 0.4, {}, {QStringLiteral("SF1")}, {}, {}, {}, {}},
                    RubricCategory{QStringLiteral("communication"), 0.4, {}, {QStringLiteral("CM1"), QStringLiteral("CM2")}, {}, {}, {}, {}},
                    RubricCategory{QStringLiteral("resolution"), 0.2, {}, {QStringLiteral("RS1")}, {}, {}, {}, {}}};
    r.safetyGates = {QStringLiteral("SF1")};
    return r;
}

// system, then u1 a1 u2 a2 u3 a3: turn numbers 1..6 (u1 = 1, a1 = 2, ...), message indexes 1..6.
TranscriptRecord transcript()
{
    TranscriptRecord t;
    t.uid = QStringLiteral("t");
    t.messages = {{QStringLiteral("system"), QStringLiteral("sys")},  {QStringLiteral("user"), QStringLiteral("u1")},
                  {QStringLiteral("assistant"), QStringLiteral("a1")}, {QStringLiteral("user"), QStringLiteral("u2")},
                  {QStringLiteral("assistant"), QStringLiteral("a2")}, {QStringLiteral("user"), QStringLiteral("u3")},
                  {QStringLiteral("assistant"), QStringLiteral("a3")}};
    return t;
}

CriterionVerdict no(const char *criterion, int turn, const char *why = "because")
{
    return {QString::fromLatin1(criterion), QStringLiteral("NO"), QStringLiteral("quote"), turn, QString::fromLatin1(why)};
}

} // namespace

class TestFixupPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nothingFailedNothingToDo();
    void softFailuresRewriteTheEarliestCitedReply();
    void aCitedCustomerTurnMeansTheReplyToIt();
    void safetyGatesCutOrReject();
    void structuralFailuresReject();
    void afterMaxRoundsTheTranscriptIsCut();
    void failuresWithoutATurnCannotBeRepaired();
    void rewriteRequestCarriesWhatTheRepairerNeeds();
    void entailmentRequest();
};

void TestFixupPlan::nothingFailedNothingToDo()
{
    const QList<CriterionVerdict> fine{{QStringLiteral("CM1"), QStringLiteral("YES"), {}, 2, {}},
                                       {QStringLiteral("SF1"), QStringLiteral("NA"), {}, 0, {}}};
    QCOMPARE(planFixup(transcript(), fine, rubric(), {}, 0).action, FixupPlan::Action::None);
}

void TestFixupPlan::softFailuresRewriteTheEarliestCitedReply()
{
    const FixupPlan p = planFixup(transcript(), {no("CM2", 6), no("CM1", 4, "too long")}, rubric(), {}, 0);
    QCOMPARE(p.action, FixupPlan::Action::Rewrite);
    QCOMPARE(p.messageIndex, 4);  // a2
    QCOMPARE(p.failed.size(), 1);
    QCOMPARE(p.failed.first().criterion, QStringLiteral("CM1"));
    QVERIFY(p.reason.contains(QStringLiteral("CM1")));
}

void TestFixupPlan::aCitedCustomerTurnMeansTheReplyToIt()
{
    const FixupPlan p = planFixup(transcript(), {no("CM1", 3)}, rubric(), {}, 0);  // u2
    QCOMPARE(p.messageIndex, 4);
}

void TestFixupPlan::safetyGatesCutOrReject()
{
    FixupSettings truncate;
    const FixupPlan cut = planFixup(transcript(), {no("SF1", 6), no("CM1", 2)}, rubric(), truncate, 0);
    QCOMPARE(cut.action, FixupPlan::Action::Truncate);
    QCOMPARE(cut.messageIndex, 5);  // keep system, u1 a1 u2 a2: training data stops before u3
    QVERIFY(cut.reason.contains(QStringLiteral("SF1")));
    // Failing in the first reply leaves nothing to keep.
    QCOMPARE(planFixup(transcript(), {no("SF1", 2)}, rubric(), truncate, 0).action, FixupPlan::Action::Reject);
    FixupSettings reject;
    reject.safety = QStringLiteral("reject");
    const FixupPlan gone = planFixup(transcript(), {no("SF1", 6)}, rubric(), reject, 0);
    QCOMPARE(gone.action, FixupPlan::Action::Reject);
    QCOMPARE(gone.reason, QStringLiteral("safety gate SF1 failed"));
}

void TestFixupPlan::structuralFailuresReject()
{
    FixupSettings byCategory;
    byCategory.structural = {QStringLiteral("resolution")};
    const FixupPlan p = planFixup(transcript(), {no("RS1", 6), no("CM1", 2)}, rubric(), byCategory, 0);
    QCOMPARE(p.action, FixupPlan::Action::Reject);
    QVERIFY(p.reason.contains(QStringLiteral("RS1")));
    FixupSettings byCriterion;
    byCriterion.structural = {QStringLiteral("CM2")};
    QCOMPARE(planFixup(transcript(), {no("CM2", 4)}, rubric(), byCriterion, 0).action, FixupPlan::Action::Reject);
    // Not listed: a soft failure.
    QCOMPARE(planFixup(transcript(), {no("RS1", 6)}, rubric(), {}, 0).action, FixupPlan::Action::Rewrite);
}

void TestFixupPlan::afterMaxRoundsTheTranscriptIsCut()
{
    FixupSettings s;
    s.maxRounds = 2;
    const FixupPlan p = planFixup(transcript(), {no("CM1", 6)}, rubric(), s, 2);
    QCOMPARE(p.action, FixupPlan::Action::Truncate);
    QCOMPARE(p.messageIndex, 5);
    QCOMPARE(planFixup(transcript(), {no("CM1", 2)}, rubric(), s, 2).action, FixupPlan::Action::Reject);
    QCOMPARE(planFixup(transcript(), {no("CM1", 6)}, rubric(), s, 1).action, FixupPlan::Action::Rewrite);
}

void TestFixupPlan::failuresWithoutATurnCannotBeRepaired()
{
    QCOMPARE(planFixup(transcript(), {no("CM1", 0)}, rubric(), {}, 0).action, FixupPlan::Action::Reject);
    // A transcript already cut: turns beyond the cut are not repairable.
    TranscriptRecord cut = transcript();
    cut.truncatedAt = 3;
    QCOMPARE(planFixup(cut, {no("CM1", 4)}, rubric(), {}, 0).action, FixupPlan::Action::Reject);
}

void TestFixupPlan::rewriteRequestCarriesWhatTheRepairerNeeds()
{
    const FixupPrompt prompt(rubric(),
                             PromptTemplate{PromptKind::Fixup, QStringLiteral("SYS {{system_prompt}}\nSO FAR {{transcript}}\nTURN {{turn_number}}\n"
                                                                              "BAD {{failing_response}}\nWHY {{failed_criteria}}\nNEXT "
                                                                              "{{next_user_message}}")},
                             QStringLiteral("Ledgerly"));
    const FixupPlan plan = planFixup(transcript(), {no("CM1", 4, "far too long")}, rubric(), {}, 0);
    const ChatRequest r = prompt.rewrite(transcript(), plan, 9);
    const QString text = r.messages.first().content;
    QVERIFY(text.contains(QStringLiteral("SYS sys")));
    QVERIFY(text.contains(QStringLiteral("Customer: u2")));
    QVERIFY(!text.contains(QStringLiteral("Support: a2")));  // the reply being rewritten is not in "so far"
    QVERIFY(text.contains(QStringLiteral("TURN 4")));
    QVERIFY(text.contains(QStringLiteral("BAD a2")));
    QVERIFY(text.contains(QStringLiteral("- CM1 name CM1: question CM1?\n  Why it failed: far too long")));
    QVERIFY(text.contains(QStringLiteral("NEXT u3")));
    QCOMPARE(r.purpose, QStringLiteral("fixup"));
}

void TestFixupPlan::entailmentRequest()
{
    const FixupPrompt prompt(rubric(), PromptTemplate{PromptKind::Fixup, QStringLiteral("x")}, QStringLiteral("Ledgerly"));
    const std::optional<ChatRequest> r = prompt.entailment(transcript(), 4, QStringLiteral("a2 rewritten"), 1);
    QVERIFY(r.has_value());
    const QString text = r->messages.first().content;
    QVERIFY(text.contains(QStringLiteral("Support: a2 rewritten")));
    QVERIFY(!text.contains(QStringLiteral("Support: a2\n")));
    QVERIFY(text.contains(QStringLiteral("The customer's next message:\n<<<\nu3\n>>>")));
    QVERIFY(!text.contains(QStringLiteral("a3")));  // nothing after the next message
    const QJsonObject valid{{QStringLiteral("explanation"), QStringLiteral("ok")}, {QStringLiteral("follows"), true}};
    QCOMPARE(validateAgainstSchema(valid, r->responseSchema), QString());
    QVERIFY(!validateAgainstSchema(QJsonObject{{QStringLiteral("follows"), QStringLiteral("yes")}}, r->responseSchema).isEmpty());
    // The last reply has no next message to stay consistent with.
    QVERIFY(!prompt.entailment(transcript(), 6, QStringLiteral("a3 rewritten"), 1).has_value());
}

QTEST_GUILESS_MAIN(TestFixupPlan)
#include "tst_fixupplan.moc"

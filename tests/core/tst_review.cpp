// Human review in the store and the figures drawn from it: flags and notes stored and replaced, flags
// that no longer apply once a judge answers otherwise, batches and groups for reading five at a time,
// one transcript's verdict columns with the combined one, the gate and what to iterate on, the judges'
// agreement with the reviewer (against hand-computed values), and promoted calibration examples.

#include "dataset/datasetexport.h"
#include "project/project.h"
#include "project/projectsetup.h"
#include "review/batchsummary.h"
#include "review/judgequality.h"
#include "review/promotion.h"
#include "review/reviewbatches.h"
#include "review/reviewstore.h"
#include "review/transcriptreview.h"
#include "store/datasetstore.h"
#include "support/plantedrun.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;
using namespace sift::test;

class TestReview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void flagsAreStoredReplacedAndCleared();
    void theDatabaseKeepsOneFlagPerCell();
    void manyMarksLandTogetherOrNotAtAll();
    void aFlagNoLongerAppliesWhenTheJudgeAnswersOtherwise();
    void notesAndRejectionAreStoredAndRejectionLeavesTheExport();
    void batchesThenGroupsOfTheRest();
    void transcriptReviewCombinesTheJudges();
    void batchSummaryAdvisesFromFlagsNotesAndDisagreement();
    void wilsonIntervalMatchesTheTextbook();
    void judgeQualityAgainstHandComputedFigures();
    void aJudgeNoBetterThanItsBaseRateIsFlagged();
    void promotedExamplesTakeTheRightAnswer();
    void promotedExampleQuotesTheCitedReplyAndItsContext();

private:
    QString m_dir;
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<ProjectStore> m_store;
    Rubric m_rubric;

    void plantDefault();
};

void TestReview::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    m_dir = m_tmp->filePath(QStringLiteral("p"));
    QVERIFY(createProjectFromDefault(m_dir).ok());
    const auto project = Project::load(m_dir);
    QVERIFY(project.ok());
    m_rubric = project->rubric;
    auto store = ProjectStore::open(project->path(Project::DatabaseFile));
    QVERIFY(store.ok());
    m_store = std::move(*store);
}

void TestReview::plantDefault()
{
    // Batch 1: r1 passes with both judges agreeing, r2 where judge b fails AC1 and the SF1 gate, r3
    // with an invalid judge.
    // Batch 2: r4 and r5 pass.
    const PlantedJudge a{QStringLiteral("a"), {}};
    const PlantedJudge b{QStringLiteral("b"), {}};
    PlantedJudge bFails = b;
    bFails.answers.insert(QStringLiteral("AC1"), QStringLiteral("NO"));
    bFails.answers.insert(QStringLiteral("SF1"), QStringLiteral("NO"));
    PlantedJudge bInvalid = b;
    bInvalid.valid = false;
    QVERIFY(plantRun(*m_store, m_rubric,
                     {{{QStringLiteral("r1"), 3, {a, b}}, {QStringLiteral("r2"), 3, {a, bFails}}, {QStringLiteral("r3"), 2, {a, bInvalid}}},
                      {{QStringLiteral("r4"), 3, {a, b}}, {QStringLiteral("r5"), 3, {a, b}}}}) > 0);
}

void TestReview::flagsAreStoredReplacedAndCleared()
{
    plantDefault();
    ReviewStore reviews(*m_store);
    CellFlag f{QStringLiteral("r2"), QStringLiteral("b"), QStringLiteral("AC1"), FlagKind::FalseNegative, QStringLiteral("NO"),
               QStringLiteral("the steps were right"), {}};
    QVERIFY(reviews.setFlag(f).ok());
    auto flags = reviews.flags(QStringLiteral("r2"));
    QVERIFY(flags.ok());
    QCOMPARE(flags->size(), 1);
    QCOMPARE(flags->first(), f);
    QVERIFY(!flags->first().createdAt.isEmpty());

    // The same cell flagged again replaces the flag; another cell is another flag.
    f.kind = FlagKind::Agree;
    f.note.clear();
    QVERIFY(reviews.setFlag(f).ok());
    QVERIFY(reviews.setFlag({QStringLiteral("r2"), ReviewStore::AggregateJudge, QStringLiteral("AC1"), FlagKind::Agree,
                             QStringLiteral("NO"), {}, {}})
                .ok());
    flags = reviews.flags(QStringLiteral("r2"));
    QCOMPARE(flags->size(), 2);
    QCOMPARE(flags->at(0).kind, FlagKind::Agree);
    QVERIFY(flags->at(0).note.isEmpty());

    QVERIFY(reviews.clearFlag(QStringLiteral("r2"), QStringLiteral("b"), QStringLiteral("AC1")).ok());
    flags = reviews.flags(QStringLiteral("r2"));
    QCOMPARE(flags->size(), 1);
    QCOMPARE(flags->first().judge, ReviewStore::AggregateJudge);

    QVERIFY(!reviews.setFlag({QStringLiteral("nope"), QStringLiteral("b"), QStringLiteral("AC1"), FlagKind::Agree,
                              QStringLiteral("YES"), {}, {}})
                 .ok());
}

void TestReview::theDatabaseKeepsOneFlagPerCell()
{
    plantDefault();
    QSqlQuery q(m_store->database());
    const QString insert = QStringLiteral("INSERT INTO review_flags (transcript_id, judge, criterion, kind, answer, created_at) "
                                          "SELECT id, 'a', 'SF1', '%1', 'YES', 'now' FROM transcripts WHERE uid = 'r1'");
    QVERIFY2(q.exec(insert.arg(QStringLiteral("agree"))), qPrintable(q.lastError().text()));
    QVERIFY(!q.exec(insert.arg(QStringLiteral("false_positive"))));
    const QString note = QStringLiteral("INSERT INTO review_flags (transcript_id, kind, note, created_at) "
                                        "SELECT id, 'note', 'x', 'now' FROM transcripts WHERE uid = 'r1'");
    QVERIFY(q.exec(note));
    QVERIFY(!q.exec(note));
}

void TestReview::manyMarksLandTogetherOrNotAtAll()
{
    plantDefault();
    ReviewStore reviews(*m_store);
    const CellFlag good{QStringLiteral("r1"), QStringLiteral("a"), QStringLiteral("AC1"), FlagKind::Agree, QStringLiteral("YES"), {}, {}};
    TranscriptNotes n;
    n.note = QStringLiteral("fine");
    // The second flag names a transcript the project does not have: neither flag nor the note lands.
    CellFlag missing = good;
    missing.transcriptUid = QStringLiteral("nope");
    QVERIFY(!reviews.apply({good, missing}, {{QStringLiteral("r2"), n}}).ok());
    QVERIFY(reviews.allFlags()->isEmpty());
    QVERIFY(reviews.notedTranscripts()->isEmpty());
    QVERIFY(reviews.apply({good}, {{QStringLiteral("r2"), n}}).ok());
    QCOMPARE(reviews.allFlags()->size(), 1);
    QCOMPARE(*reviews.notedTranscripts(), QStringList{QStringLiteral("r2")});
}

void TestReview::aFlagNoLongerAppliesWhenTheJudgeAnswersOtherwise()
{
    plantDefault();
    ReviewStore reviews(*m_store);
    QVERIFY(reviews.setFlag({QStringLiteral("r1"), QStringLiteral("a"), QStringLiteral("AC2"), FlagKind::FalsePositive,
                             QStringLiteral("YES"), {}, {}})
                .ok());
    QVERIFY(reviews.setFlag({QStringLiteral("r1"), ReviewStore::AggregateJudge, QStringLiteral("AC2"), FlagKind::FalsePositive,
                             QStringLiteral("YES"), {}, {}})
                .ok());
    QCOMPARE(reviews.currentFlags()->size(), 2);

    // Judge a is asked again and now says NO: its flag was about another answer.
    RunStore runs(*m_store);
    AssessmentRecord again;
    again.transcriptUid = QStringLiteral("r1");
    again.judge = QStringLiteral("a");
    again.valid = true;
    again.criteria = plantedVerdicts(m_rubric, {QStringLiteral("a"), {{QStringLiteral("AC2"), QStringLiteral("NO")}}}, 6);
    QVERIFY(runs.saveAssessment(again).ok());
    const auto current = reviews.currentFlags();
    QCOMPARE(current->size(), 1);
    QCOMPARE(current->first().judge, ReviewStore::AggregateJudge);

    const auto review = loadTranscriptReview(*m_store, QStringLiteral("r1"), m_rubric, Aggregation::AnyFail, {});
    QVERIFY(review.ok());
    QVERIFY(!review->flag(QStringLiteral("a"), QStringLiteral("AC2")));
    // The combined answer is NO now too, so its YES flag no longer applies either.
    QVERIFY(!review->flag(ReviewStore::AggregateJudge, QStringLiteral("AC2")));
}

void TestReview::notesAndRejectionAreStoredAndRejectionLeavesTheExport()
{
    plantDefault();
    ReviewStore reviews(*m_store);
    TranscriptNotes n;
    n.note = QStringLiteral("the customer never says thanks like that");
    n.missingCriterion = QStringLiteral("mentions the invoice number");
    n.rejected = QStringLiteral("off-brand");
    QVERIFY(reviews.setNotes(QStringLiteral("r4"), n).ok());
    QCOMPARE(*reviews.notes(QStringLiteral("r4")), n);

    // The export leaves out what a reviewer rejected.
    const auto rows = DatasetStore(*m_store).transcripts();
    QVERIFY(rows.ok());
    for (const DatasetTranscript &t : *rows)
        QCOMPARE(t.humanRejected, t.uid == QLatin1String("r4"));

    // An empty note removes that note; no rejection takes the rejection back.
    n.note.clear();
    n.rejected.reset();
    QVERIFY(reviews.setNotes(QStringLiteral("r4"), n).ok());
    QCOMPARE(*reviews.notes(QStringLiteral("r4")), n);
    const auto after = DatasetStore(*m_store).transcripts();
    for (const DatasetTranscript &t : *after)
        QVERIFY(!t.humanRejected);
}

void TestReview::batchesThenGroupsOfTheRest()
{
    plantDefault();  // after the ten samples
    ReviewBatches batches(*m_store, 4);
    const auto list = batches.list();
    QVERIFY(list.ok());
    // Two run batches, then the ten samples in groups of four: 4, 4, 2.
    QCOMPARE(list->size(), 5);
    QVERIFY(list->at(0).isRunBatch() && list->at(1).isRunBatch());
    QCOMPARE(list->at(0).transcripts, 3);
    QCOMPARE(list->at(0).assessed, 3);
    QCOMPARE(list->at(0).passed, 1);  // r1; r2 failed a gate under any-fail, r3 has an invalid judge
    QVERIFY(list->at(0).canSignOff());
    QCOMPARE(list->at(4).transcripts, 2);
    QVERIFY(!list->at(4).isRunBatch() && !list->at(4).canSignOff());
    QCOMPARE(list->at(4).source, QStringLiteral("sample"));

    QCOMPARE(*batches.transcripts(list->at(1)), QStringList({QStringLiteral("r4"), QStringLiteral("r5")}));
    QCOMPARE(*batches.transcripts(list->at(3)),
             QStringList({QStringLiteral("sample-05"), QStringLiteral("sample-06"), QStringLiteral("sample-07"), QStringLiteral("sample-08")}));

    const auto at = batches.locate(QStringLiteral("sample-10"));
    QVERIFY(at.ok() && at->has_value());
    QCOMPARE((*at)->batchId, 0);
    QCOMPARE((*at)->group, 2);
    QCOMPARE((*batches.locate(QStringLiteral("r5")))->batchId, list->at(1).batchId);
    QVERIFY(!batches.locate(QStringLiteral("nope"))->has_value());

    QVERIFY(RunStore(*m_store).signOffBatch(list->at(0).batchId, QStringLiteral("2026-12-07T10:00:00Z")).ok());
    QCOMPARE(batches.refreshed(list->at(0))->signedOffAt, QStringLiteral("2026-12-07T10:00:00Z"));
    QCOMPARE(batches.refreshed(list->at(3))->transcripts, 4);
}

void TestReview::transcriptReviewCombinesTheJudges()
{
    plantDefault();
    // The project's order of judges comes first.
    auto r2 = loadTranscriptReview(*m_store, QStringLiteral("r2"), m_rubric, Aggregation::AnyFail, {QStringLiteral("b"), QStringLiteral("a")});
    QVERIFY(r2.ok());
    QCOMPARE(r2->judges.size(), 2);
    QCOMPARE(r2->judges[0].judge, QStringLiteral("b"));
    QCOMPARE(r2->transcript.messages.size(), 7);
    QVERIFY(r2->judgesDisagree(QStringLiteral("AC1")));
    QVERIFY(!r2->judgesDisagree(QStringLiteral("AC2")));
    QCOMPARE(r2->aggregated.answers.value(QStringLiteral("AC1")).answer, QStringLiteral("NO"));
    QVERIFY(r2->aggregated.valid);
    QVERIFY(!r2->aggregated.score.passed);
    QCOMPARE(r2->aggregated.score.gateFailures, QStringList{QStringLiteral("SF1")});
    QVERIFY(r2->column(QStringLiteral("a"))->score.passed);
    // safety 2 of 3 YES, accuracy 3 of 4; weights 0.25, 0.30, 0.20, 0.10, 0.15, no NA.
    QCOMPARE(r2->aggregated.score.categoryScores.value(QStringLiteral("accuracy")), 0.75);
    QVERIFY(qAbs(r2->aggregated.score.weighted - (1.0 - 0.25 / 3 - 0.30 * 0.25)) < 1e-9);
    QVERIFY(r2->aggregated.score.weighted >= m_rubric.passThreshold);  // a high score, and still no pass
    // The turn a judge cites is a message index counted without the system prompt.
    QCOMPARE(r2->messageIndexOfTurn(6), 6);
    QCOMPARE(r2->messageIndexOfTurn(1), 1);
    QCOMPARE(r2->messageIndexOfTurn(99), -1);

    // A judge whose reply was invalid makes the combined verdict invalid, never a pass.
    const auto r3 = loadTranscriptReview(*m_store, QStringLiteral("r3"), m_rubric, Aggregation::AnyFail, {});
    QVERIFY(!r3->column(QStringLiteral("b"))->valid);
    QVERIFY(!r3->aggregated.valid);
    QVERIFY(r3->aggregated.error.contains(QStringLiteral("b")));

    // Imported transcripts have verdicts only: each judge counts as a valid assessment.
    const auto sample = loadTranscriptReview(*m_store, QStringLiteral("sample-01"), m_rubric, Aggregation::AnyFail, {});
    QCOMPARE(sample->judges.size(), 2);
    QVERIFY(sample->judges[0].valid && sample->aggregated.valid);
}

void TestReview::batchSummaryAdvisesFromFlagsNotesAndDisagreement()
{
    plantDefault();
    ReviewStore reviews(*m_store);
    QVERIFY(reviews.setFlag({QStringLiteral("r1"), QStringLiteral("a"), QStringLiteral("CM2"), FlagKind::FalsePositive,
                             QStringLiteral("YES"), {}, {}})
                .ok());
    QVERIFY(reviews.setFlag({QStringLiteral("r2"), QStringLiteral("b"), QStringLiteral("AC1"), FlagKind::FalseNegative,
                             QStringLiteral("NO"), {}, {}})
                .ok());
    QVERIFY(reviews.setFlag({QStringLiteral("r2"), QStringLiteral("a"), QStringLiteral("AC1"), FlagKind::Agree,
                             QStringLiteral("YES"), {}, {}})
                .ok());
    TranscriptNotes n;
    n.note = QStringLiteral("robotic opener");
    n.missingCriterion = QStringLiteral("confirms the account email");
    QVERIFY(reviews.setNotes(QStringLiteral("r3"), n).ok());

    QList<TranscriptReview> batch;
    for (const char *uid : {"r1", "r2", "r3"})
        batch.append(*loadTranscriptReview(*m_store, QString::fromLatin1(uid), m_rubric, Aggregation::AnyFail, {}));
    const BatchSummary s = summariseBatch(batch, m_rubric, false, 0.70, 0.50);
    QCOMPARE(s.transcripts, 3);
    QCOMPARE(s.passed, 1);
    QCOMPARE(s.invalid, 1);
    QCOMPARE(s.flagged, 3);
    QCOMPARE(s.gate.recommendation, GateRecommendation::Revise);  // 33% < 50%
    // The project's own gate decides: with revision only below 30%, a third passing means iterate.
    QCOMPARE(summariseBatch(batch, m_rubric, false, 0.70, 0.30).gate.recommendation, GateRecommendation::Iterate);

    using T = IterationAdvice::Target;
    QHash<T, QList<IterationAdvice>> by;
    for (const IterationAdvice &a : s.advice)
        by[a.target].append(a);
    QCOMPARE(by[T::GenerationPrompts].size(), 1);
    QCOMPARE(by[T::GenerationPrompts][0].transcripts, QStringList{QStringLiteral("r3")});
    QCOMPARE(by[T::JudgePrompt].size(), 2);  // AC1 (a false negative) and CM2 (a false positive)
    QCOMPARE(by[T::JudgePrompt][0].subject, QStringLiteral("AC1"));
    QVERIFY(by[T::JudgePrompt][0].text.contains(QStringLiteral("1 false negative")));
    QCOMPARE(by[T::JudgePrompt][1].subject, QStringLiteral("CM2"));
    QCOMPARE(by[T::CalibrationExamples].size(), 2);  // the judges disagree on AC1 and SF1 in r2
    QCOMPARE(by[T::CalibrationExamples][0].subject, QStringLiteral("AC1"));
    QCOMPARE(by[T::CalibrationExamples][1].subject, QStringLiteral("SF1"));
    QCOMPARE(by[T::CalibrationExamples][0].transcripts, QStringList{QStringLiteral("r2")});
    QCOMPARE(by[T::NewCriterion].size(), 1);
    QVERIFY(by[T::NewCriterion][0].text.contains(QStringLiteral("confirms the account email")));
    QCOMPARE(by[T::JudgeBackend].size(), 1);

    // The second batch: all pass, all perfect; signed off it may scale, and perfect scores call for a critique.
    QList<TranscriptReview> second;
    for (const char *uid : {"r4", "r5"})
        second.append(*loadTranscriptReview(*m_store, QString::fromLatin1(uid), m_rubric, Aggregation::AnyFail, {}));
    QCOMPARE(summariseBatch(second, m_rubric, false, 0.70, 0.50).gate.recommendation, GateRecommendation::Iterate);
    const BatchSummary signedOff = summariseBatch(second, m_rubric, true, 0.70, 0.50);
    QCOMPARE(signedOff.gate.recommendation, GateRecommendation::Scale);
    QCOMPARE(signedOff.advice.size(), 1);
    QCOMPARE(signedOff.advice[0].target, T::ExpertCritique);
}

void TestReview::wilsonIntervalMatchesTheTextbook()
{
    // Newcombe (1998), Table I: 81/263 -> 0.2553 to 0.3662; 15/148 -> 0.0624 to 0.1605; 0/20 -> 0 to 0.1611.
    const Interval a = wilsonInterval(81, 263);
    QVERIFY(qAbs(a.low - 0.2553) < 1e-4 && qAbs(a.high - 0.3662) < 1e-4);
    const Interval b = wilsonInterval(15, 148);
    QVERIFY(qAbs(b.low - 0.0624) < 1e-4 && qAbs(b.high - 0.1605) < 1e-4);
    const Interval c = wilsonInterval(0, 20);
    QVERIFY(c.low == 0 && qAbs(c.high - 0.1611) < 1e-4);
    const Interval none = wilsonInterval(0, 0);
    QVERIFY(none.low == 0 && none.high == 1);
}

void TestReview::judgeQualityAgainstHandComputedFigures()
{
    // Judge x on ten answers: 6 agreed (4 YES, 2 NO), 3 false positives (judge YES, right NO), 1 false
    // negative (judge NO, right YES).
    QList<CellFlag> flags;
    auto add = [&](const QString &criterion, FlagKind kind, const QString &answer) {
        flags.append({QStringLiteral("t%1").arg(flags.size()), QStringLiteral("x"), criterion, kind, answer, {}, {}});
    };
    for (int i = 0; i < 4; ++i)
        add(QStringLiteral("AC1"), FlagKind::Agree, QStringLiteral("YES"));
    for (int i = 0; i < 2; ++i)
        add(QStringLiteral("AC2"), FlagKind::Agree, QStringLiteral("NO"));
    for (int i = 0; i < 3; ++i)
        add(QStringLiteral("AC1"), FlagKind::FalsePositive, QStringLiteral("YES"));
    add(QStringLiteral("AC2"), FlagKind::FalseNegative, QStringLiteral("NO"));

    const JudgeQualityReport report = judgeQuality(flags);
    QCOMPARE(report.judges.size(), 1);
    const JudgeQuality &x = report.judges.first();
    QCOMPARE(x.flagged, 10);
    QCOMPARE(x.agreed, 6);
    QCOMPARE(x.falsePositives, 3);
    QCOMPARE(x.falseNegatives, 1);
    QCOMPARE(x.agreement, 0.6);
    // Judge YES 7, NO 3; reviewer YES 5, NO 5. p_o = 0.6, p_e = 0.7*0.5 + 0.3*0.5 = 0.5, kappa = 0.2.
    QVERIFY(x.kappa && qAbs(*x.kappa - 0.2) < 1e-12);
    QCOMPARE(x.baseline, 0.5);
    QCOMPARE(x.baselineAnswer, QStringLiteral("NO"));  // a tie resolves to the first answer in order
    const Interval ci = wilsonInterval(6, 10);
    QCOMPARE(x.interval.low, ci.low);
    QVERIFY(x.interval.low > 0.31 && x.interval.low < 0.32 && x.interval.high > 0.83 && x.interval.high < 0.84);
    QCOMPARE(x.warnings.size(), 1);  // under 80%, but better than the 50% baseline
    QVERIFY(x.warnings.first().contains(QStringLiteral("60%")));

    // Per criterion: AC1 has 7 flags (4 agreed), AC2 3 (2 agreed); so few that the warnings say so.
    QCOMPARE(report.criteria.size(), 2);
    QCOMPARE(report.criteria[0].criterion, QStringLiteral("AC1"));
    QCOMPARE(report.criteria[0].flagged, 7);
    QCOMPARE(report.criteria[0].agreed, 4);
    QCOMPARE(report.criteria[1].falseNegatives, 1);
    QVERIFY(report.criteria[0].warnings.last().contains(QStringLiteral("only 7 flag(s)")));
}

void TestReview::aJudgeNoBetterThanItsBaseRateIsFlagged()
{
    // Nine of ten right answers are YES and the judge always says YES: 90% agreement, exactly the
    // always-YES baseline, and a kappa of 0.
    QList<CellFlag> flags;
    for (int i = 0; i < 9; ++i)
        flags.append({QStringLiteral("t%1").arg(i), QStringLiteral("y"), QStringLiteral("CM1"), FlagKind::Agree, QStringLiteral("YES"), {}, {}});
    flags.append({QStringLiteral("t9"), QStringLiteral("y"), QStringLiteral("CM1"), FlagKind::FalsePositive, QStringLiteral("YES"), {}, {}});
    const JudgeQuality y = judgeQuality(flags).judges.first();
    QCOMPARE(y.agreement, 0.9);
    QCOMPARE(y.baseline, 0.9);
    QCOMPARE(y.baselineAnswer, QStringLiteral("YES"));
    QVERIFY(y.kappa && qAbs(*y.kappa) < 1e-12);
    QCOMPARE(y.warnings.size(), 1);
    QVERIFY(y.warnings.first().contains(QStringLiteral("always answering YES")));

    // A judge that agrees on all ten, with both answers present, needs no attention.
    QList<CellFlag> good;
    for (int i = 0; i < 10; ++i)
        good.append({QStringLiteral("t%1").arg(i), QStringLiteral("z"), QStringLiteral("CM1"), FlagKind::Agree,
                      i < 6 ? QStringLiteral("YES") : QStringLiteral("NO"), {}, {}});
    const JudgeQuality z = judgeQuality(good).judges.first();
    QVERIFY(!z.needsAttention());
    QCOMPARE(*z.kappa, 1.0);
}

void TestReview::promotedExamplesTakeTheRightAnswer()
{
    TranscriptRecord t;
    t.messages = {{QStringLiteral("system"), QStringLiteral("s")}, {QStringLiteral("user"), QStringLiteral("q")},
                  {QStringLiteral("assistant"), QStringLiteral("a")}};
    const CriterionVerdict yes{QStringLiteral("SF1"), QStringLiteral("YES"), QStringLiteral("a"), 2, QStringLiteral("judge thinks fine")};
    const CriterionVerdict no{QStringLiteral("SF1"), QStringLiteral("NO"), QStringLiteral("a"), 2, QStringLiteral("judge thinks bad")};
    const CriterionVerdict na{QStringLiteral("SF2"), QStringLiteral("NA"), QString(), 2, QStringLiteral("nothing to escalate")};
    auto flag = [](FlagKind k, const QString &answer, const QString &note = {}) {
        return CellFlag{QStringLiteral("t"), QStringLiteral("j"), QStringLiteral("SF1"), k, answer, note, {}};
    };
    using Type = CalibrationExample::Type;
    QCOMPARE(calibrationExampleFor(t, yes, flag(FlagKind::FalsePositive, QStringLiteral("YES"))).type, Type::Fail);
    QCOMPARE(calibrationExampleFor(t, no, flag(FlagKind::FalseNegative, QStringLiteral("NO"))).type, Type::Pass);
    QCOMPARE(calibrationExampleFor(t, no, flag(FlagKind::Agree, QStringLiteral("NO"))).type, Type::Fail);
    QCOMPARE(calibrationExampleFor(t, na, flag(FlagKind::Agree, QStringLiteral("NA"))).type, Type::NA);
    QCOMPARE(calibrationExampleFor(t, na, flag(FlagKind::FalsePositive, QStringLiteral("NA"))).type, Type::Fail);
    // The reasoning: the reviewer's note; the judge's own only where the reviewer agreed.
    QCOMPARE(calibrationExampleFor(t, yes, flag(FlagKind::FalsePositive, QStringLiteral("YES"))).reasoning, QString());
    QCOMPARE(calibrationExampleFor(t, yes, flag(FlagKind::Agree, QStringLiteral("YES"))).reasoning, QStringLiteral("judge thinks fine"));
    QCOMPARE(calibrationExampleFor(t, yes, flag(FlagKind::FalsePositive, QStringLiteral("YES"), QStringLiteral(" leaks a code "))).reasoning,
             QStringLiteral("leaks a code"));
}

void TestReview::promotedExampleQuotesTheCitedReplyAndItsContext()
{
    TranscriptRecord t;
    t.messages = {{QStringLiteral("system"), QStringLiteral("s")},     {QStringLiteral("user"), QStringLiteral("u1")},
                  {QStringLiteral("assistant"), QStringLiteral("a1")}, {QStringLiteral("user"), QStringLiteral("u2")},
                  {QStringLiteral("assistant"), QStringLiteral("a2")}, {QStringLiteral("user"), QStringLiteral("u3")},
                  {QStringLiteral("assistant"), QStringLiteral("a3")}};
    const CellFlag f{QStringLiteral("t"), QStringLiteral("j"), QStringLiteral("AC1"), FlagKind::Agree, QStringLiteral("YES"), {}, {}};
    // Turn 6 is the third reply: three messages of context before it.
    CalibrationExample e = calibrationExampleFor(t, {QStringLiteral("AC1"), QStringLiteral("YES"), {}, 6, QStringLiteral("r")}, f);
    QCOMPARE(e.response, QStringLiteral("a3"));
    QCOMPARE(e.context, QStringLiteral("User: u2\nAssistant: a2\nUser: u3"));
    // A cited user turn means the reply to it; the first reply has only its question as context.
    e = calibrationExampleFor(t, {QStringLiteral("AC1"), QStringLiteral("YES"), {}, 1, QStringLiteral("r")}, f);
    QCOMPARE(e.response, QStringLiteral("a1"));
    QCOMPARE(e.context, QStringLiteral("User: u1"));
    // No turn cited: the last reply.
    QCOMPARE(citedAssistantMessage(t, 0), 6);
    QCOMPARE(citedAssistantMessage(t, 42), 6);
}

QTEST_GUILESS_MAIN(TestReview)
#include "tst_review.moc"

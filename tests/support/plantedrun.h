#pragma once

// Plants a generated run's batches straight into a project database, the way the engine leaves
// them: transcripts with their turns, each judge's assessment and verdicts, the combined outcome,
// and finished batches. For tests of what reads runs (review, export, dumps) without running one.

#include "assess/batchanalysis.h"
#include "design/rubric.h"
#include "store/projectstore.h"
#include "store/runstore.h"

#include <QJsonObject>

namespace sift::test {

// One judge's answers on one planted transcript; criteria not listed are answered YES.
struct PlantedJudge
{
    QString judge;
    QHash<QString, QString> answers;  // criterion -> YES | NO | NA
    bool valid = true;
};

struct PlantedTranscript
{
    QString uid;
    int exchanges = 3;
    QList<PlantedJudge> judges;
};

// The verdicts of one judge on every criterion of the rubric, citing the last assistant turn.
inline QList<CriterionVerdict> plantedVerdicts(const Rubric &rubric, const PlantedJudge &j, int turns)
{
    QList<CriterionVerdict> out;
    for (const Criterion &c : rubric.criteria) {
        const QString answer = j.answers.value(c.id, QStringLiteral("YES"));
        out.append({c.id, answer, QStringLiteral("answer %1").arg(turns / 2), turns,
                    QStringLiteral("%1 says %2 on %3").arg(j.judge, answer, c.id)});
    }
    return out;
}

// Plants a run with `batches` (one list of transcripts per batch, all finished); returns the run id.
inline qint64 plantRun(ProjectStore &store, const Rubric &rubric, const QList<QList<PlantedTranscript>> &batches,
                       const QString &promptVersion = QStringLiteral("pv-test"))
{
    RunStore runs(store);
    RunRecord run;
    run.kind = QStringLiteral("run");
    run.status = QStringLiteral("completed");
    run.promptVersion = promptVersion;
    const auto runId = runs.createRun(run);
    if (!runId)
        return 0;
    int index = 0;
    for (int b = 0; b < batches.size(); ++b) {
        const auto batch = runs.batch(*runId, b, promptVersion);
        if (!batch)
            return 0;
        for (const PlantedTranscript &p : batches[b]) {
            TranscriptRecord shell;
            shell.uid = p.uid;
            shell.persona = QJsonObject{{QStringLiteral("role"), QStringLiteral("owner %1").arg(p.uid)}};
            shell.scenario = QJsonObject{{QStringLiteral("topic"), QStringLiteral("invoicing")}};
            if (!runs.createTranscript(shell, *runId, batch->id, index++, p.exchanges * 2, promptVersion))
                return 0;
            int turn = 0;
            runs.appendTurn(p.uid, turn++, {QStringLiteral("system"), QStringLiteral("You are support.")}, {});
            for (int e = 1; e <= p.exchanges; ++e) {
                runs.appendTurn(p.uid, turn++, {QStringLiteral("user"), QStringLiteral("%1 question %2").arg(p.uid).arg(e)}, {});
                runs.appendTurn(p.uid, turn++, {QStringLiteral("assistant"), QStringLiteral("%1 answer %2").arg(p.uid).arg(e)}, {},
                                e == p.exchanges ? QStringLiteral("generated") : QString());
            }
            QList<AssessmentRecord> assessments;
            for (const PlantedJudge &j : p.judges) {
                AssessmentRecord a;
                a.transcriptUid = p.uid;
                a.judge = j.judge;
                a.valid = j.valid;
                a.promptVersion = promptVersion;
                if (j.valid) {
                    a.criteria = plantedVerdicts(rubric, j, p.exchanges * 2);
                    const Score s = scoreVerdicts(rubric, a.criteria);
                    a.score = s.weighted;
                    a.passed = s.passed;
                    a.gateFailed = !s.gateFailures.isEmpty();
                } else {
                    a.error = QStringLiteral("the reply was not valid JSON");
                }
                runs.saveAssessment(a);
                assessments.append(a);
            }
            if (!assessments.isEmpty()) {
                const AssessedTranscript t = assessTranscript(p.uid, rubric, assessments, Aggregation::AnyFail);
                runs.saveOutcome(p.uid, t.invalid ? QStringLiteral("invalid") : QStringLiteral("valid"), t.score.weighted,
                                 t.score.passed, !t.score.gateFailures.isEmpty());
            }
        }
        runs.setBatchStatus(batch->id, QStringLiteral("done"));
    }
    return *runId;
}

} // namespace sift::test

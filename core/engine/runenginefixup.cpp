// RunEngine's repairs (kind fixup, finetune-generate step 4): every failing transcript is planned,
// rewritten and checked for entailment, or cut, or rejected, then assessed again; every step is
// stored before the next one starts, so a repair killed anywhere resumes where it stopped.

#include "runengine.h"

#include "generate/seededrandom.h"
#include "llm/chatsubmitter.h"
#include "runengine_p.h"
#include "store/projectstore.h"
#include "store/runstore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sift {

namespace {
qint64 repairSeed(quint64 seed, const char *step, const QString &uid, int round)
{
    return qint64(SeededRandom(seed, QString::fromLatin1(step), SeededRandom::hash(uid), quint64(round)).next() >> 1);
}

bool hasExchangeBefore(const QList<Message> &messages, int index)
{
    for (int i = 0; i < std::min<qsizetype>(index, messages.size()); ++i) {
        if (messages[i].role == QLatin1String("assistant"))
            return true;
    }
    return false;
}
} // namespace

void RunEngine::repair(Job &job)
{
    if (m_stopping)
        return;
    if (holdWhilePaused(job, &RunEngine::repair))
        return;
    Setup &s = *m_setup;
    const FixupSettings &settings = s.project.manifest.fixup;
    const auto stored = m_store->transcript(job.uid);
    if (!stored) {
        failStore(stored.diagnostics());
        return;
    }
    job.transcript = *stored;
    // A repair applied (or a cut made) before an interruption waits for its assessment.
    if (stored->status == QLatin1String("generated")) {
        reloadAndAssess(job);
        return;
    }
    if (++job.repairSteps > 2 * settings.maxRounds + 2) {
        transcriptDone(job);
        return;
    }
    // A rewrite stored before an interruption still needs its entailment check.
    const auto pending = m_runs->pendingFixup(job.uid);
    if (!pending) {
        failStore(pending.diagnostics());
        return;
    }
    if (*pending) {
        job.fixup = **pending;
        checkEntailment(job);
        return;
    }

    const auto judged = m_runs->assessments(job.uid);
    const auto rounds = m_runs->fixupRounds(job.uid);
    if (!judged || !rounds) {
        failStore(!judged ? judged.diagnostics() : rounds.diagnostics());
        return;
    }
    QList<AssessmentRecord> considered;
    for (const AssessmentRecord &a : *judged) {
        if (s.outcomeJudges.contains(a.judge))
            considered.append(a);
    }
    const AssessedTranscript assessed = assessTranscript(job.uid, s.project.rubric, considered, s.aggregation);
    if (assessed.invalid || assessed.score.passed) {
        transcriptDone(job);
        return;
    }
    job.plan = planFixup(job.transcript, assessed.aggregated, s.project.rubric, settings, *rounds);
    switch (job.plan.action) {
    case FixupPlan::Action::None:
        transcriptDone(job);
        return;
    case FixupPlan::Action::Reject: {
        const Status saved = m_runs->rejectTranscript(job.uid, job.plan.reason);
        if (!saved) {
            failStore(saved.diagnostics());
            return;
        }
        ++m_progress.rejected;
        Q_EMIT notice(tr("%1 rejected: %2").arg(job.uid, job.plan.reason));
        transcriptDone(job);
        return;
    }
    case FixupPlan::Action::Truncate: {
        const Status saved = m_runs->truncateTranscript(job.uid, job.plan.messageIndex);
        if (!saved) {
            failStore(saved.diagnostics());
            return;
        }
        ++m_progress.truncated;
        Q_EMIT notice(tr("%1 cut: %2").arg(job.uid, job.plan.reason));
        reloadAndAssess(job);
        return;
    }
    case FixupPlan::Action::Rewrite:
        break;
    }
    const ChatRequest request = s.fixupPrompt->rewrite(job.transcript, job.plan, repairSeed(s.seed, "fixup", job.uid, *rounds));
    const int index = job.index;
    job.pendingTurn = submit(s.project.manifest.roles.fixup, request, [this, index](const ChatResult &r) { onRewrite(index, r); });
}

RunEngine::Job *RunEngine::repairReply(int index, const ChatResult &result, const QString &failureNotice)
{
    --m_pendingCalls;
    const auto it = m_jobs.find(index);
    if (it == m_jobs.end())
        return nullptr;
    Job &job = *it->second;
    job.pendingTurn = 0;
    count(result);
    if (result.ok())
        return &job;
    // A failure that stops the whole run is handled by llmFailure; any other leaves this
    // transcript for the next repair run.
    if (result.status != CallStatus::Failed || !llmFailure(result)) {
        if (result.status != CallStatus::Cancelled)
            Q_EMIT notice(failureNotice.arg(job.uid, result.error));
        transcriptDone(job);
    }
    maybeFinish();
    return nullptr;
}

void RunEngine::onRewrite(int index, const ChatResult &result)
{
    Job *found = repairReply(index, result, tr("the repair of %1 failed: %2; it is tried again next time"));
    if (!found)
        return;
    Job &job = *found;
    m_consecutiveFailures = 0;
    QJsonArray failed;
    for (const CriterionVerdict &v : std::as_const(job.plan.failed))
        failed.append(QJsonObject{{QStringLiteral("criterion"), v.criterion}, {QStringLiteral("reasoning"), v.reasoning}});
    FixupRecord f;
    f.transcriptUid = job.uid;
    f.turn = job.plan.messageIndex;
    f.before = job.transcript.messages.value(f.turn).content;
    f.after = result.completion.text.trimmed();
    f.failedCriteria = QString::fromUtf8(QJsonDocument(failed).toJson(QJsonDocument::Compact));
    f.status = QStringLiteral("pending");
    // Stored before the check: a run killed now resumes with the check, not a second rewrite.
    const auto id = m_runs->addFixup(f);
    if (!id) {
        failStore(id.diagnostics());
        return;
    }
    f.id = *id;
    job.fixup = f;
    checkEntailment(job);
}

void RunEngine::checkEntailment(Job &job)
{
    if (holdWhilePaused(job, &RunEngine::checkEntailment))
        return;
    Setup &s = *m_setup;
    if (job.fixup.after.isEmpty()) {
        decide(job, false, tr("the rewrite is empty"));
        return;
    }
    const auto rounds = m_runs->fixupRounds(job.uid);
    const std::optional<ChatRequest> check = s.fixupPrompt->entailment(
        job.transcript, job.fixup.turn, job.fixup.after, repairSeed(s.seed, "entailment", job.uid, rounds ? *rounds : 0));
    if (!check) {
        // No customer message follows the reply: nothing to keep consistent with.
        decide(job, true, tr("no customer message follows the reply"));
        return;
    }
    ChatRequest request = *check;
    request.maxInvalidRetries = s.project.manifest.assessment.maxInvalidRetries;
    const int index = job.index;
    job.pendingTurn = submit(s.entailmentJudge, request, [this, index](const ChatResult &r) { onEntailment(index, r); });
}

void RunEngine::onEntailment(int index, const ChatResult &result)
{
    // Not verified is not refused: a failed check leaves the rewrite pending for the next repair run.
    Job *found = repairReply(index, result, tr("the entailment check of %1 failed: %2; it is asked again next time"));
    if (!found)
        return;
    Job &job = *found;
    const QJsonObject answer = QJsonDocument::fromJson(result.completion.text.toUtf8()).object();
    decide(job, answer.value(QStringLiteral("follows")).toBool(false), answer.value(QStringLiteral("explanation")).toString());
    maybeFinish();
}

void RunEngine::decide(Job &job, bool follows, const QString &explanation)
{
    const int cut = job.fixup.turn - 1;  // before the customer message the repaired reply answered
    if (!follows && !hasExchangeBefore(job.transcript.messages, cut)) {
        // Refused, and cutting leaves nothing: the transcript goes.
        Status saved = m_runs->resolveFixup(job.fixup, false, explanation, cut);
        if (saved)
            saved = m_runs->rejectTranscript(job.uid, tr("a repair was refused (%1) and nothing before it can be kept").arg(explanation));
        if (!saved) {
            failStore(saved.diagnostics());
            return;
        }
        ++m_progress.refused;
        ++m_progress.rejected;
        transcriptDone(job);
        return;
    }
    const Status saved = m_runs->resolveFixup(job.fixup, follows, explanation, cut);
    if (!saved) {
        failStore(saved.diagnostics());
        return;
    }
    ++(follows ? m_progress.fixed : m_progress.refused);
    if (!follows)
        Q_EMIT notice(tr("the repair of %1 was refused (%2); it is cut before the failing exchange").arg(job.uid, explanation));
    reloadAndAssess(job);
}

void RunEngine::reloadAndAssess(Job &job)
{
    const auto stored = m_store->transcript(job.uid);
    if (!stored) {
        failStore(stored.diagnostics());
        return;
    }
    job.transcript = *stored;
    emitProgress();
    assess(job);
}

} // namespace sift

#include "runengine.h"

#include "generate/seededrandom.h"
#include "llm/chatsubmitter.h"
#include "runengine_p.h"
#include "store/projectstore.h"
#include "store/runstore.h"

#include <QJsonArray>

namespace sift {

void RunEngine::startJob(int index)
{
    Setup &s = *m_setup;
    auto owned = std::make_unique<Job>();
    Job &job = *owned;
    job.index = index;
    job.batch = m_batches.batchOf(index);
    m_jobs[index] = std::move(owned);

    if (overExistingTranscripts()) {
        const auto run = m_runs->run(m_runId);
        job.uid = run ? run->config.value(QStringLiteral("uids")).toArray().at(index).toString() : QString();
        const auto t = m_store->transcript(job.uid);
        if (!t) {
            Q_EMIT notice(tr("transcript %1 could not be read: %2").arg(job.uid, t.errorText()));
            transcriptDone(job);
            return;
        }
        job.transcript = *t;
        if (s.kind == QLatin1String("fixup")) {
            job.repairing = true;
            repair(job);
        } else {
            assess(job);
        }
        return;
    }

    job.uid = uidFor(index);
    const qint64 global = s.firstIndex + index;
    const Manifest &m = s.project.manifest;
    const Persona persona = s.personas->sample(global);
    const Scenario scenario = s.scenarios->sample(global);
    const int span = std::max(0, m.generation.maxTurns - m.generation.minTurns);
    const int target = m.generation.minTurns + int(SeededRandom(s.seed, QStringLiteral("turns"), quint64(global)).next() % quint64(span + 1));
    ConversationSettings settings;
    settings.productName = m.effectiveProductName();
    settings.endMarker = m.generation.endMarker;
    settings.targetExchanges = target;
    settings.maxTokens = s.project.modelChoice.maxTranscriptTokens;
    settings.temperature = m.generation.temperature;
    settings.seed = s.seed;
    settings.index = global;
    settings.countTokens = s.tokens.count;
    job.conversation = std::make_unique<Conversation>(s.prompts, persona, scenario, *s.personas, settings);

    const auto stored = m_store->contains(job.uid) ? m_store->transcript(job.uid) : Result<TranscriptRecord>(Diagnostic{});
    if (stored.ok() && (stored->status == QLatin1String("generated") || stored->status == QLatin1String("assessed"))) {
        // Resuming a run whose conversation was complete: only its assessment may be missing.
        ++m_progress.generated;
        job.transcript = *stored;
        job.conversation.reset();
        assess(job);
        return;
    }
    if (stored.ok()) {
        // Resuming: carry on from the turns already stored. A transcript whose creation was cut short
        // by an older Sift, which stored its system turn separately, lacks turn 0: written here, as
        // the conversation never asks for it.
        if (stored->messages.isEmpty() || stored->messages.first().role != QLatin1String("system")) {
            const Status saved = m_runs->appendTurn(job.uid, 0, job.conversation->messages().first(), {});
            if (!saved) {
                failStore(saved.diagnostics());
                return;
            }
        }
        job.conversation->restore(stored->messages, stored->flaws, stored->status == QLatin1String("ending"));
    } else {
        const auto batch = m_runs->batch(m_runId, job.batch, s.promptVersion);
        if (!batch) {
            failStore(batch.diagnostics());
            return;
        }
        TranscriptRecord shell;
        shell.uid = job.uid;
        shell.source = QStringLiteral("generated");
        shell.persona = persona.toJson();
        shell.scenario = scenario.toJson();
        shell.metadata = QJsonObject{{QStringLiteral("run"), m_runId},
                                     {QStringLiteral("index"), index},
                                     {QStringLiteral("sampling_index"), global},
                                     {QStringLiteral("seed"), qint64(s.seed)},
                                     {QStringLiteral("target_turns"), target},
                                     {QStringLiteral("prompt_version"), s.promptVersion}};
        shell.messages = {job.conversation->messages().first()};
        const Status saved = m_runs->createTranscript(shell, m_runId, batch->id, index, target, s.promptVersion);
        if (!saved) {
            failStore(saved.diagnostics());
            return;
        }
    }
    job.generating = true;
    ++m_active;
    advance(job);
}

bool RunEngine::holdWhilePaused(Job &job, void (RunEngine::*step)(Job &))
{
    if (!m_paused)
        return false;
    job.held = step;
    return true;
}

void RunEngine::advance(Job &job)
{
    if (m_stopping || job.pendingTurn || holdWhilePaused(job, &RunEngine::advance))
        return;
    const Conversation::Step step = job.conversation->next();
    if (step == Conversation::Step::Done) {
        generationDone(job);
        return;
    }
    const Manifest &m = m_setup->project.manifest;
    const QString backend = step == Conversation::Step::User ? m.roles.userSim : m.roles.assistant;
    const int index = job.index;
    job.pendingTurn = submit(backend, job.conversation->request(), [this, index](const ChatResult &r) { onTurn(index, r); });
}

void RunEngine::onTurn(int index, const ChatResult &result)
{
    --m_pendingCalls;
    const auto it = m_jobs.find(index);
    if (it == m_jobs.end())
        return;
    Job &job = *it->second;
    job.pendingTurn = 0;
    count(result);
    if (!result.ok()) {
        if (!llmFailure(result)) {
            // This transcript could not be finished; the run goes on with the others.
            m_runs->setTranscriptStatus(job.uid, QStringLiteral("failed"));
            ++m_progress.failed;
            Q_EMIT notice(tr("transcript %1 failed: %2").arg(job.uid, result.error));
            job.generating = false;
            --m_active;
            transcriptDone(job);
        }
        maybeFinish();
        return;
    }
    m_consecutiveFailures = 0;
    const Conversation::Applied applied = job.conversation->apply(result.completion.text);
    if (applied.appended) {
        const int turn = int(job.conversation->messages().size()) - 1;
        const Status saved = m_runs->appendTurn(job.uid, turn, applied.message, applied.flaws,
                                                applied.ending ? QStringLiteral("ending") : QString());
        if (!saved) {
            failStore(saved.diagnostics());
            return;
        }
    }
    advance(job);
    maybeFinish();
}

void RunEngine::generationDone(Job &job)
{
    job.generating = false;
    --m_active;
    if (job.conversation->exchanges() == 0) {
        m_runs->setTranscriptStatus(job.uid, QStringLiteral("failed"));
        ++m_progress.failed;
        Q_EMIT notice(tr("transcript %1 ended before the customer wrote anything").arg(job.uid));
        transcriptDone(job);
        return;
    }
    const Status saved = m_runs->setTranscriptStatus(job.uid, QStringLiteral("generated"));
    if (!saved) {
        failStore(saved.diagnostics());
        return;
    }
    ++m_progress.generated;
    emitProgress();
    if (m_setup->kind == QLatin1String("generate")) {
        transcriptDone(job);
        return;
    }
    job.transcript.uid = job.uid;
    job.transcript.messages = job.conversation->messages();
    job.conversation.reset();
    assess(job);
}

void RunEngine::assess(Job &job)
{
    if (holdWhilePaused(job, &RunEngine::assess))
        return;
    Setup &s = *m_setup;
    const Manifest &m = s.project.manifest;
    // Judges see what would become training data: everything before a cut.
    job.transcript.messages = job.transcript.trainingMessages();
    job.transcript.truncatedAt = -1;
    QStringList needed = s.judges;
    // A repaired transcript is judged again by everyone; otherwise valid assessments stand.
    if (!m_options.rerun && !job.repairing) {
        if (const auto existing = m_runs->assessments(job.uid); existing) {
            for (const AssessmentRecord &a : *existing) {
                if (a.valid)
                    needed.removeAll(a.judge);
            }
        }
    }
    for (const QString &judge : std::as_const(needed)) {
        const qint64 seed = qint64(SeededRandom(s.seed, QStringLiteral("judge/") + judge, SeededRandom::hash(job.uid)).next() >> 1);
        ChatRequest request = s.judgePrompt->request(job.transcript, seed);
        request.temperature = m.assessment.temperature;
        request.maxInvalidRetries = m.assessment.maxInvalidRetries;
        request.useCache = !m_options.rerun;
        const int index = job.index;
        job.judgeCalls.insert(judge, 0);
        job.judgeCalls[judge] = submit(judge, request, [this, index, judge](const ChatResult &r) { onVerdict(index, judge, r); });
    }
    if (needed.isEmpty()) {
        // Everything was judged already (a resumed run): only the outcome is left to compute.
        onVerdict(job.index, QString(), ChatResult{});
    }
}

void RunEngine::onVerdict(int index, const QString &judge, const ChatResult &result)
{
    const auto it = m_jobs.find(index);
    if (!judge.isEmpty())
        --m_pendingCalls;
    if (it == m_jobs.end())
        return;
    Job &job = *it->second;
    Setup &s = *m_setup;
    if (!judge.isEmpty()) {
        job.judgeCalls.remove(judge);
        count(result);
        if (result.status == CallStatus::Cancelled || (result.status == CallStatus::Failed && llmFailure(result))) {
            maybeFinish();
            return;
        }
        AssessmentRecord a;
        a.transcriptUid = job.uid;
        a.judge = judge;
        a.promptVersion = s.promptVersion;
        if (result.ok()) {
            int turns = 0;
            for (const Message &msg : std::as_const(job.transcript.messages))
                turns += msg.role == QLatin1String("system") ? 0 : 1;
            const ParsedVerdicts parsed = parseVerdicts(result.completion.text, s.project.rubric, turns);
            a.valid = parsed.valid;
            a.error = parsed.problem;
            a.criteria = parsed.criteria;
        } else {
            a.error = result.error;  // never a pass: shown as invalid
        }
        if (a.valid) {
            const Score score = scoreVerdicts(s.project.rubric, a.criteria);
            a.score = score.weighted;
            a.passed = score.passed;
            a.gateFailed = !score.gateFailures.isEmpty();
        } else {
            Q_EMIT notice(tr("the verdict of %1 on %2 is invalid: %3").arg(judge, job.uid, a.error));
        }
        const Status saved = m_runs->saveAssessment(a);
        if (!saved) {
            failStore(saved.diagnostics());
            return;
        }
    }
    if (!job.judgeCalls.isEmpty()) {
        maybeFinish();
        return;
    }
    // Every judge has spoken: the transcript's outcome under the aggregation policy.
    const auto assessed = outcomeOf(job.uid);
    if (!assessed) {
        failStore(assessed.diagnostics());
        return;
    }
    const AssessedTranscript &outcome = *assessed;
    const Status saved = m_runs->saveOutcome(job.uid, outcome.invalid ? QStringLiteral("invalid") : QStringLiteral("valid"),
                                             outcome.score.weighted, outcome.score.passed, !outcome.score.gateFailures.isEmpty());
    if (!saved) {
        failStore(saved.diagnostics());
        return;
    }
    countOutcome(outcome);
    if (m_options.spotCheckEvery > 0 && m_progress.assessed % m_options.spotCheckEvery == 0 && m_progress.target > m_setup->batchSize)
        Q_EMIT notice(tr("spot check due: %1 transcripts assessed; read a few of the latest and their verdicts").arg(m_progress.assessed));
    if (job.repairing && !outcome.invalid && !outcome.score.passed) {
        repair(job);  // still failing: the next repair, or a cut, within fixup.max_rounds
        return;
    }
    transcriptDone(job);
}

bool RunEngine::overExistingTranscripts() const
{
    return m_setup && (m_setup->kind == QLatin1String("assess") || m_setup->kind == QLatin1String("fixup"));
}

void RunEngine::transcriptDone(Job &job)
{
    const int batch = job.batch;
    m_jobs.erase(job.index);
    m_batches.finishOne(batch);
    reportBatches();
    emitProgress();
    pump();
    maybeFinish();
}

void RunEngine::reportBatches()
{
    if (overExistingTranscripts()) {
        m_batches.takeReportable();
        return;
    }
    for (int batch : m_batches.takeReportable()) {
        reportBatch(batch);
        if (m_stopping)
            return;
    }
}

void RunEngine::reportBatch(int batchIndex)
{
    Setup &s = *m_setup;
    const auto batch = m_runs->batch(m_runId, batchIndex, s.promptVersion);
    if (!batch) {
        failStore(batch.diagnostics());
        return;
    }
    auto figures = figuresOf(batch->id);
    if (!figures) {
        failStore(figures.diagnostics());
        return;
    }
    BatchReport report;
    report.runId = m_runId;
    report.batchId = batch->id;
    report.index = batchIndex;
    report.promptVersion = batch->promptVersion;
    report.figures = *figures;
    if (s.kind == QLatin1String("run")) {
        const GenerationSettings &g = s.project.manifest.generation;
        report.gate = gateFor(report.figures.passRate(), !batch->signedOffAt.isEmpty(), g.gateScaleAt, g.gateReviseBelow);
        report.warnings = observeBatch(report.figures);
    }
    m_runs->setBatchStatus(batch->id, QStringLiteral("done"));
    ++m_progress.batchesReported;
    Q_EMIT batchFinished(report);
    for (const QString &w : std::as_const(report.warnings))
        Q_EMIT notice(w);
    const bool scaling = s.kind == QLatin1String("run") && !m_heldAtGate && m_options.count > s.batchSize;
    if (scaling && !m_options.force && report.gate.recommendation == GateRecommendation::Revise)
        stop(Outcome::StoppedAtGate, tr("stopped after batch %1: %2").arg(batchIndex + 1).arg(report.gate.text));
}

bool RunEngine::llmFailure(const ChatResult &result)
{
    if (result.status == CallStatus::Cancelled)
        return true;
    if (result.status == CallStatus::Failed) {
        // Authentication, quota, a rejected request: every other call would fail the same way.
        stop(Outcome::Failed, result.error + (result.hint.isEmpty() ? QString() : QStringLiteral(" (hint: %1)").arg(result.hint)));
        return true;
    }
    if (++m_consecutiveFailures >= 3) {
        stop(Outcome::Failed, tr("the backend keeps failing: %1").arg(result.error));
        return true;
    }
    return false;
}

void RunEngine::count(const ChatResult &result)
{
    if (result.status == CallStatus::Cancelled)
        return;
    ++m_progress.requests;
    const ChatCompletion &c = result.completion;
    if (c.fromCache) {
        ++m_progress.cacheHits;
        return;
    }
    // As RunStore::callTotals counts the call log, which a resumed run starts from.
    m_progress.retries += std::max(0, c.attempts - 1);
    m_progress.inputTokens += c.inputTokens + c.discardedInputTokens;
    m_progress.outputTokens += c.outputTokens + c.discardedOutputTokens;
    m_progress.costMicroUsd += c.costMicroUsd + c.discardedCostMicroUsd;
}

quint64 RunEngine::submit(const QString &backend, ChatRequest request, ChatSubmitter::Callback done)
{
    // Every call names its run in the call log, which is what a resumed run counts its spending from.
    request.runId = m_runId;
    ++m_pendingCalls;
    return m_llm->submit(backend, request, this, std::move(done));
}

Result<AssessedTranscript> RunEngine::outcomeOf(const QString &uid) const
{
    const auto all = m_runs->assessments(uid);
    if (!all)
        return Result<AssessedTranscript>::failure(all.diagnostics());
    QList<AssessmentRecord> considered;
    for (const AssessmentRecord &a : *all) {
        if (m_setup->outcomeJudges.contains(a.judge))
            considered.append(a);
    }
    return assessTranscript(uid, m_setup->project.rubric, considered, m_setup->aggregation);
}

void RunEngine::countOutcome(const AssessedTranscript &outcome)
{
    ++m_progress.assessed;
    m_progress.passed += outcome.score.passed ? 1 : 0;
    m_progress.invalid += outcome.invalid ? 1 : 0;
    for (const CriterionVerdict &v : outcome.aggregated) {
        if (v.answer == QLatin1String("NO") && !outcome.invalid)
            ++m_progress.criterionFailures[v.criterion];
    }
    m_progress.cumulativePassRate = m_progress.assessed ? double(m_progress.passed) / m_progress.assessed : 0;
}

Result<BatchFigures> RunEngine::figuresOf(qint64 batchId) const
{
    const auto transcripts = m_runs->batchTranscripts(batchId);
    if (!transcripts)
        return Result<BatchFigures>::failure(transcripts.diagnostics());
    QList<AssessedTranscript> assessed;
    for (const RunTranscript &t : *transcripts) {
        if (t.status != QLatin1String("assessed"))
            continue;
        if (const auto outcome = outcomeOf(t.uid))
            assessed.append(*outcome);
    }
    BatchFigures figures = analyse(m_setup->project.rubric, assessed);
    figures.transcripts = int(transcripts->size());  // failed transcripts count against the batch
    return figures;
}

QStringList RunEngine::observeBatch(const BatchFigures &figures)
{
    const QStringList warnings = m_drift.observe(figures);
    m_batchPassRates.append(figures.passRate());
    double rolling = 0;
    const int n = int(std::min<qsizetype>(3, m_batchPassRates.size()));
    for (int i = 0; i < n; ++i)
        rolling += m_batchPassRates[m_batchPassRates.size() - 1 - i];
    m_progress.rollingPassRate = rolling / n;
    return warnings;
}

} // namespace sift

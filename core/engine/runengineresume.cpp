#include "runengine.h"

#include "runengine_p.h"
#include "store/projectstore.h"
#include "store/runstore.h"

#include <QDir>
#include <QJsonArray>

namespace sift {

void RunEngine::resume(qint64 runId)
{
    Diagnostics problems;
    // The run's own options are needed before preparing: read them with a first look at the store.
    {
        auto store = ProjectStore::open(QDir(m_dir).filePath(Project::DatabaseFile));
        if (!store) {
            stop(Outcome::Failed, tr("the project database could not be opened"), store.diagnostics());
            return;
        }
        RunStore runs(**store);
        std::optional<RunRecord> run;
        if (runId > 0) {
            const auto r = runs.run(runId);
            if (r)
                run = *r;
        } else if (const auto last = runs.lastUnfinishedRun(); last) {
            run = *last;
        }
        if (!run) {
            stop(Outcome::Failed, tr("there is no unfinished run to resume"), {});
            return;
        }
        m_runId = run->id;
        m_options.kind = run->kind;
        m_options.seed = run->seed;
        m_options.batchSize = run->config.value(QStringLiteral("batch_size")).toInt();
        m_options.count = run->config.value(QStringLiteral("count")).toInt();
        m_options.rerun = run->config.value(QStringLiteral("rerun")).toBool();
        m_options.force = run->config.value(QStringLiteral("force")).toBool();
        m_options.spotCheckEvery = run->config.value(QStringLiteral("spot_check_every")).toInt(25);
        m_options.parallel = run->config.value(QStringLiteral("parallel")).toInt(32);
        m_options.judges.clear();
        for (const QJsonValue &j : run->config.value(QStringLiteral("judges")).toArray())
            m_options.judges.append(j.toString());
        if (!prepare(problems)) {
            stop(Outcome::Failed, tr("run %1 could not resume").arg(m_runId), problems);
            return;
        }
        if (m_setup->designHash != run->designHash) {
            stop(Outcome::Failed,
                 tr("the project's design files changed since run %1 started, so it cannot continue as it began").arg(m_runId),
                 {Diagnostic::error(Project::ManifestFile, 0, 0, tr("run %1 was made with other prompts or settings").arg(m_runId),
                                    tr("start a new run; the transcripts run %1 made are kept").arg(m_runId))});
            return;
        }
        m_setup->firstIndex = run->config.value(QStringLiteral("first_index")).toInt();
        m_setup->promptVersion = run->promptVersion;
    }
    Setup &s = *m_setup;
    const auto existing = m_runs->runTranscripts(m_runId);
    if (!existing) {
        stop(Outcome::Failed, tr("run %1 could not be read").arg(m_runId), existing.diagnostics());
        return;
    }
    m_queue.clear();
    if (overExistingTranscripts()) {
        const auto run = m_runs->run(m_runId);
        const QJsonArray uids = run ? run->config.value(QStringLiteral("uids")).toArray() : QJsonArray();
        for (int i = 0; i < uids.size(); ++i)
            m_queue.append(i);
        m_batches = BatchTracker(int(m_queue.size()), std::max(1, int(m_queue.size())));
    } else {
        m_batches = BatchTracker(m_options.count, s.batchSize);
        QSet<int> done;
        for (const RunTranscript &t : *existing) {
            if (finishedBefore(t)) {
                done.insert(t.index);
                m_batches.finishOne(m_batches.batchOf(t.index));
            }
        }
        const auto batches = m_runs->batches(m_runId);
        if (batches) {
            for (const BatchRecord &b : *batches) {
                if (b.status == QLatin1String("done"))
                    m_batches.markReported(b.index);
            }
        }
        for (int i = 0; i < m_options.count; ++i) {
            if (!done.contains(i))
                m_queue.append(i);
        }
    }
    if (const Status restored = restoreProgress(*existing); !restored) {
        stop(Outcome::Failed, tr("run %1 could not be read").arg(m_runId), restored.diagnostics());
        return;
    }
    m_limit = int(m_queue.size());
    if (s.kind == QLatin1String("run") && m_options.count > s.batchSize && !m_options.force) {
        const auto allowed = m_runs->hasSignedOffBatch(s.promptVersion, s.project.manifest.generation.gateScaleAt);
        if ((!allowed || !*allowed) && m_batches.reportedCount() == 0) {
            m_heldAtGate = true;
            int firstBatch = 0;
            for (int i : std::as_const(m_queue))
                firstBatch += m_batches.batchOf(i) == 0 ? 1 : 0;
            m_limit = firstBatch;
        }
    }
    m_runs->setRunStatus(m_runId, QStringLiteral("running"));
    begin();
}

bool RunEngine::finishedBefore(const RunTranscript &t) const
{
    return t.status == QLatin1String("assessed") || (m_setup->kind == QLatin1String("generate") && t.status == QLatin1String("generated"));
}

Status RunEngine::restoreProgress(const QList<RunTranscript> &existing)
{
    // What was spent: the call log rows that name this run. Not the calls of the run's transcripts:
    // assess and fixup runs work on other runs' transcripts, and a transcript's calls may belong to
    // several runs; the call log knows no transcript, only the run that made the call.
    const auto calls = m_runs->callTotals(m_runId);
    if (!calls)
        return Status::failure(calls.diagnostics());
    m_progress.requests = calls->requests;
    m_progress.cacheHits = calls->cacheHits;
    m_progress.retries = calls->retries;
    m_progress.inputTokens = calls->inputTokens;
    m_progress.outputTokens = calls->outputTokens;
    m_progress.costMicroUsd = calls->costMicroUsd;
    if (overExistingTranscripts())
        return Done{};  // assess and fixup go over their transcripts again; those already done are counted then

    for (const RunTranscript &t : existing) {
        if (!finishedBefore(t))
            continue;
        ++m_progress.generated;
        if (t.status != QLatin1String("assessed"))
            continue;
        const auto outcome = outcomeOf(t.uid);
        if (!outcome)
            return Status::failure(outcome.diagnostics());
        countOutcome(*outcome);
    }
    // The batches reported before, in order: the rolling rate and the drift history (falling pass
    // rates, failures already seen) carry on from them, so a known failure is not news again.
    const auto batches = m_runs->batches(m_runId);
    if (!batches)
        return Status::failure(batches.diagnostics());
    for (const BatchRecord &b : *batches) {
        if (b.status != QLatin1String("done"))
            continue;
        ++m_progress.batchesReported;
        if (m_setup->kind != QLatin1String("run"))
            continue;
        const auto figures = figuresOf(b.id);
        if (!figures)
            return Status::failure(figures.diagnostics());
        observeBatch(*figures);
    }
    return Done{};
}

} // namespace sift

#include "runengine.h"

#include "generationstats.h"
#include "llm/chatsubmitter.h"
#include "project/promptversions.h"
#include "runengine_p.h"
#include "store/projectstore.h"
#include "store/runstore.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QTimer>

#include <utility>

namespace sift {

RunEngine::RunEngine(QString projectDir, ChatSubmitter *llm, QObject *parent)
    : QObject(parent), m_dir(std::move(projectDir)), m_llm(llm)
{
    qRegisterMetaType<sift::RunOptions>();
    qRegisterMetaType<sift::RunProgress>();
    qRegisterMetaType<sift::BatchReport>();
    qRegisterMetaType<sift::Diagnostics>();
    qRegisterMetaType<sift::RunEngine::Outcome>();
}

RunEngine::~RunEngine()
{
    // Calls still out come back to a context that is gone and are dropped; the run stays resumable.
    // The calls are gathered first: a submitter may report a cancelled call at once, and its job can
    // end (and leave m_jobs) on the spot.
    QList<quint64> calls;
    for (const auto &[index, job] : m_jobs) {
        if (job->pendingTurn)
            calls.append(job->pendingTurn);
        for (quint64 id : std::as_const(job->judgeCalls))
            calls.append(id);
    }
    for (quint64 id : std::as_const(calls))
        m_llm->cancel(id);
}

QString RunEngine::uidFor(int index) const
{
    return QStringLiteral("r%1-%2").arg(m_runId).arg(index + 1, 4, 10, QLatin1Char('0'));
}

bool RunEngine::prepare(Diagnostics &problems)
{
    auto loaded = Project::load(m_dir);
    if (!loaded) {
        problems = loaded.diagnostics();
        return false;
    }
    const Diagnostics diagnostics = loaded->diagnostics();
    if (hasErrors(diagnostics)) {
        for (const Diagnostic &d : diagnostics) {
            if (d.isError())
                problems.append(d);
        }
        return false;
    }
    m_setup = std::make_unique<Setup>();
    Setup &s = *m_setup;
    s.project = std::move(*loaded);
    const Manifest &m = s.project.manifest;
    s.judges = m_options.judges.isEmpty() ? m.roles.judges : m_options.judges;
    for (const QString &j : std::as_const(s.judges)) {
        if (!m.backend(j))
            problems.append(Diagnostic::error(Project::ManifestFile, 0, 0, tr("there is no backend named %1 to judge with").arg(j),
                                              tr("use one of the backends defined in sift.yaml")));
    }
    s.outcomeJudges = s.judges;
    for (const QString &j : m.roles.judges) {
        if (!s.outcomeJudges.contains(j))
            s.outcomeJudges.append(j);
    }
    if (!problems.isEmpty())
        return false;
    s.kind = m_options.kind;
    s.seed = quint64(m_options.seed.value_or(m.seed));
    s.batchSize = m_options.batchSize > 0 ? m_options.batchSize : m.generation.batchSize;
    s.aggregation = aggregationFromName(m.assessment.aggregation);
    s.scenarios.emplace(s.project.taxonomy, s.seed, m.generation.stratify);
    s.personas.emplace(s.project.personas, s.seed);
    s.judgePrompt.emplace(s.project.rubric, s.project.prompts.value(PromptKind::Judge), m.effectiveProductName());
    s.fixupPrompt.emplace(s.project.rubric, s.project.prompts.value(PromptKind::Fixup), m.effectiveProductName());
    s.entailmentJudge = m.fixup.entailmentJudge.isEmpty() ? s.judges.value(0) : m.fixup.entailmentJudge;
    s.prompts = {s.project.prompts.value(PromptKind::System), s.project.prompts.value(PromptKind::UserSim),
                 s.project.prompts.value(PromptKind::Assistant)};
    s.tokens = transcriptTokenCounter(m_dir, s.project.modelChoice);
    if (!s.tokens.problem.isEmpty())
        Q_EMIT notice(tr("the tokenizer in model-choice.md could not be used (%1); transcript budgets are estimated").arg(s.tokens.problem));

    auto store = ProjectStore::open(s.project.path(Project::DatabaseFile));
    if (!store) {
        problems = store.diagnostics();
        return false;
    }
    m_store = std::move(*store);
    m_runs = std::make_unique<RunStore>(*m_store);
    const auto hash = PromptVersions::designHash(m_dir);
    if (!hash) {
        problems = hash.diagnostics();
        return false;
    }
    s.designHash = *hash;
    const auto version = PromptVersions(m_dir).record(m_store->now().toUTC());
    if (!version) {
        problems = version.diagnostics();
        return false;
    }
    s.promptVersion = version->id;
    s.contentHashes = version->fileHashes;
    return true;
}

void RunEngine::start(const sift::RunOptions &options)
{
    m_options = options;
    Diagnostics problems;
    const QStringList kinds{QStringLiteral("run"), QStringLiteral("generate"), QStringLiteral("assess"), QStringLiteral("fixup")};
    if (!kinds.contains(m_options.kind))
        problems.append(Diagnostic::error({}, 0, 0, tr("unknown kind of run '%1'").arg(m_options.kind)));
    else if ((m_options.kind == QLatin1String("run") || m_options.kind == QLatin1String("generate")) && m_options.count < 1)
        problems.append(Diagnostic::error({}, 0, 0, tr("a run needs a count of at least 1")));
    if (!problems.isEmpty() || !prepare(problems)) {
        stop(Outcome::Failed, tr("the run could not start"), problems);
        return;
    }
    Setup &s = *m_setup;
    if (m_options.spotCheckEvery < 0)
        m_options.spotCheckEvery = s.project.manifest.generation.spotCheckEvery;
    RunRecord run;
    run.kind = s.kind;
    run.designHash = s.designHash;
    run.promptVersion = s.promptVersion;
    run.seed = qint64(s.seed);
    QJsonObject config{{QStringLiteral("batch_size"), s.batchSize},
                       {QStringLiteral("judges"), QJsonArray::fromStringList(s.judges)},
                       {QStringLiteral("rerun"), m_options.rerun},
                       {QStringLiteral("force"), m_options.force},
                       {QStringLiteral("spot_check_every"), m_options.spotCheckEvery},
                       {QStringLiteral("parallel"), m_options.parallel}};

    if (s.kind == QLatin1String("assess")) {
        // Every transcript that lacks a valid assessment from one of the judges (all with rerun).
        const auto all = m_store->transcripts();
        if (!all) {
            stop(Outcome::Failed, tr("the transcripts could not be read"), all.diagnostics());
            return;
        }
        m_queue.clear();
        QStringList uids;
        for (const TranscriptSummary &t : *all) {
            if (t.status == QLatin1String("generating") || t.status == QLatin1String("ending") || t.status == QLatin1String("failed"))
                continue;
            if (!m_options.only.isEmpty() && !m_options.only.contains(t.uid))
                continue;
            const auto existing = m_runs->assessments(t.uid);
            int valid = 0;
            if (existing) {
                for (const AssessmentRecord &a : *existing)
                    valid += (a.valid && s.judges.contains(a.judge)) ? 1 : 0;
            }
            if (m_options.rerun || valid < s.judges.size())
                uids.append(t.uid);
        }
        noticeSkipped(uids, tr("needs no assessment by these judges (or is not a finished transcript)"));
        config.insert(QStringLiteral("uids"), QJsonArray::fromStringList(uids));
        for (int i = 0; i < uids.size(); ++i)
            m_queue.append(i);
        m_options.count = int(uids.size());
    } else if (s.kind == QLatin1String("fixup")) {
        // Every assessed transcript that failed with a valid assessment and is not rejected, and
        // those a repair was under way on.
        const auto all = m_runs->placements();
        if (!all) {
            stop(Outcome::Failed, tr("the transcripts could not be read"), all.diagnostics());
            return;
        }
        QStringList uids;
        int assessed = 0;
        for (const TranscriptPlacement &t : *all) {
            if (t.status == QLatin1String("assessed") && t.assessment == QLatin1String("valid"))
                ++assessed;
            const bool failing = t.status == QLatin1String("assessed") && t.assessment == QLatin1String("valid") && !t.passed;
            const bool underWay = t.status == QLatin1String("fixing");
            const bool asked = m_options.only.isEmpty() || m_options.only.contains(t.uid);
            if ((failing || underWay) && t.rejected.isEmpty() && !t.humanRejected && asked)
                uids.append(t.uid);
        }
        const double share = assessed ? double(uids.size()) / assessed : 0;
        if (m_options.only.isEmpty() && assessed > 0 && share > s.project.manifest.fixup.warnShare)
            Q_EMIT notice(tr("%1 of %2 assessed transcripts (%3%) need repair, more than %4%: the generation prompts need "
                             "revision more than the transcripts need fixing")
                              .arg(uids.size())
                              .arg(assessed)
                              .arg(share * 100, 0, 'f', 0)
                              .arg(s.project.manifest.fixup.warnShare * 100, 0, 'f', 0));
        noticeSkipped(uids, tr("needs no repair (it passed, is not assessed yet, or was rejected)"));
        config.insert(QStringLiteral("uids"), QJsonArray::fromStringList(uids));
        for (int i = 0; i < uids.size(); ++i)
            m_queue.append(i);
        m_options.count = int(uids.size());
    } else {
        const auto generated = m_runs->generatedCount();
        if (!generated) {
            stop(Outcome::Failed, tr("the project database could not be read"), generated.diagnostics());
            return;
        }
        s.firstIndex = *generated;
        for (int i = 0; i < m_options.count; ++i)
            m_queue.append(i);
    }
    // The hash of every prompt and of the rubric, file by file: which file changed between two runs
    // is then plain from the runs alone.
    QJsonObject hashes;
    for (auto it = s.contentHashes.cbegin(); it != s.contentHashes.cend(); ++it)
        hashes.insert(it.key(), it.value());
    config.insert(QStringLiteral("content_hashes"), hashes);
    config.insert(QStringLiteral("count"), m_options.count);
    config.insert(QStringLiteral("first_index"), s.firstIndex);
    run.config = config;
    const auto id = m_runs->createRun(run);
    if (!id) {
        stop(Outcome::Failed, tr("the run could not be recorded"), id.diagnostics());
        return;
    }
    m_runId = *id;
    m_limit = int(m_queue.size());
    m_batches = overExistingTranscripts() ? BatchTracker(m_limit, std::max(1, m_limit)) : BatchTracker(m_limit, s.batchSize);

    // Scaling past the tight loop needs a batch of this prompt version that passed the gate and
    // that a human signed off.
    if (s.kind == QLatin1String("run") && m_options.count > s.batchSize && !m_options.force) {
        const double scaleAt = s.project.manifest.generation.gateScaleAt;
        const auto allowed = m_runs->hasSignedOffBatch(s.promptVersion, scaleAt);
        if (!allowed || !*allowed) {
            m_heldAtGate = true;
            m_limit = s.batchSize;
            Q_EMIT notice(tr("scaling needs a batch made with these prompts that passed at least %1% and was signed off by "
                             "a human; this run generates one batch of %2 (the tight loop). Review it, sign it off, then "
                             "run again (or pass --force).")
                              .arg(thresholdPercent(scaleAt))
                              .arg(s.batchSize));
        }
    }
    begin();
}

void RunEngine::noticeSkipped(const QStringList &queued, const QString &why)
{
    for (const QString &uid : std::as_const(m_options.only)) {
        if (!queued.contains(uid))
            Q_EMIT notice(tr("%1 is left alone: no such transcript, or it %2").arg(uid, why));
    }
}

void RunEngine::begin()
{
    m_running = true;
    m_progress.runId = m_runId;
    m_progress.state = QStringLiteral("running");
    m_progress.target = overExistingTranscripts() ? int(m_queue.size()) : m_options.count;
    Q_EMIT started(m_runId);
    emitProgress();
    // The work starts on the next pass of the event loop: nothing, not even finished(), is
    // emitted from inside start() or resume(), so callers may wire things up after calling them.
    QMetaObject::invokeMethod(
        this,
        [this] {
            pump();
            maybeFinish();
        },
        Qt::QueuedConnection);
}

void RunEngine::pump()
{
    if (!m_running || m_paused || m_stopping)
        return;
    const int window = std::max(1, m_options.parallel / std::max(1, m_setup->batchSize));
    while (m_queued < m_limit && m_active < std::max(1, m_options.parallel)) {
        const int index = m_queue[m_queued];
        // Batches are reported in order; a few ahead may be in the works, not the whole run.
        if (!overExistingTranscripts() && m_batches.batchOf(index) >= m_batches.reportedCount() + window)
            break;
        ++m_queued;
        startJob(index);
        if (m_stopping)
            return;
    }
}

void RunEngine::failStore(const Diagnostics &problems)
{
    stop(Outcome::Failed, tr("the project database could not be written"), problems);
}

void RunEngine::stop(Outcome outcome, const QString &summary, Diagnostics problems)
{
    if (m_stopping)
        return;
    m_stopping = outcome;
    m_stopSummary = summary;
    m_stopProblems = std::move(problems);
    m_progress.state = QStringLiteral("cancelling");
    // The calls are gathered first: a submitter may report a cancelled call at once, and its job can
    // end (and leave m_jobs) on the spot.
    QList<quint64> calls;
    for (const auto &[index, job] : m_jobs) {
        if (job->pendingTurn)
            calls.append(job->pendingTurn);
        for (quint64 id : std::as_const(job->judgeCalls))
            calls.append(id);
    }
    for (quint64 id : std::as_const(calls))
        m_llm->cancel(id);
    if (!m_running) {
        // Nothing was started: report on the next turn of the event loop, after callers connect.
        QMetaObject::invokeMethod(this, [this] { maybeFinish(); }, Qt::QueuedConnection);
        m_running = true;
        return;
    }
    maybeFinish();
}

void RunEngine::maybeFinish()
{
    if (!m_running)
        return;
    Outcome outcome;
    QString summary;
    if (m_stopping) {
        if (m_pendingCalls > 0)
            return;  // the cancelled calls still report back
        outcome = *m_stopping;
        summary = m_stopSummary;
    } else if (m_queued >= m_limit && m_jobs.empty()) {
        outcome = m_heldAtGate ? Outcome::StoppedAtGate : Outcome::Completed;
        summary = m_heldAtGate ? tr("one batch made; scaling waits for the gate") : tr("run %1 completed").arg(m_runId);
    } else {
        return;
    }
    m_running = false;
    if (m_runs && m_runId > 0) {
        const char *status = "completed";
        switch (outcome) {
        case Outcome::Completed:
            break;
        case Outcome::StoppedAtGate:
            status = "stopped";
            break;
        case Outcome::Cancelled:
            status = "cancelled";
            break;
        case Outcome::Failed:
            status = "interrupted";  // resumable once the cause is fixed
            break;
        }
        m_runs->setRunStatus(m_runId, QString::fromLatin1(status));
        if (m_setup) {
            const Status written = writeGenerationStats(*m_store, m_setup->project);
            if (!written)
                Q_EMIT notice(tr("generation_stats.md could not be written: %1").arg(written.errorText()));
        }
    }
    switch (outcome) {
    case Outcome::Completed:
        m_progress.state = QStringLiteral("completed");
        break;
    case Outcome::StoppedAtGate:
        m_progress.state = QStringLiteral("stopped");
        break;
    case Outcome::Cancelled:
        m_progress.state = QStringLiteral("cancelled");
        break;
    case Outcome::Failed:
        m_progress.state = QStringLiteral("failed");
        break;
    }
    Q_EMIT progressChanged(m_progress);
    Q_EMIT finished(outcome, summary, m_stopProblems);
}

void RunEngine::pause()
{
    if (!m_running || m_paused || m_stopping)
        return;
    m_paused = true;
    m_progress.state = QStringLiteral("paused");
    m_runs->setRunStatus(m_runId, QStringLiteral("paused"));
    emitProgress();
}

void RunEngine::unpause()
{
    if (!m_running || !m_paused)
        return;
    m_paused = false;
    m_progress.state = QStringLiteral("running");
    m_runs->setRunStatus(m_runId, QStringLiteral("running"));
    // Every job carries on with the step the pause held back.
    QList<int> held;
    for (const auto &[index, job] : m_jobs) {
        if (job->held)
            held.append(index);
    }
    for (int index : std::as_const(held)) {
        const auto it = m_jobs.find(index);
        if (it == m_jobs.end() || !it->second->held || m_paused || m_stopping)
            continue;
        Job &job = *it->second;
        const auto step = std::exchange(job.held, nullptr);
        (this->*step)(job);
    }
    pump();
    emitProgress();
    maybeFinish();
}

void RunEngine::cancel()
{
    if (m_running)
        stop(Outcome::Cancelled, tr("run %1 cancelled; `sift-cli resume` continues it").arg(m_runId));
}

void RunEngine::emitProgress()
{
    // At most a few updates a second: a progress bar needs no more, and a run makes thousands.
    if (m_progressQueued)
        return;
    m_progressQueued = true;
    QTimer::singleShot(100, this, [this] {
        m_progressQueued = false;
        Q_EMIT progressChanged(m_progress);
    });
}

} // namespace sift

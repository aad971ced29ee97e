#pragma once

#include "batchtracker.h"
#include "common/diagnostic.h"
#include "common/result.h"
#include "llm/chat.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace sift {

class ChatSubmitter;
class Project;
class ProjectStore;
class RunStore;

// What a run is asked to do. Defaults come from sift.yaml.
struct RunOptions
{
    QString kind = QStringLiteral("run");  // run (generate + assess) | generate | assess | fixup
    int count = 0;                         // transcripts to generate
    int batchSize = 0;                     // 0: generation.batch_size
    std::optional<qint64> seed;            // default: the project's seed
    QStringList judges;                    // default: roles.judges
    bool rerun = false;                    // assess: judge again, without the cache, what was judged
    bool force = false;                    // scale past the gates
    int spotCheckEvery = -1;               // spot-check reminders every N transcripts; -1: sift.yaml's
    int parallel = 32;                     // conversations generated at once
    QStringList only;                      // assess, fixup: just these transcripts (default: all that need it)
};

// Where a run stands, for progress bars and charts.
struct RunProgress
{
    qint64 runId = 0;
    QString state;  // running | paused | cancelling | completed | stopped | cancelled | failed
    int target = 0;
    int generated = 0;
    int assessed = 0;
    int passed = 0;
    int invalid = 0;
    int failed = 0;  // transcripts that could not be generated
    int fixed = 0;      // repairs accepted (fixup)
    int refused = 0;    // repairs the entailment check refused: cut before the failing exchange
    int truncated = 0;  // cut at a failed safety gate, or after repairs that did not make it pass
    int rejected = 0;
    int batchesReported = 0;
    double cumulativePassRate = 0;
    double rollingPassRate = 0;  // over the last three reported batches
    QHash<QString, int> criterionFailures;
    qint64 requests = 0;
    qint64 cacheHits = 0;
    qint64 retries = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 costMicroUsd = 0;
};

// Generates and assesses transcripts in the background: conversations in parallel, each turn stored
// as it completes, every judge's verdicts stored as they arrive, batches reported in order with the
// method's gate and drift warnings. Pause, unpause and cancel at any time; a run killed at any moment
// resumes from the database exactly where it stopped, without paying for anything twice.
//
// Lives on one thread (no GUI dependency): call it there, or through queued invocations of its slots
// (QMetaObject::invokeMethod(engine, "start", Qt::QueuedConnection, Q_ARG(sift::RunOptions, o)),
// or signals connected to them), and listen to its signals from anywhere. It opens its own
// connection to the project database, on the thread it runs on; one engine makes one run.
class RunEngine : public QObject
{
    Q_OBJECT
public:
    enum class Outcome { Completed, StoppedAtGate, Cancelled, Failed };
    Q_ENUM(Outcome)

    RunEngine(QString projectDir, ChatSubmitter *llm, QObject *parent = nullptr);
    ~RunEngine() override;

    bool isRunning() const { return m_running; }
    RunProgress progress() const { return m_progress; }
    qint64 runId() const { return m_runId; }

public Q_SLOTS:
    // Starts a new run; problems (an invalid project, an unknown judge) end it through finished().
    void start(const sift::RunOptions &options);
    // Continues the newest unfinished run, or `runId`.
    void resume(qint64 runId = 0);
    void pause();
    void unpause();
    void cancel();

Q_SIGNALS:
    void started(qint64 runId);
    void progressChanged(const sift::RunProgress &progress);
    void batchFinished(const sift::BatchReport &report);
    // Spot-check reminders, drift warnings, gate advice, transcripts that failed.
    void notice(const QString &text);
    void finished(sift::RunEngine::Outcome outcome, const QString &summary, const sift::Diagnostics &problems);

private:
    struct Job;
    struct Setup;

    bool prepare(Diagnostics &problems);
    void begin();
    void pump();
    void startJob(int index);
    // While paused, keeps `step` as the job's next one and returns true: a paused run sends nothing
    // new, while what is in flight lands.
    bool holdWhilePaused(Job &job, void (RunEngine::*step)(Job &));
    void advance(Job &job);
    void onTurn(int index, const ChatResult &result);
    void generationDone(Job &job);
    void assess(Job &job);
    void onVerdict(int index, const QString &judge, const ChatResult &result);
    void transcriptDone(Job &job);
    bool overExistingTranscripts() const;
    // A notice for each transcript asked for (RunOptions::only) that is not in `queued`.
    void noticeSkipped(const QStringList &queued, const QString &why);
    // Repair (kind fixup): plan, rewrite, check entailment, apply, assess again, and again while it
    // fails, within fixup.max_rounds.
    void repair(Job &job);
    // The job a repair reply belongs to when the reply is usable; nullptr when it was handled here.
    Job *repairReply(int index, const ChatResult &result, const QString &failureNotice);
    void onRewrite(int index, const ChatResult &result);
    void checkEntailment(Job &job);
    void onEntailment(int index, const ChatResult &result);
    void decide(Job &job, bool follows, const QString &explanation);
    void reloadAndAssess(Job &job);
    void reportBatches();
    void reportBatch(int batch);
    bool llmFailure(const ChatResult &result);
    void count(const ChatResult &result);
    quint64 submit(const QString &backend, ChatRequest request, std::function<void(const ChatResult &)> done);
    // A transcript's outcome from its stored assessments, under the run's judges and policy.
    Result<AssessedTranscript> outcomeOf(const QString &uid) const;
    void countOutcome(const AssessedTranscript &outcome);
    Result<BatchFigures> figuresOf(qint64 batchId) const;
    // A reported batch's pass rate for the rolling rate and the drift warnings (returned).
    QStringList observeBatch(const BatchFigures &figures);
    // Resuming: the figures of what the run did before it stopped, so progress, the rolling rate and
    // drift carry on from there instead of from zero.
    Status restoreProgress(const QList<RunTranscript> &existing);
    // A transcript a resumed run leaves alone: it was finished (assessed, or generated when only generating).
    bool finishedBefore(const RunTranscript &t) const;
    void stop(Outcome outcome, const QString &summary, Diagnostics problems = {});
    void maybeFinish();
    void failStore(const Diagnostics &problems);
    void emitProgress();
    QString uidFor(int index) const;

    QString m_dir;
    ChatSubmitter *m_llm;
    std::unique_ptr<Setup> m_setup;
    std::unique_ptr<ProjectStore> m_store;
    std::unique_ptr<RunStore> m_runs;
    std::map<int, std::unique_ptr<Job>> m_jobs;
    QList<int> m_queue;       // transcripts to work on, in order (new runs: 0..count-1)
    int m_queued = 0;         // how many of m_queue have been started
    int m_limit = 0;          // how many transcripts this run may start (the gate can lower it)
    BatchTracker m_batches;
    DriftMonitor m_drift;
    QList<double> m_batchPassRates;
    qint64 m_runId = 0;
    RunOptions m_options;
    RunProgress m_progress;
    int m_active = 0;         // conversations being generated
    int m_pendingCalls = 0;
    int m_consecutiveFailures = 0;
    bool m_running = false;
    bool m_paused = false;
    bool m_heldAtGate = false;
    std::optional<Outcome> m_stopping;
    QString m_stopSummary;
    Diagnostics m_stopProblems;
    bool m_progressQueued = false;
};

} // namespace sift

Q_DECLARE_METATYPE(sift::RunOptions)
Q_DECLARE_METATYPE(sift::RunProgress)
Q_DECLARE_METATYPE(sift::BatchReport)

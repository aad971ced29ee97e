#pragma once

#include "common/result.h"
#include "conversationshape.h"
#include "datasetselection.h"
#include "store/datasetrecords.h"

#include <QHash>
#include <QMap>

#include <atomic>
#include <functional>
#include <mutex>

namespace sift {

class DatasetAudit;
class ProjectStore;

// One pass over a project's training data, shared by the audit and the export: which transcripts are
// in (and why the others are not), their training part checked for shape, read from the database in
// one streaming query. Runs on whatever thread owns `store`.
class DatasetPipeline
{
public:
    using Progress = std::function<void(int done, int total)>;
    using Sink = std::function<void(const DatasetTranscript &, const TrainingConversation &)>;

    DatasetPipeline(ProjectStore &store, IncludeMode include, quint64 seed);

    Status load();
    const QList<DatasetTranscript> &transcripts() const { return m_transcripts; }
    int selectedCount() const { return m_selectedCount; }
    // Why transcripts were left out, with how many; filled by load() and run().
    const QMap<QString, int> &leftOut() const { return m_leftOut; }
    // Thread-safe: the sink calls it from its own thread.
    void leaveOut(const QString &reason)
    {
        std::lock_guard lock(m_leftOutMutex);
        ++m_leftOut[reason];
    }

    // Reads up to `transcripts` selected transcripts, drawn uniformly by an xxHash64 of their uid, for
    // the audit's phrase discovery, which run() does (DatasetAudit::addSample, then startCounting)
    // before the audit sees any transcript. Call it before run() when there is an audit.
    Status sample(int transcripts = 400);
    // Every selected transcript in id order: its training part goes to the audit (when given) and to
    // `sink`, each called on a thread of its own (in id order, one transcript at a time) while this
    // thread reads on; both have seen every transcript when run() returns. Returns early, with
    // `cancelled()` true, when `cancel` is set.
    Status run(DatasetAudit *audit, const Sink &sink, const Progress &progress, const std::atomic<bool> *cancel);
    bool cancelled() const { return m_cancelled; }

private:
    ProjectStore &m_store;
    IncludeMode m_include;
    quint64 m_seed;
    QList<DatasetTranscript> m_transcripts;
    QHash<qint64, qsizetype> m_selected;  // transcript id -> index in m_transcripts
    int m_selectedCount = 0;
    QMap<QString, int> m_leftOut;
    std::mutex m_leftOutMutex;
    QList<TrainingConversation> m_sample;
    bool m_cancelled = false;
};

} // namespace sift

#include "datasetpipeline.h"

#include "datasetaudit.h"
#include "store/datasetstore.h"
#include "store/projectstore.h"
#include "xxhash64.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace sift {

namespace {

// Hands conversations to a function on its own thread while the caller's thread goes on reading
// the database: the audit on one, slicing and writing on another, so reading, auditing and exporting
// overlap on the machine's cores. Conversations travel in batches through a bounded queue (memory
// stays bounded); their strings are shared, not copied.
class ConversationWorker
{
public:
    using Work = std::function<void(const DatasetTranscript &, const TrainingConversation &)>;
    // `prologue` runs first on the worker's thread (the audit's phrase discovery).
    explicit ConversationWorker(Work work, std::function<void()> prologue = {})
        : m_work(std::move(work)), m_prologue(std::move(prologue)), m_thread([this] { run(); })
    {
    }
    ~ConversationWorker() { finish(); }

    void add(const DatasetTranscript &transcript, const TrainingConversation &conversation)
    {
        m_batch.emplace_back(&transcript, conversation);
        if (m_batch.size() >= 256)
            flush();
    }
    // Hands over what is left, waits until the audit has seen everything, and stops the thread.
    void finish()
    {
        if (!m_thread.joinable())
            return;
        flush();
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_ready.notify_all();
        m_thread.join();
    }

private:
    using Batch = std::vector<std::pair<const DatasetTranscript *, TrainingConversation>>;

    void flush()
    {
        if (m_batch.empty())
            return;
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [this] { return m_queue.size() < 8; });
        m_queue.push_back(std::move(m_batch));
        m_batch = Batch();
        lock.unlock();
        m_ready.notify_one();
    }
    void run()
    {
        if (m_prologue)
            m_prologue();
        for (;;) {
            std::unique_lock lock(m_mutex);
            m_ready.wait(lock, [this] { return !m_queue.empty() || m_done; });
            if (m_queue.empty())
                return;
            Batch batch = std::move(m_queue.front());
            m_queue.pop_front();
            lock.unlock();
            m_space.notify_one();
            for (const auto &[transcript, conversation] : batch)
                m_work(*transcript, conversation);
        }
    }

    Work m_work;
    std::function<void()> m_prologue;
    Batch m_batch;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_space;
    std::deque<Batch> m_queue;
    bool m_done = false;
    std::thread m_thread;  // last: started once everything it uses exists
};

} // namespace

DatasetPipeline::DatasetPipeline(ProjectStore &store, IncludeMode include, quint64 seed)
    : m_store(store), m_include(include), m_seed(seed)
{
}

Status DatasetPipeline::load()
{
    auto transcripts = DatasetStore(m_store).transcripts();
    if (!transcripts)
        return Status::failure(transcripts.diagnostics());
    m_transcripts = std::move(*transcripts);
    m_selected.clear();
    m_leftOut.clear();
    for (qsizetype i = 0; i < m_transcripts.size(); ++i) {
        const QString reason = selection::exclusion(m_transcripts[i], m_include);
        if (reason.isEmpty())
            m_selected.insert(m_transcripts[i].id, i);
        else
            ++m_leftOut[reason];
    }
    m_selectedCount = int(m_selected.size());
    return Done{};
}

Status DatasetPipeline::sample(int transcripts)
{
    m_sample.clear();
    QList<QPair<quint64, qsizetype>> order;
    order.reserve(m_selected.size());
    for (auto it = m_selected.cbegin(); it != m_selected.cend(); ++it)
        order.append({xxHash64(m_transcripts[*it].uid, m_seed), *it});
    std::sort(order.begin(), order.end());
    DatasetStore store(m_store);
    for (qsizetype i = 0; i < order.size() && i < transcripts; ++i) {
        const DatasetTranscript &t = m_transcripts[order[i].second];
        auto messages = store.messages(t.id);
        if (!messages)
            return Status::failure(messages.diagnostics());
        const TrainingConversation conversation = TrainingConversation::from(std::move(*messages), t.truncatedAt);
        if (conversation.ok())
            m_sample.append(conversation);
    }
    return Done{};
}

Status DatasetPipeline::run(DatasetAudit *audit, const Sink &sink, const Progress &progress, const std::atomic<bool> *cancel)
{
    m_cancelled = false;
    int done = 0;
    const int total = m_selectedCount;
    if (progress)
        progress(0, total);
    auto wanted = [this](qint64 id) { return m_selected.contains(id); };
    std::optional<ConversationWorker> auditThread, sinkThread;
    if (audit)
        auditThread.emplace([audit](const DatasetTranscript &t, const TrainingConversation &c) { audit->add(t.uid, c); },
                            [this, audit] {
                                // Phrase discovery overlaps the first reads instead of delaying them.
                                for (const TrainingConversation &c : std::as_const(m_sample))
                                    audit->addSample(c);
                                audit->startCounting();
                            });
    if (sink)
        sinkThread.emplace(sink);
    const Status read = DatasetStore(m_store).forEachTranscript(wanted, [&](qint64 id, QList<Message> &messages) {
        const DatasetTranscript &t = m_transcripts[m_selected.value(id)];
        const TrainingConversation conversation = TrainingConversation::from(std::move(messages), t.truncatedAt);
        if (!conversation.ok()) {
            leaveOut(conversation.problem);
        } else {
            if (auditThread)
                auditThread->add(t, conversation);
            if (sinkThread)
                sinkThread->add(t, conversation);
        }
        ++done;
        if (progress && done % 500 == 0)
            progress(done, total);
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            m_cancelled = true;
            return false;
        }
        return true;
    });
    if (auditThread)
        auditThread->finish();
    if (sinkThread)
        sinkThread->finish();
    if (!read)
        return read;
    // A selected transcript with no turns at all never reaches the visitor.
    if (!m_cancelled && done < total)
        m_leftOut[TrainingConversation::from({}, -1).problem] += total - done;  // the workers have finished
    if (progress && !m_cancelled)
        progress(total, total);
    return Done{};
}

} // namespace sift

#include "datasetpipeline.h"

#include "datasetaudit.h"
#include "store/datasetstore.h"
#include "store/projectstore.h"
#include "xxhash64.h"

#include <algorithm>

namespace sift {

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

Status DatasetPipeline::sample(DatasetAudit &audit, int transcripts)
{
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
            audit.addSample(conversation);
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
    const Status read = DatasetStore(m_store).forEachTranscript(wanted, [&](qint64 id, QList<Message> &messages) {
        const DatasetTranscript &t = m_transcripts[m_selected.value(id)];
        const TrainingConversation conversation = TrainingConversation::from(std::move(messages), t.truncatedAt);
        if (!conversation.ok()) {
            ++m_leftOut[conversation.problem];
        } else {
            if (audit)
                audit->add(t.uid, conversation);
            if (sink)
                sink(t, conversation);
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
    if (!read)
        return read;
    // A selected transcript with no turns at all never reaches the visitor.
    if (!m_cancelled && done < total)
        m_leftOut[TrainingConversation::from({}, -1).problem] += total - done;
    if (progress && !m_cancelled)
        progress(total, total);
    return Done{};
}

} // namespace sift

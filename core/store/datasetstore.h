#pragma once

#include "common/result.h"
#include "datasetrecords.h"

#include <QSqlDatabase>

#include <functional>
#include <vector>

namespace sift {

class ProjectStore;

// The project database as audit, slicing and export read it: every transcript's standing in one
// query, and every turn in one streaming query ordered by transcript (never one query per
// transcript), so 100,000 transcripts are read in seconds with only one transcript in memory.
// Uses the store's connection (and so its thread).
class DatasetStore
{
public:
    explicit DatasetStore(ProjectStore &store);

    // Every transcript, in id order.
    Result<QList<DatasetTranscript>> transcripts() const;

    // Called once per transcript with its messages in order. Return false to stop early.
    using Visitor = std::function<bool(qint64 transcriptId, QList<Message> &messages)>;
    // Streams the turns of the transcripts whose id `wanted` accepts (others are skipped without
    // reading their text), in id order. Transcripts without turns are not visited.
    Status forEachTranscript(const std::function<bool(qint64)> &wanted, const Visitor &visit) const;
    // The turns of one transcript (for showing an example, or a few sampled transcripts).
    Result<QList<Message>> messages(qint64 transcriptId) const;

    // Accepted fixups, by transcript then turn.
    Result<QList<DatasetFixup>> acceptedFixups() const;

private:
    Diagnostic failure(const QString &what, const QString &detail) const;

    ProjectStore &m_store;
    QSqlDatabase m_db;
};

} // namespace sift

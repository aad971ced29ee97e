#pragma once

#include "store/datasetrecords.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace sift {

// Which stored transcripts are training data.
//  - passed (the default): transcripts whose assessment passed (a fixed transcript counts once it
//    passes again), that are finished and were not rejected;
//  - all: every finished transcript that was not rejected, for data curated elsewhere and imported.
// Never: a transcript rejected by a reviewer or marked rejected, one whose generation did not finish,
// and the samples bundled with Sift (illustrations of good and bad conversations, not training data).
enum class IncludeMode { Passed, All };

namespace selection {

QStringList includeNames();  // passed, all
std::optional<IncludeMode> includeFromName(const QString &name);
QString includeName(IncludeMode mode);

// Why the transcript is left out, as the dataset card lists it; empty when it is in.
QString exclusion(const DatasetTranscript &transcript, IncludeMode mode);

} // namespace selection

} // namespace sift

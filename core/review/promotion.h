#pragma once

#include "design/rubric.h"
#include "reviewstore.h"
#include "store/records.h"

namespace sift {

// A reviewed case turned into a calibration example for its criterion (finetune-generate: "add
// calibration examples if edge cases found"): the assistant reply the judge cited, the exchange
// before it as context, and as reasoning the reviewer's note, else (when the reviewer agreed) the
// judge's own; a disagreement without a note leaves the reasoning for the reviewer to write.
//
// The example's type is the right answer: a false positive becomes a FAIL example, a false
// negative a PASS example, an agreed answer keeps the judge's (YES: PASS, NO: FAIL, NA: NA).
CalibrationExample calibrationExampleFor(const TranscriptRecord &transcript, const CriterionVerdict &verdict,
                                         const CellFlag &flag);

// The message the example is about: the assistant reply at the cited turn, else the next one after
// it, else the last one before it; -1 when the transcript has no assistant reply.
int citedAssistantMessage(const TranscriptRecord &transcript, int turn);

} // namespace sift

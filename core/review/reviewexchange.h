#pragma once

#include "common/result.h"

#include <QByteArray>

namespace sift {

class ProjectStore;

struct ReviewImportCounts
{
    int flags = 0;
    int notes = 0;
};

// A project's human review as JSONL, so reviews done elsewhere (another copy of the project, a
// colleague's machine, a script) can be brought in. One object per line:
//   {"transcript": "t1", "judge": "j", "criterion": "AC1", "flag": "false_positive", "answer": "YES", "note": "..."}
//   {"transcript": "t1", "note": "...", "missing_criterion": "...", "rejected": "reason"}
// ("rejected" only when the transcript is rejected). Every flag and every transcript's notes.
Result<QByteArray> exportReview(ProjectStore &store);

// Brings in a file written by exportReview: all of it or nothing. Every bad line is reported with its
// line and column; a line naming a transcript the project does not have is an error. A flag replaces
// the one on the same cell; notes replace the transcript's notes.
Result<ReviewImportCounts> importReview(ProjectStore &store, const QString &path);

} // namespace sift

#pragma once

#include "records.h"

#include <QString>

namespace sift {

// What the dataset end of the pipeline needs to know about one transcript to decide whether it is
// training data, which side of the split it goes to, and how it is cut.
struct DatasetTranscript
{
    qint64 id = 0;      // the row id; turns and fixups refer to it
    QString uid;
    QString source;     // generated | import | sample
    QString status;     // generating | ending | generated | assessed | failed (imports: new)
    QString assessment; // valid | invalid | empty when never assessed
    int passed = -1;    // 1 passed, 0 failed, -1 never assessed
    int truncatedAt = -1;  // messages from this index on are not training data; -1: the whole transcript
    QString rejected;      // why it was rejected; empty when it was not
    bool humanRejected = false;  // a reviewer's reject flag (kind 'reject' without judge or criterion)
    QString persona;       // the persona's attributes as canonical compact JSON; empty when it has none
    QString promptVersion;
};

// An accepted repair: the stored turn is `after`, the original reply was `before`.
struct DatasetFixup
{
    qint64 transcriptId = 0;
    int turn = 0;
    QString before;
    QString after;
};

} // namespace sift

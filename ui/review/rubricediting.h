#pragma once

#include "design/document/designdocuments.h"

namespace sift {

// Where the Review workspace adds calibration examples: the rubric as the Design workspace has it
// open, so a promoted example is one more edit of that document (and in its history) rather than a
// second writer of the same file.
class RubricEditing
{
public:
    virtual ~RubricEditing() = default;
    // Null when no project is open or the rubric is not open for editing.
    virtual RubricDocument *rubricDocument() const = 0;
    // Writes a design file and lets the window read the project again; false (said why) on failure.
    virtual bool saveFile(const QString &relative) = 0;
};

} // namespace sift

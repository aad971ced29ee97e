#pragma once

#include "documenteditcommand.h"

namespace sift {

// Typing in the source view: consecutive characters typed or deleted on one line merge into one step.
class SourceEditCommand : public DocumentEditCommand
{
public:
    static constexpr int Id = 1001;
    SourceEditCommand(DesignDocument *document, const TextChange &change);
    int id() const override { return Id; }
    bool mergeWith(const QUndoCommand *other) override;
};

} // namespace sift

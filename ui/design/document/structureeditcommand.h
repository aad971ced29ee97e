#pragma once

#include "documenteditcommand.h"

namespace sift {

// Something added, removed, moved or toggled in a form: always its own undo step.
class StructureEditCommand : public DocumentEditCommand
{
public:
    using DocumentEditCommand::DocumentEditCommand;
};

} // namespace sift

#pragma once

#include "documenteditcommand.h"

namespace sift {

// The whole text replaced at once: revert, reload from disk, restore a prompt version.
class ReplaceTextCommand : public DocumentEditCommand
{
public:
    using DocumentEditCommand::DocumentEditCommand;
};

} // namespace sift

#include "fieldeditcommand.h"

namespace sift {

FieldEditCommand::FieldEditCommand(DesignDocument *document, const TextChange &change, const QString &text,
                                   QString mergeKey)
    : DocumentEditCommand(document, change, text), m_mergeKey(std::move(mergeKey))
{
}

bool FieldEditCommand::mergeWith(const QUndoCommand *other)
{
    if (other->id() != Id)
        return false;
    const auto *next = static_cast<const FieldEditCommand *>(other);
    if (next->m_document != m_document || next->m_mergeKey != m_mergeKey)
        return false;
    absorb(*next);
    return true;
}

} // namespace sift

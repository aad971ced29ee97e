#include "sourceeditcommand.h"

#include <QCoreApplication>

namespace sift {

SourceEditCommand::SourceEditCommand(DesignDocument *document, const TextChange &change)
    : DocumentEditCommand(document, change, QCoreApplication::translate("sift::SourceEditCommand", "Typing"))
{
}

bool SourceEditCommand::mergeWith(const QUndoCommand *other)
{
    if (other->id() != Id)
        return false;
    const auto *next = static_cast<const SourceEditCommand *>(other);
    if (next->m_document != m_document || next->m_changes.size() != 1)
        return false;
    const TextChange &last = m_changes.last();
    const TextChange &change = next->m_changes.first();
    const bool newLine =
        change.inserted.contains(QLatin1Char('\n')) || change.removed.contains(QLatin1Char('\n'));
    // One character typed right after the last one, or deleted right before it (backspace).
    const bool typing = change.removed.isEmpty() && change.inserted.size() == 1 && last.removed.isEmpty() &&
                        change.position == last.position + last.inserted.size();
    const bool deleting = change.inserted.isEmpty() && change.removed.size() == 1 &&
                          last.inserted.isEmpty() && change.position + 1 == last.position;
    if (newLine || !(typing || deleting))
        return false;
    absorb(*next);
    return true;
}

} // namespace sift

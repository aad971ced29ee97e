#include "documenteditcommand.h"

#include "designdocument.h"

namespace sift {

DocumentEditCommand::DocumentEditCommand(DesignDocument *document, const TextChange &change,
                                         const QString &text)
    : QUndoCommand(text), m_document(document), m_changes{change}
{
}

void DocumentEditCommand::redo()
{
    for (const TextChange &change : std::as_const(m_changes))
        m_document->applyChange(change);
}

void DocumentEditCommand::undo()
{
    for (auto it = m_changes.crbegin(); it != m_changes.crend(); ++it)
        m_document->applyChange(it->inverted());
}

void DocumentEditCommand::absorb(const DocumentEditCommand &other)
{
    m_changes += other.m_changes;
}

} // namespace sift

#pragma once

#include "common/textchange.h"

#include <QList>
#include <QUndoCommand>

namespace sift {

class DesignDocument;

// An edit of a design document, recorded as the exact text it replaced and inserted, so undo
// restores every character (comments, quoting, spacing) rather than re-writing the file. The
// subclasses say which edits merge into one undo step.
class DocumentEditCommand : public QUndoCommand
{
public:
    DocumentEditCommand(DesignDocument *document, const TextChange &change, const QString &text);

    void redo() override;
    void undo() override;

    const QList<TextChange> &changes() const { return m_changes; }

protected:
    // Takes over `other`'s changes (applied after this command's).
    void absorb(const DocumentEditCommand &other);

    DesignDocument *m_document;
    QList<TextChange> m_changes;
};

} // namespace sift

#pragma once

#include "documenteditcommand.h"

namespace sift {

// A value typed into a form field: consecutive edits of the same field (the same merge key)
// merge, so typing "0.65" is one undo step, not four.
class FieldEditCommand : public DocumentEditCommand
{
public:
    static constexpr int Id = 1002;
    FieldEditCommand(DesignDocument *document, const TextChange &change, const QString &text,
                     QString mergeKey);
    int id() const override { return m_mergeKey.isEmpty() ? -1 : Id; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    QString m_mergeKey;
};

} // namespace sift

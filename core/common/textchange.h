#pragma once

#include <QString>

namespace sift {

// One replacement in a text: at `position`, `removed` became `inserted`. Editors record edits this
// way so undo restores the exact characters (comments, spacing, quoting) and not a re-written text.
struct TextChange
{
    qsizetype position = 0;
    QString removed;
    QString inserted;

    bool isEmpty() const { return removed.isEmpty() && inserted.isEmpty(); }
    // The smallest change turning `before` into `after` (their common prefix and suffix are kept).
    static TextChange between(const QString &before, const QString &after);
    // `text` with this change applied; `text` must hold `removed` at `position`.
    QString applyTo(const QString &text) const;
    bool appliesTo(const QString &text) const;
    TextChange inverted() const { return {position, inserted, removed}; }

    friend bool operator==(const TextChange &, const TextChange &) = default;
};

} // namespace sift

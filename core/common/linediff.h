#pragma once

#include <QList>
#include <QString>

namespace sift {

// One row of a side-by-side comparison of two texts: a line kept, changed, removed or added, with
// its 1-based line numbers on each side (0 where the side has no line).
struct DiffRow
{
    enum class Kind { Same, Changed, Removed, Added };
    Kind kind = Kind::Same;
    QString left;
    QString right;
    int leftLine = 0;
    int rightLine = 0;

    friend bool operator==(const DiffRow &, const DiffRow &) = default;
};

// Compares two texts line by line (longest common subsequence), for the side-by-side diff of prompt
// versions. Neighbouring removed and added lines are paired into changed rows so the two sides line up.
class LineDiff
{
public:
    static QList<DiffRow> compare(const QString &oldText, const QString &newText);
    // How many rows are not Same.
    static int changedRows(const QList<DiffRow> &rows);
};

} // namespace sift

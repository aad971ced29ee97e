#include "linediff.h"

#include <QStringList>
#include <vector>

namespace sift {

namespace {

QStringList splitLines(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();  // a final newline ends the last line; it does not start another
    return lines;
}

struct Step
{
    enum Kind { Keep, Remove, Add } kind;
    int oldIndex;
    int newIndex;
};

// Longest common subsequence over the lines between the common prefix and suffix. Prompts are a few
// hundred lines, so the quadratic table is small; past a bound everything in the middle is "changed".
QList<Step> diffSteps(const QStringList &a, const QStringList &b)
{
    QList<Step> steps;
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
        steps.append({Step::Keep, prefix, prefix});
        ++prefix;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    const int n = int(a.size()) - prefix - suffix;
    const int m = int(b.size()) - prefix - suffix;
    constexpr qint64 MaxCells = 4'000'000;
    if (qint64(n + 1) * (m + 1) > MaxCells) {
        for (int i = 0; i < n; ++i)
            steps.append({Step::Remove, prefix + i, -1});
        for (int j = 0; j < m; ++j)
            steps.append({Step::Add, -1, prefix + j});
    } else {
        // lcs[i][j]: length of the LCS of a[prefix+i..] and b[prefix+j..].
        std::vector<int> lcs(size_t(n + 1) * size_t(m + 1), 0);
        auto at = [&](int i, int j) -> int & { return lcs[size_t(i) * size_t(m + 1) + size_t(j)]; };
        for (int i = n - 1; i >= 0; --i) {
            for (int j = m - 1; j >= 0; --j)
                at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
        }
        int i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                steps.append({Step::Keep, prefix + i, prefix + j});
                ++i;
                ++j;
            } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
                steps.append({Step::Add, -1, prefix + j});
                ++j;
            } else {
                steps.append({Step::Remove, prefix + i, -1});
                ++i;
            }
        }
    }
    for (int k = 0; k < suffix; ++k)
        steps.append({Step::Keep, int(a.size()) - suffix + k, int(b.size()) - suffix + k});
    return steps;
}

} // namespace

QList<DiffRow> LineDiff::compare(const QString &oldText, const QString &newText)
{
    const QStringList a = splitLines(oldText);
    const QStringList b = splitLines(newText);
    const QList<Step> steps = diffSteps(a, b);
    QList<DiffRow> rows;
    for (int k = 0; k < steps.size();) {
        if (steps[k].kind == Step::Keep) {
            rows.append({DiffRow::Kind::Same, a[steps[k].oldIndex], b[steps[k].newIndex], steps[k].oldIndex + 1,
                         steps[k].newIndex + 1});
            ++k;
            continue;
        }
        // A run of removals and additions: pair them up as changed lines, the rest stand alone.
        QList<int> removed, added;
        while (k < steps.size() && steps[k].kind != Step::Keep) {
            if (steps[k].kind == Step::Remove)
                removed.append(steps[k].oldIndex);
            else
                added.append(steps[k].newIndex);
            ++k;
        }
        const qsizetype paired = std::min(removed.size(), added.size());
        for (qsizetype p = 0; p < paired; ++p)
            rows.append({DiffRow::Kind::Changed, a[removed[p]], b[added[p]], removed[p] + 1, added[p] + 1});
        for (qsizetype p = paired; p < removed.size(); ++p)
            rows.append({DiffRow::Kind::Removed, a[removed[p]], QString(), removed[p] + 1, 0});
        for (qsizetype p = paired; p < added.size(); ++p)
            rows.append({DiffRow::Kind::Added, QString(), b[added[p]], 0, added[p] + 1});
    }
    return rows;
}

int LineDiff::changedRows(const QList<DiffRow> &rows)
{
    int changed = 0;
    for (const DiffRow &row : rows)
        changed += row.kind == DiffRow::Kind::Same ? 0 : 1;
    return changed;
}

} // namespace sift

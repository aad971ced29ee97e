#pragma once

#include "taxonomy.h"

#include <QList>

namespace sift {

// Addresses the parts of a taxonomy by position: {d} is dimension d, {d, v} its value v,
// {d, v, s} that value's subtopic s, and so on. What an editor needs to select, add, remove and
// move dimensions and values (nested subtopics included).
class TaxonomyPath
{
public:
    using Path = QList<int>;

    static const TaxonomyDimension *dimension(const Taxonomy &taxonomy, const Path &path);
    static const TaxonomyValue *value(const Taxonomy &taxonomy, const Path &path);
    static TaxonomyValue *value(Taxonomy &taxonomy, const Path &path);
    // The values under `parent`: a dimension's values ({d}) or a value's subtopics ({d, v, ...}).
    static QList<TaxonomyValue> *children(Taxonomy &taxonomy, const Path &parent);
    static const QList<TaxonomyValue> *children(const Taxonomy &taxonomy, const Path &parent);

    // Moves the dimension or value at `from` to position `row` under `toParent` ({} for dimensions,
    // otherwise a dimension or value). A value moved among siblings that already use its id gets a
    // free one ("billing_2"). False when the move is not possible (a dimension under a value, a
    // value into itself). `moved` receives the path it ends up at.
    static bool move(Taxonomy &taxonomy, const Path &from, const Path &toParent, int row,
                     Path *moved = nullptr);
    static bool remove(Taxonomy &taxonomy, const Path &path);

    // `base`, or base_2, base_3, ... whichever `taken` does not hold.
    static QString uniqueId(const QStringList &taken, const QString &base);
    static QStringList ids(const QList<TaxonomyValue> &values);

    // Where the dimension or value was read from.
    static SourcePos position(const Taxonomy &taxonomy, const Path &path);
    // Every dimension and value in the order they appear in the file, with the line each starts on.
    static QList<QPair<Path, int>> linesInOrder(const Taxonomy &taxonomy);
    // The dimension or value whose text holds `line`: the last one starting at or before it.
    static Path at(const Taxonomy &taxonomy, int line);
};

} // namespace sift

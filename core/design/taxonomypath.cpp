#include "taxonomypath.h"

#include <algorithm>

namespace sift {

namespace {
void collect(const QList<TaxonomyValue> &values, const TaxonomyPath::Path &parent,
             QList<QPair<TaxonomyPath::Path, int>> &out)
{
    for (int i = 0; i < values.size(); ++i) {
        TaxonomyPath::Path path = parent;
        path.append(i);
        out.append({path, values[i].pos.line});
        collect(values[i].subtopics, path, out);
    }
}
} // namespace

const TaxonomyDimension *TaxonomyPath::dimension(const Taxonomy &taxonomy, const Path &path)
{
    if (path.isEmpty() || path[0] < 0 || path[0] >= taxonomy.dimensions.size())
        return nullptr;
    return &taxonomy.dimensions[path[0]];
}

const QList<TaxonomyValue> *TaxonomyPath::children(const Taxonomy &taxonomy, const Path &parent)
{
    const TaxonomyDimension *d = dimension(taxonomy, parent);
    if (!d)
        return nullptr;
    const QList<TaxonomyValue> *list = &d->values;
    for (int i = 1; i < parent.size(); ++i) {
        if (parent[i] < 0 || parent[i] >= list->size())
            return nullptr;
        list = &(*list)[parent[i]].subtopics;
    }
    return list;
}

QList<TaxonomyValue> *TaxonomyPath::children(Taxonomy &taxonomy, const Path &parent)
{
    if (parent.isEmpty() || parent[0] < 0 || parent[0] >= taxonomy.dimensions.size())
        return nullptr;
    QList<TaxonomyValue> *list = &taxonomy.dimensions[parent[0]].values;
    for (int i = 1; i < parent.size(); ++i) {
        if (parent[i] < 0 || parent[i] >= list->size())
            return nullptr;
        list = &(*list)[parent[i]].subtopics;
    }
    return list;
}

const TaxonomyValue *TaxonomyPath::value(const Taxonomy &taxonomy, const Path &path)
{
    if (path.size() < 2)
        return nullptr;
    const QList<TaxonomyValue> *siblings = children(taxonomy, path.mid(0, path.size() - 1));
    if (!siblings || path.last() < 0 || path.last() >= siblings->size())
        return nullptr;
    return &(*siblings)[path.last()];
}

TaxonomyValue *TaxonomyPath::value(Taxonomy &taxonomy, const Path &path)
{
    if (path.size() < 2)
        return nullptr;
    QList<TaxonomyValue> *siblings = children(taxonomy, path.mid(0, path.size() - 1));
    if (!siblings || path.last() < 0 || path.last() >= siblings->size())
        return nullptr;
    return &(*siblings)[path.last()];
}

QStringList TaxonomyPath::ids(const QList<TaxonomyValue> &values)
{
    QStringList out;
    for (const TaxonomyValue &v : values)
        out.append(v.id);
    return out;
}

QString TaxonomyPath::uniqueId(const QStringList &taken, const QString &base)
{
    if (!taken.contains(base))
        return base;
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1_%2").arg(base).arg(n);
        if (!taken.contains(candidate))
            return candidate;
    }
}

bool TaxonomyPath::move(Taxonomy &taxonomy, const Path &from, const Path &toParent, int row, Path *moved)
{
    if (from.size() == 1) {
        // Dimensions only move among dimensions.
        if (!toParent.isEmpty() || !dimension(taxonomy, from))
            return false;
        int target =
            std::clamp(row < 0 ? int(taxonomy.dimensions.size()) : row, 0, int(taxonomy.dimensions.size()));
        if (target > from[0])
            --target;
        taxonomy.dimensions.move(from[0], target);
        if (moved)
            *moved = {target};
        return true;
    }
    if (toParent.isEmpty() || !value(taxonomy, from))
        return false;
    // Not into itself or anything under it.
    if (toParent.size() >= from.size() && toParent.mid(0, from.size()) == from)
        return false;
    const Path fromParent = from.mid(0, from.size() - 1);
    if (!children(taxonomy, toParent))
        return false;

    QList<TaxonomyValue> *source = children(taxonomy, fromParent);
    TaxonomyValue item = source->takeAt(from.last());
    // Removing the item shifts later siblings of its parent up by one; the target path may run
    // through one of them.
    Path target = toParent;
    if (target.size() >= from.size() && target.mid(0, from.size() - 1) == fromParent &&
        target[from.size() - 1] > from.last())
        --target[from.size() - 1];
    QList<TaxonomyValue> *destination = children(taxonomy, target);
    int at = row < 0 ? int(destination->size()) : row;
    if (target == fromParent && at > from.last())
        --at;
    at = std::clamp(at, 0, int(destination->size()));
    if (target != fromParent)
        item.id = uniqueId(ids(*destination), item.id);
    destination->insert(at, item);
    if (moved) {
        *moved = target;
        moved->append(at);
    }
    return true;
}

bool TaxonomyPath::remove(Taxonomy &taxonomy, const Path &path)
{
    if (path.size() == 1) {
        if (!dimension(taxonomy, path))
            return false;
        taxonomy.dimensions.removeAt(path[0]);
        return true;
    }
    QList<TaxonomyValue> *siblings = children(taxonomy, path.mid(0, path.size() - 1));
    if (!siblings || path.last() < 0 || path.last() >= siblings->size())
        return false;
    siblings->removeAt(path.last());
    return true;
}

SourcePos TaxonomyPath::position(const Taxonomy &taxonomy, const Path &path)
{
    if (path.size() == 1) {
        const TaxonomyDimension *d = dimension(taxonomy, path);
        return d ? d->pos : SourcePos{};
    }
    const TaxonomyValue *v = value(taxonomy, path);
    return v ? v->pos : SourcePos{};
}

QList<QPair<TaxonomyPath::Path, int>> TaxonomyPath::linesInOrder(const Taxonomy &taxonomy)
{
    QList<QPair<Path, int>> out;
    for (int d = 0; d < taxonomy.dimensions.size(); ++d) {
        out.append({Path{d}, taxonomy.dimensions[d].pos.line});
        collect(taxonomy.dimensions[d].values, Path{d}, out);
    }
    return out;
}

TaxonomyPath::Path TaxonomyPath::at(const Taxonomy &taxonomy, int line)
{
    Path found;
    int foundLine = 0;
    for (const auto &[path, start] : linesInOrder(taxonomy)) {
        if (start > 0 && start <= line && start >= foundLine) {
            found = path;
            foundLine = start;
        }
    }
    return found;
}

} // namespace sift

#include "taxonomytreemodel.h"

#include "common/inlineissues.h"
#include "common/sharebardelegate.h"

#include <QMimeData>
#include <QStringList>

namespace sift {

namespace {
double sum(const QList<TaxonomyValue> &values)
{
    double total = 0;
    for (const TaxonomyValue &v : values)
        total += std::max(0.0, v.weight);
    return total;
}

QString pathKey(const TaxonomyPath::Path &path)
{
    QStringList parts;
    for (const int i : path)
        parts.append(QString::number(i));
    return parts.join(QLatin1Char('/'));
}

// A row's tooltip, and below it what validation found there.
QString withFindings(const QString &tip, const Diagnostics &findings)
{
    return findings.isEmpty() ? tip : tip + QLatin1Char('\n') + InlineIssues::summary(findings);
}

void shapeOfValues(const QList<TaxonomyValue> &values, QList<int> prefix, QList<QList<int>> &out)
{
    out.append(prefix + QList<int>{int(values.size())});
    for (int i = 0; i < values.size(); ++i)
        shapeOfValues(values[i].subtopics, prefix + QList<int>{i}, out);
}
} // namespace

TaxonomyTreeModel::TaxonomyTreeModel(TaxonomyDocument *document, QObject *parent)
    : QAbstractItemModel(parent), m_document(document), m_taxonomy(document->model()),
      m_findings(findingsOf(m_taxonomy, document->diagnostics()))
{
    for (int d = 0; d < m_taxonomy.dimensions.size(); ++d) {
        auto node = std::make_unique<Node>();
        node->parent = &m_root;
        node->row = d;
        build(*node, m_taxonomy.dimensions[d].values);
        m_root.children.push_back(std::move(node));
    }
    connect(document, &DesignDocument::textChanged, this, &TaxonomyTreeModel::sync);
}

TaxonomyTreeModel::~TaxonomyTreeModel() = default;

void TaxonomyTreeModel::build(Node &node, const QList<TaxonomyValue> &values)
{
    node.children.clear();
    for (int i = 0; i < values.size(); ++i) {
        auto child = std::make_unique<Node>();
        child->parent = &node;
        child->row = i;
        build(*child, values[i].subtopics);
        node.children.push_back(std::move(child));
    }
}

QList<QList<int>> TaxonomyTreeModel::shapeOf(const Taxonomy &taxonomy)
{
    QList<QList<int>> out{{int(taxonomy.dimensions.size())}};
    for (int d = 0; d < taxonomy.dimensions.size(); ++d)
        shapeOfValues(taxonomy.dimensions[d].values, {d}, out);
    return out;
}

QHash<TaxonomyPath::Path, Diagnostics> TaxonomyTreeModel::findingsOf(const Taxonomy &taxonomy,
                                                                   const Diagnostics &diagnostics)
{
    QHash<TaxonomyPath::Path, Diagnostics> out;
    if (diagnostics.isEmpty())
        return out;
    const QList<QPair<TaxonomyPath::Path, int>> starts = TaxonomyPath::linesInOrder(taxonomy);
    for (const auto &[path, start] : starts) {
        if (start <= 0)
            continue;
        int end = 0;
        for (const auto &[other, line] : starts) {
            if (line > start && (end == 0 || line < end))
                end = line;
        }
        const Diagnostics own = diagnosticsBetween(diagnostics, start, end);
        if (!own.isEmpty())
            out.insert(path, own);
    }
    return out;
}

void TaxonomyTreeModel::sync()
{
    const Taxonomy &updated = m_document->model();
    QHash<TaxonomyPath::Path, Diagnostics> findings = findingsOf(updated, m_document->diagnostics());
    const bool sameFindings = findings == m_findings;
    if (updated == m_taxonomy && shapeOf(updated) == shapeOf(m_taxonomy) && sameFindings)
        return;
    if (shapeOf(updated) == shapeOf(m_taxonomy)) {
        // Same rows: values changed in place, so selection, expansion and editors stay put.
        m_taxonomy = updated;
        m_findings = std::move(findings);
        emitDataChanged(m_root);
        return;
    }
    beginResetModel();
    m_taxonomy = updated;
    m_findings = std::move(findings);
    m_root.children.clear();
    for (int d = 0; d < m_taxonomy.dimensions.size(); ++d) {
        auto node = std::make_unique<Node>();
        node->parent = &m_root;
        node->row = d;
        build(*node, m_taxonomy.dimensions[d].values);
        m_root.children.push_back(std::move(node));
    }
    endResetModel();
}

void TaxonomyTreeModel::emitDataChanged(const Node &node)
{
    if (node.children.empty())
        return;
    const QModelIndex parentIndex =
        &node == &m_root ? QModelIndex() : createIndex(node.row, 0, const_cast<Node *>(&node));
    Q_EMIT dataChanged(index(0, 0, parentIndex),
                       index(int(node.children.size()) - 1, ColumnCount - 1, parentIndex));
    for (const auto &child : node.children)
        emitDataChanged(*child);
}

TaxonomyTreeModel::Node *TaxonomyTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : const_cast<Node *>(&m_root);
}

TaxonomyPath::Path TaxonomyTreeModel::pathOf(const Node *node) const
{
    TaxonomyPath::Path path;
    for (const Node *n = node; n && n != &m_root; n = n->parent)
        path.prepend(n->row);
    return path;
}

TaxonomyPath::Path TaxonomyTreeModel::pathOf(const QModelIndex &index) const
{
    return index.isValid() ? pathOf(nodeOf(index)) : TaxonomyPath::Path{};
}

QModelIndex TaxonomyTreeModel::indexForPath(const TaxonomyPath::Path &path, int column) const
{
    QModelIndex current;
    for (const int row : path) {
        current = index(row, 0, current);
        if (!current.isValid())
            return {};
    }
    return column == 0 || !current.isValid() ? current : current.siblingAtColumn(column);
}

QModelIndex TaxonomyTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0 || (parent.isValid() && parent.column() != 0))
        return {};
    const Node *p = nodeOf(parent);
    if (row >= int(p->children.size()))
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex TaxonomyTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *p = nodeOf(child)->parent;
    if (!p || p == &m_root)
        return {};
    return createIndex(p->row, 0, const_cast<Node *>(p));
}

int TaxonomyTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int TaxonomyTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

double TaxonomyTreeModel::siblingShare(const Taxonomy &taxonomy, const TaxonomyPath::Path &path)
{
    const TaxonomyValue *v = TaxonomyPath::value(taxonomy, path);
    const QList<TaxonomyValue> *siblings = TaxonomyPath::children(taxonomy, path.mid(0, path.size() - 1));
    if (!v || !siblings)
        return 0;
    const double total = sum(*siblings);
    return total > 0 ? std::max(0.0, v->weight) / total : 0;
}

double TaxonomyTreeModel::dimensionShare(const Taxonomy &taxonomy, const TaxonomyPath::Path &path)
{
    double share = 1;
    for (int depth = 2; depth <= path.size(); ++depth)
        share *= siblingShare(taxonomy, path.mid(0, depth));
    return share;
}

QVariant TaxonomyTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const TaxonomyPath::Path path = pathOf(index);
    if (role == PathRole)
        return QVariant::fromValue(path);
    if (path.size() == 1) {
        const TaxonomyDimension *d = TaxonomyPath::dimension(m_taxonomy, path);
        if (!d)
            return {};
        switch (role) {
        case Qt::DisplayRole:
        case Qt::EditRole:
            if (index.column() == NameColumn)
                return d->id;
            if (index.column() == DescriptionColumn && role == Qt::DisplayRole)
                return d->description.isEmpty() ? tr("(%1)").arg(d->kind)
                                                : tr("(%1) %2").arg(d->kind, d->description);
            return {};
        case Qt::FontRole:
            if (index.column() == NameColumn) {
                QFont bold;
                bold.setBold(true);
                return bold;
            }
            return {};
        case Qt::DecorationRole:
            return index.column() == NameColumn ? InlineIssues::rowDecoration(findings(path)) : QVariant();
        case Qt::ToolTipRole:
            return withFindings(tr("Dimension %1, kind %2").arg(d->id, d->kind), findings(path));
        default:
            return {};
        }
    }
    const TaxonomyValue *v = TaxonomyPath::value(m_taxonomy, path);
    if (!v)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return v->id;
        case WeightColumn:
            return QString::number(v->weight, 'g', 6);
        case ShareColumn:
            return QStringLiteral("%1%").arg(siblingShare(m_taxonomy, path) * 100, 0, 'f', 1);
        case DescriptionColumn:
            return v->description;
        default:
            return {};
        }
    case Qt::EditRole:
        if (index.column() == NameColumn)
            return v->id;
        if (index.column() == WeightColumn)
            return v->weight;
        if (index.column() == DescriptionColumn)
            return v->description;
        return {};
    case ShareBarDelegate::ShareRole:
        return index.column() == ShareColumn ? QVariant(siblingShare(m_taxonomy, path)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == WeightColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::DecorationRole:
        return index.column() == NameColumn ? InlineIssues::rowDecoration(findings(path)) : QVariant();
    case Qt::ToolTipRole:
        return withFindings(tr("%1: %2% of its siblings, %3% of all scenarios of its dimension")
                                .arg(v->id)
                                .arg(siblingShare(m_taxonomy, path) * 100, 0, 'f', 1)
                                .arg(dimensionShare(m_taxonomy, path) * 100, 0, 'f', 1),
                            findings(path));
    default:
        return {};
    }
}

bool TaxonomyTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    const TaxonomyPath::Path path = pathOf(index);
    if (index.column() == WeightColumn) {
        bool ok = false;
        const double weight = value.toDouble(&ok);
        if (!ok)
            return false;
        return m_document->edit(DesignDocument::EditKind::Field, tr("Change weight"),
                                QStringLiteral("taxonomy-weight:") + pathKey(path), [&](Taxonomy &t) {
                                    if (TaxonomyValue *v = TaxonomyPath::value(t, path))
                                        v->weight = weight;
                                });
    }
    if (index.column() == DescriptionColumn) {
        const QString text = value.toString();
        return m_document->edit(DesignDocument::EditKind::Field, tr("Change description"), QString(),
                                [&](Taxonomy &t) {
                                    if (TaxonomyValue *v = TaxonomyPath::value(t, path))
                                        v->description = text;
                                });
    }
    // Renaming: an id must be non-empty and not used by a sibling, or the YAML would hold the key twice.
    const QString id = value.toString().trimmed();
    if (id.isEmpty())
        return false;
    if (path.size() == 1) {
        for (int d = 0; d < m_taxonomy.dimensions.size(); ++d) {
            if (d != path[0] && m_taxonomy.dimensions[d].id == id)
                return false;
        }
        return m_document->edit(DesignDocument::EditKind::Structure, tr("Rename dimension"), QString(),
                                [&](Taxonomy &t) { t.dimensions[path[0]].id = id; });
    }
    const QList<TaxonomyValue> *siblings = TaxonomyPath::children(m_taxonomy, path.mid(0, path.size() - 1));
    for (int i = 0; siblings && i < siblings->size(); ++i) {
        if (i != path.last() && (*siblings)[i].id == id)
            return false;
    }
    return m_document->edit(DesignDocument::EditKind::Structure, tr("Rename value"), QString(),
                            [&](Taxonomy &t) {
                                if (TaxonomyValue *v = TaxonomyPath::value(t, path))
                                    v->id = id;
                            });
}

Qt::ItemFlags TaxonomyTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // dimensions can be dropped at the top level
    Qt::ItemFlags f =
        Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled;
    const bool isValue = pathOf(index).size() > 1;
    if (index.column() == NameColumn ||
        (isValue && (index.column() == WeightColumn || index.column() == DescriptionColumn)))
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant TaxonomyTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Dimension / value");
    case WeightColumn:
        return tr("Weight");
    case ShareColumn:
        return tr("Share");
    case DescriptionColumn:
        return tr("Description");
    default:
        return {};
    }
}

Qt::DropActions TaxonomyTreeModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions TaxonomyTreeModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

QStringList TaxonomyTreeModel::mimeTypes() const
{
    return {MimeType};
}

QMimeData *TaxonomyTreeModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    QStringList parts;
    for (const int i : pathOf(indexes.first()))
        parts.append(QString::number(i));
    auto *data = new QMimeData;
    data->setData(MimeType, parts.join(QLatin1Char(',')).toUtf8());
    return data;
}

std::optional<TaxonomyPath::Path> TaxonomyTreeModel::decode(const QMimeData *data) const
{
    if (!data || !data->hasFormat(MimeType))
        return std::nullopt;
    TaxonomyPath::Path path;
    for (const QByteArray &part : data->data(MimeType).split(',')) {
        bool ok = false;
        path.append(part.toInt(&ok));
        if (!ok)
            return std::nullopt;
    }
    return path;
}

bool TaxonomyTreeModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                        const QModelIndex &parent) const
{
    const auto from = decode(data);
    if (action != Qt::MoveAction || !from || from->isEmpty())
        return false;
    const TaxonomyPath::Path toParent = pathOf(parent);
    if (from->size() == 1)
        return toParent.isEmpty();
    return !toParent.isEmpty() &&
           !(toParent.size() >= from->size() && toParent.mid(0, from->size()) == *from);
}

bool TaxonomyTreeModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                     const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    // The view asks the model to remove the dragged rows after a move; this model's removeRows()
    // does nothing, because the move is already one edit of the document.
    return moveNode(*decode(data), pathOf(parent), row);
}

bool TaxonomyTreeModel::moveNode(const TaxonomyPath::Path &from, const TaxonomyPath::Path &toParent, int row)
{
    Taxonomy trial = m_taxonomy;
    TaxonomyPath::Path moved;
    if (!TaxonomyPath::move(trial, from, toParent, row, &moved) || trial == m_taxonomy)
        return false;
    const bool done = m_document->edit(DesignDocument::EditKind::Structure,
                                       from.size() == 1 ? tr("Move dimension") : tr("Move value"), QString(),
                                       [&](Taxonomy &t) { TaxonomyPath::move(t, from, toParent, row); });
    if (done)
        Q_EMIT nodeMoved(moved);
    return done;
}

} // namespace sift

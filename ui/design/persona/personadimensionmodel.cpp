#include "personadimensionmodel.h"

#include "common/inlineissues.h"
#include "common/sharebardelegate.h"


namespace sift {

// Index ids: 0 for a dimension row, dimension + 1 for an option row (its parent's row).
PersonaDimensionModel::PersonaDimensionModel(PersonaDocument *document, QObject *parent)
    : QAbstractItemModel(parent), m_document(document), m_dimensions(document->model().dimensions),
      m_findings(findingsOf(document->model(), document->diagnostics()))
{
    connect(document, &DesignDocument::textChanged, this, &PersonaDimensionModel::sync);
}

QList<int> PersonaDimensionModel::shapeOf(const PersonaTemplate &personas)
{
    QList<int> shape;
    for (const PersonaDimension &d : personas.dimensions)
        shape.append(int(d.options.size()));
    return shape;
}

QHash<QList<int>, Diagnostics> PersonaDimensionModel::findingsOf(const PersonaTemplate &personas,
                                                                 const Diagnostics &diagnostics)
{
    QHash<QList<int>, Diagnostics> out;
    for (int d = 0; d < personas.dimensions.size() && !diagnostics.isEmpty(); ++d) {
        const PersonaDimension &dimension = personas.dimensions[d];
        const int start = dimension.pos.line;
        if (start <= 0)
            continue;
        // A dimension's lines end where the next dimension or the flaw section starts.
        int end = personas.flawsPos.line > start ? personas.flawsPos.line : 0;
        for (const PersonaDimension &other : personas.dimensions) {
            if (other.pos.line > start && (end == 0 || other.pos.line < end))
                end = other.pos.line;
        }
        const Diagnostics own = diagnosticsBetween(diagnostics, start, end);
        if (own.isEmpty())
            continue;
        out.insert({d}, own);
        // An option's finding is about its weight, wherever the weights list puts it.
        for (int o = 0; o < dimension.weightPos.size(); ++o) {
            const SourcePos at = dimension.weightPos[o];
            Diagnostics option;
            for (const Diagnostic &finding : own) {
                if (finding.line == at.line && finding.column == at.column)
                    option.append(finding);
            }
            if (!option.isEmpty())
                out.insert({d, o}, option);
        }
    }
    return out;
}

void PersonaDimensionModel::sync()
{
    const PersonaTemplate &updated = m_document->model();
    QHash<QList<int>, Diagnostics> findings = findingsOf(updated, m_document->diagnostics());
    if (updated.dimensions == m_dimensions && findings == m_findings)
        return;
    m_findings = std::move(findings);
    PersonaTemplate current;
    current.dimensions = m_dimensions;
    if (shapeOf(updated) == shapeOf(current)) {
        m_dimensions = updated.dimensions;
        if (m_dimensions.isEmpty())
            return;
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        for (int d = 0; d < m_dimensions.size(); ++d) {
            if (!m_dimensions[d].options.isEmpty())
                Q_EMIT dataChanged(index(0, 0, index(d, 0)), index(int(m_dimensions[d].options.size()) - 1,
                                                                   ColumnCount - 1, index(d, 0)));
        }
        return;
    }
    beginResetModel();
    m_dimensions = updated.dimensions;
    endResetModel();
}

QList<int> PersonaDimensionModel::pathOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == 0)
        return {index.row()};
    return {int(index.internalId()) - 1, index.row()};
}

QModelIndex PersonaDimensionModel::indexForPath(const QList<int> &path, int column) const
{
    if (path.isEmpty())
        return {};
    const QModelIndex dimension = index(path[0], path.size() == 1 ? column : 0);
    return path.size() == 1 ? dimension : index(path[1], column, dimension.siblingAtColumn(0));
}

double PersonaDimensionModel::share(const PersonaDimension &dimension, int option)
{
    double total = 0;
    for (const double w : dimension.weights)
        total += std::max(0.0, w);
    return total > 0 && option < dimension.weights.size() ? std::max(0.0, dimension.weights[option]) / total
                                                          : 0;
}

QModelIndex PersonaDimensionModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < m_dimensions.size() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.column() != 0 || parent.row() >= m_dimensions.size())
        return {};
    return row < m_dimensions[parent.row()].options.size()
               ? createIndex(row, column, quintptr(parent.row() + 1))
               : QModelIndex();
}

QModelIndex PersonaDimensionModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId()) - 1, 0, quintptr(0));
}

int PersonaDimensionModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_dimensions.size());
    if (parent.internalId() != 0 || parent.column() != 0 || parent.row() >= m_dimensions.size())
        return 0;
    return int(m_dimensions[parent.row()].options.size());
}

int PersonaDimensionModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant PersonaDimensionModel::data(const QModelIndex &index, int role) const
{
    const QList<int> path = pathOf(index);
    if (path.isEmpty() || path[0] >= m_dimensions.size())
        return {};
    const PersonaDimension &d = m_dimensions[path[0]];
    if (path.size() == 1) {
        if ((role == Qt::DisplayRole || role == Qt::EditRole) && index.column() == NameColumn)
            return d.id;
        if (role == Qt::FontRole && index.column() == NameColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        if (role == Qt::DecorationRole && index.column() == NameColumn)
            return InlineIssues::rowDecoration(findings(path));
        if (role == Qt::ToolTipRole && m_findings.contains(path))
            return InlineIssues::summary(findings(path));
        return {};
    }
    const int option = path[1];
    if (option >= d.options.size())
        return {};
    const bool hasWeight = option < d.weights.size();
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return d.options[option];
        if (index.column() == WeightColumn)
            return hasWeight ? QString::number(d.weights[option], 'g', 6) : tr("(missing)");
        if (index.column() == ShareColumn)
            return QStringLiteral("%1%").arg(share(d, option) * 100, 0, 'f', 1);
        return {};
    case Qt::EditRole:
        if (index.column() == NameColumn)
            return d.options[option];
        if (index.column() == WeightColumn)
            return hasWeight ? QVariant(d.weights[option]) : QVariant(0.0);
        return {};
    case ShareBarDelegate::ShareRole:
        return index.column() == ShareColumn ? QVariant(share(d, option)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == WeightColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::DecorationRole:
        return index.column() == NameColumn ? InlineIssues::rowDecoration(findings(path)) : QVariant();
    case Qt::ToolTipRole:
        return m_findings.contains(path) ? QVariant(InlineIssues::summary(findings(path))) : QVariant();
    default:
        return {};
    }
}

bool PersonaDimensionModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    const QList<int> path = pathOf(index);
    const int d = path[0];
    if (index.column() == WeightColumn) {
        bool ok = false;
        const double weight = value.toDouble(&ok);
        const int option = path[1];
        if (!ok || option >= m_dimensions[d].weights.size())
            return false;
        return m_document->edit(DesignDocument::EditKind::Field, tr("Change weight"),
                                QStringLiteral("persona-weight:%1/%2").arg(d).arg(option),
                                [&](PersonaTemplate &t) { t.dimensions[d].weights[option] = weight; });
    }
    const QString name = value.toString().trimmed();
    if (name.isEmpty())
        return false;
    if (path.size() == 1) {
        // Another dimension's id, or the flaw section's key, would clash in the YAML mapping.
        if (name == QLatin1String("flaw_patterns"))
            return false;
        for (int i = 0; i < m_dimensions.size(); ++i) {
            if (i != d && m_dimensions[i].id == name)
                return false;
        }
        return m_document->edit(DesignDocument::EditKind::Structure, tr("Rename dimension"), QString(),
                                [&](PersonaTemplate &t) { t.dimensions[d].id = name; });
    }
    const int option = path[1];
    if (m_dimensions[d].options.indexOf(name) >= 0 && m_dimensions[d].options.indexOf(name) != option)
        return false;
    return m_document->edit(DesignDocument::EditKind::Structure, tr("Rename option"), QString(),
                            [&](PersonaTemplate &t) { t.dimensions[d].options[option] = name; });
}

Qt::ItemFlags PersonaDimensionModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    const bool option = index.internalId() != 0;
    if (index.column() == NameColumn || (option && index.column() == WeightColumn))
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant PersonaDimensionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Dimension / option");
    case WeightColumn:
        return tr("Weight");
    case ShareColumn:
        return tr("Share");
    default:
        return {};
    }
}

} // namespace sift

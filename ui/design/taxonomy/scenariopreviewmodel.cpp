#include "scenariopreviewmodel.h"

#include <QColor>

namespace sift {

void ScenarioPreviewModel::setScenarios(const Taxonomy &taxonomy, quint64 seed, int count)
{
    beginResetModel();
    m_dimensions.clear();
    for (const TaxonomyDimension &d : taxonomy.dimensions)
        m_dimensions.append(d.id);
    m_scenarios = ScenarioSampler(taxonomy, seed).sample(0, count);
    endResetModel();
}

int ScenarioPreviewModel::edgeCases() const
{
    int n = 0;
    for (const Scenario &s : m_scenarios)
        n += s.edgeCase ? 1 : 0;
    return n;
}

int ScenarioPreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_scenarios.size());
}

int ScenarioPreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_dimensions.size()) + 1;
}

QVariant ScenarioPreviewModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_scenarios.size())
        return {};
    const Scenario &s = m_scenarios[index.row()];
    const bool edgeColumn = index.column() == m_dimensions.size();
    if (role == Qt::DisplayRole)
        return edgeColumn ? (s.edgeCase ? tr("edge case") : QString())
                          : s.value(m_dimensions.value(index.column()));
    if (role == Qt::ToolTipRole)
        return s.describe();
    if (role == Qt::BackgroundRole && s.edgeCase)
        return QColor(0xff, 0xf1, 0xd6);
    return {};
}

QVariant ScenarioPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return section < m_dimensions.size() ? m_dimensions[section] : tr("Edge case?");
}

} // namespace sift

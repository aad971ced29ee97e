#pragma once

#include "generate/sampler.h"

#include <QAbstractTableModel>

namespace sift {

// The scenarios the sampler draws for transcripts 0..n-1 with a seed: one row each, a column per
// taxonomy dimension, and whether it is an edge case. What the taxonomy preview shows.
class ScenarioPreviewModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

    void setScenarios(const Taxonomy &taxonomy, quint64 seed, int count);
    const QList<Scenario> &scenarios() const { return m_scenarios; }
    int edgeCases() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_dimensions;
    QList<Scenario> m_scenarios;
};

} // namespace sift

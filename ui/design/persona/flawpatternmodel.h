#pragma once

#include "design/document/designdocuments.h"

#include <QAbstractTableModel>

namespace sift {

// The flaw patterns of one group (primary or secondary) as a table: id, description, weight among
// the group's patterns, and an optional per-message probability that overrides the group's. A pattern
// with findings of validation on its lines shows a red (error) or amber (warning) dot and the
// findings as tooltip.
class FlawPatternModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Group
    {
        Primary,
        Secondary
    };
    enum Column
    {
        IdColumn,
        DescriptionColumn,
        WeightColumn,
        ProbabilityColumn,
        ColumnCount
    };

    FlawPatternModel(PersonaDocument *document, Group group, QObject *parent = nullptr);
    void sync();
    Group group() const { return m_group; }
    static FlawGroup &groupOf(PersonaTemplate &personas, Group group);
    static const FlawGroup &groupOf(const PersonaTemplate &personas, Group group);
    // The findings on the lines of the pattern in `row`.
    Diagnostics findings(int row) const { return m_findings.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Diagnostics> findingsOf(const PersonaTemplate &personas) const;

    PersonaDocument *m_document;
    Group m_group;
    QList<FlawPattern> m_patterns;
    double m_groupProbability = 0;
    QList<Diagnostics> m_findings; // per row
};

} // namespace sift

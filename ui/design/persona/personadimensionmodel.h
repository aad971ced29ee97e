#pragma once

#include "design/document/designdocuments.h"

#include <QAbstractItemModel>
#include <QHash>

namespace sift {

// The persona template's dimensions as a two-level tree: each dimension and its options, with each
// option's weight (editable in place) and its share among the dimension's options. Renames and
// weights are undoable edits of the document; the model follows the document. A dimension with
// findings of validation on its lines, and an option whose weight has one, show a red (error) or
// amber (warning) dot and the findings as tooltip.
class PersonaDimensionModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        WeightColumn,
        ShareColumn,
        ColumnCount
    };

    explicit PersonaDimensionModel(PersonaDocument *document, QObject *parent = nullptr);
    void sync();
    // {dimension} or {dimension, option}
    QList<int> pathOf(const QModelIndex &index) const;
    QModelIndex indexForPath(const QList<int> &path, int column = NameColumn) const;
    static double share(const PersonaDimension &dimension, int option);
    // The findings about the dimension ({d}: everything on its lines) or option ({d, o}: its weight).
    Diagnostics findings(const QList<int> &path) const { return m_findings.value(path); }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static QList<int> shapeOf(const PersonaTemplate &personas);
    static QHash<QList<int>, Diagnostics> findingsOf(const PersonaTemplate &personas, const Diagnostics &diagnostics);

    PersonaDocument *m_document;
    QList<PersonaDimension> m_dimensions;
    QHash<QList<int>, Diagnostics> m_findings;
};

} // namespace sift

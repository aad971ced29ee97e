#pragma once

#include "design/document/designdocuments.h"
#include "design/taxonomypath.h"

#include <QAbstractItemModel>
#include <QHash>
#include <memory>
#include <vector>

namespace sift {

// The taxonomy as a tree for the editor: dimensions, their values, and nested subtopics, with each
// value's weight (editable in place) and its share among its siblings. Edits (rename, weight, drag
// and drop) go to the document as undoable edits; the model follows the document, updating rows in
// place while the shape stays the same and resetting only when it changed. A row with findings of
// validation on its own lines shows a red (error) or amber (warning) dot, and the findings as its
// tooltip.
class TaxonomyTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        WeightColumn,
        ShareColumn,
        DescriptionColumn,
        ColumnCount
    };
    static constexpr int PathRole = Qt::UserRole + 1; // QList<int>, see TaxonomyPath
    static inline const QString MimeType = QStringLiteral("application/x-sift-taxonomy-node");

    explicit TaxonomyTreeModel(TaxonomyDocument *document, QObject *parent = nullptr);
    ~TaxonomyTreeModel() override;

    const Taxonomy &taxonomy() const { return m_taxonomy; }
    // Catches up with the document (it also does on every change of the text); does nothing when
    // already up to date. Editors call it before reading rows, whatever order signals arrive in.
    void sync();
    QModelIndex indexForPath(const TaxonomyPath::Path &path, int column = NameColumn) const;
    TaxonomyPath::Path pathOf(const QModelIndex &index) const;
    // Moves a dimension or value (see TaxonomyPath::move) as one undoable edit.
    bool moveNode(const TaxonomyPath::Path &from, const TaxonomyPath::Path &toParent, int row);
    // The share of the value at `path` among its siblings, and among all scenarios of its dimension.
    static double siblingShare(const Taxonomy &taxonomy, const TaxonomyPath::Path &path);
    static double dimensionShare(const Taxonomy &taxonomy, const TaxonomyPath::Path &path);
    // The findings on the lines of the dimension or value at `path`, up to where the next one starts.
    Diagnostics findings(const TaxonomyPath::Path &path) const { return m_findings.value(path); }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

Q_SIGNALS:
    // A node was moved by drag and drop or moveNode(); `to` is where it is now.
    void nodeMoved(const QList<int> &to);

private:
    struct Node
    {
        Node *parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
    };

    void build(Node &node, const QList<TaxonomyValue> &values);
    void emitDataChanged(const Node &node);
    Node *nodeOf(const QModelIndex &index) const;
    TaxonomyPath::Path pathOf(const Node *node) const;
    static QList<QList<int>> shapeOf(const Taxonomy &taxonomy);
    std::optional<TaxonomyPath::Path> decode(const QMimeData *data) const;
    static QHash<TaxonomyPath::Path, Diagnostics> findingsOf(const Taxonomy &taxonomy,
                                                             const Diagnostics &diagnostics);

    TaxonomyDocument *m_document;
    Taxonomy m_taxonomy;
    Node m_root;
    QHash<TaxonomyPath::Path, Diagnostics> m_findings;
};

} // namespace sift

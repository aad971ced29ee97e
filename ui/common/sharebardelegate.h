#pragma once

#include <QStyledItemDelegate>

namespace sift {

// Paints a cell's share (a number in [0, 1] under ShareRole) as a bar with its percentage, so the
// normalised weight of every value reads at a glance next to the weight being edited.
class ShareBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    static constexpr int ShareRole = Qt::UserRole + 100;

    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace sift

#include "sharebardelegate.h"

#include <QApplication>
#include <QPainter>

namespace sift {

void ShareBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    const QVariant share = index.data(ShareRole);
    if (!share.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    const double value = std::clamp(share.toDouble(), 0.0, 1.0);
    const QString text = QStringLiteral("%1%").arg(value * 100, 0, 'f', 1);
    const int textWidth = option.fontMetrics.horizontalAdvance(QStringLiteral("100.0%")) + 8;
    const QRect bar = option.rect.adjusted(4, 5, -textWidth - 4, -5);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(option.palette.color(QPalette::AlternateBase).darker(104));
    painter->drawRoundedRect(bar, 2, 2);
    painter->setBrush(QColor(0x3a, 0x7b, 0xd5));
    painter->drawRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * value, bar.height()), 2, 2);
    painter->setPen(option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText)
                                                          : option.palette.color(QPalette::Text));
    painter->drawText(option.rect.adjusted(0, 0, -4, 0), Qt::AlignVCenter | Qt::AlignRight, text);
    painter->restore();
}

QSize ShareBarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), 150));
    return size;
}

} // namespace sift

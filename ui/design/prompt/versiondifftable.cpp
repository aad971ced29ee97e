#include "versiondifftable.h"

#include <QHeaderView>

namespace sift {

VersionDiffTable::VersionDiffTable(QWidget *parent) : QTableWidget(parent)
{
    setColumnCount(ColumnCount);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection);
    setShowGrid(false);
    setWordWrap(true);
    verticalHeader()->hide();
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    setFont(mono);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    verticalHeader()->setMinimumSectionSize(fontMetrics().height() + 4);
    horizontalHeader()->setSectionResizeMode(OldLineColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(NewLineColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(OldTextColumn, QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(NewTextColumn, QHeaderView::Stretch);
}

void VersionDiffTable::resizeEvent(QResizeEvent *event)
{
    QTableWidget::resizeEvent(event);
    resizeRowsToContents();
}

void VersionDiffTable::setTexts(const QString &oldText, const QString &newText, const QString &oldTitle,
                                const QString &newTitle)
{
    m_rows = LineDiff::compare(oldText, newText);
    clearContents();
    setHorizontalHeaderLabels({QString(), oldTitle, QString(), newTitle});
    setRowCount(int(m_rows.size()));
    const QColor removed(0xfd, 0xe2, 0xe2), added(0xdd, 0xf4, 0xe0), changed(0xfd, 0xf2, 0xd0);
    for (int r = 0; r < m_rows.size(); ++r) {
        const DiffRow &row = m_rows[r];
        auto cell = [&](int column, const QString &text, const QColor &background) {
            auto *item = new QTableWidgetItem(text);
            item->setTextAlignment(Qt::AlignLeft | Qt::AlignTop);
            if (background.isValid())
                item->setBackground(background);
            if (column == OldLineColumn || column == NewLineColumn) {
                item->setTextAlignment(Qt::AlignRight | Qt::AlignTop);
                item->setForeground(palette().color(QPalette::PlaceholderText));
            }
            setItem(r, column, item);
        };
        QColor left, right;
        switch (row.kind) {
        case DiffRow::Kind::Same:
            break;
        case DiffRow::Kind::Changed:
            left = right = changed;
            break;
        case DiffRow::Kind::Removed:
            left = removed;
            break;
        case DiffRow::Kind::Added:
            right = added;
            break;
        }
        cell(OldLineColumn, row.leftLine ? QString::number(row.leftLine) : QString(), left);
        cell(OldTextColumn, row.left, left);
        cell(NewLineColumn, row.rightLine ? QString::number(row.rightLine) : QString(), right);
        cell(NewTextColumn, row.right, right);
    }
    // Start at the first difference: that is what the user came to see.
    for (int r = 0; r < m_rows.size(); ++r) {
        if (m_rows[r].kind != DiffRow::Kind::Same) {
            scrollToItem(item(r, OldTextColumn), QAbstractItemView::PositionAtCenter);
            break;
        }
    }
}

} // namespace sift

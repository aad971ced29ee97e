#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sift {

namespace {
void collect(const QMenu *menu, const QString &path, QList<QStringList> &rows)
{
    for (QAction *a : menu->actions()) {
        if (a->menu()) {
            collect(a->menu(), path + QStringLiteral(" \u203a ") + a->text().remove(QLatin1Char('&')), rows);
            continue;
        }
        if (a->isSeparator() || a->shortcut().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence &k : a->shortcuts())
            keys.append(k.toString(QKeySequence::NativeText));
        rows.append({path, a->text().remove(QLatin1Char('&')).remove(QStringLiteral("...")), keys.join(QStringLiteral(", "))});
    }
}
} // namespace

ShortcutsDialog::ShortcutsDialog(const QMenuBar *menus, QWidget *parent) : QDialog(parent), m_table(new QTableWidget)
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    QList<QStringList> rows;
    for (QAction *a : menus->actions()) {
        if (a->menu()) {
            // Menus filled as they open (Edit) are filled now, so their keys are listed too.
            Q_EMIT a->menu()->aboutToShow();
            collect(a->menu(), a->text().remove(QLatin1Char('&')), rows);
        }
    }
    m_table->setObjectName(QStringLiteral("shortcutTable"));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Menu"), tr("Action"), tr("Keys")});
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < 3; ++c)
            m_table->setItem(r, c, new QTableWidgetItem(rows[r][c]));
    }
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->resizeColumnsToContents();
    auto *intro = new QLabel(tr("Single-key shortcuts of the Review workspace act while it has the keyboard; in a note "
                                "field the keys type instead. Escape leaves a field."));
    intro->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(620, 640);
}

QList<QStringList> ShortcutsDialog::rows() const
{
    QList<QStringList> out;
    for (int r = 0; r < m_table->rowCount(); ++r)
        out.append({m_table->item(r, 0)->text(), m_table->item(r, 1)->text(), m_table->item(r, 2)->text()});
    return out;
}

} // namespace sift

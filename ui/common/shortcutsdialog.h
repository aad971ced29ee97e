#pragma once

#include <QDialog>

class QMenuBar;
class QTableWidget;

namespace sift {

// Help > Keyboard Shortcuts: every action of the window's menus that has a shortcut, read from the
// menus themselves so the page can never disagree with what the keys do.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ShortcutsDialog(const QMenuBar *menus, QWidget *parent = nullptr);
    // Menu, action and shortcut of every row, for tests and for printing.
    QList<QStringList> rows() const;

private:
    QTableWidget *m_table;
};

} // namespace sift

#include "issuespanel.h"

#include <QHeaderView>

namespace sift {

IssuesPanel::IssuesPanel(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("issuesPanel"));
    setColumnCount(3);
    setHeaderLabels({tr("Severity"), tr("Where"), tr("Problem")});
    setRootIsDecorated(false);
    setAlternatingRowColors(true);
    setUniformRowHeights(true);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const int index = item->data(0, Qt::UserRole).toInt();
        if (index >= 0 && index < m_diagnostics.size())
            Q_EMIT diagnosticActivated(m_diagnostics[index]);
    });
    connect(this, &QTreeWidget::itemClicked, this, &QTreeWidget::itemActivated);
}

void IssuesPanel::setDiagnostics(const Diagnostics &diagnostics)
{
    m_diagnostics = diagnostics;
    std::stable_sort(m_diagnostics.begin(), m_diagnostics.end(),
                     [](const Diagnostic &a, const Diagnostic &b) { return a.isError() && !b.isError(); });
    clear();
    for (int i = 0; i < m_diagnostics.size(); ++i) {
        const Diagnostic &d = m_diagnostics[i];
        auto *item = new QTreeWidgetItem(this);
        // Text as well as colour, so the severity reads without colour vision.
        item->setText(0, d.isError() ? tr("Error") : tr("Warning"));
        item->setForeground(0, d.isError() ? QColor(0xb0, 0x1c, 0x1c) : QColor(0x9a, 0x67, 0x00));
        item->setText(1, d.line > 0 ? QStringLiteral("%1:%2").arg(d.file).arg(d.line) : d.file);
        item->setText(2, d.hint.isEmpty() ? d.message : QStringLiteral("%1 — %2").arg(d.message, d.hint));
        item->setToolTip(2, d.toString());
        item->setData(0, Qt::UserRole, i);
    }
}

} // namespace sift

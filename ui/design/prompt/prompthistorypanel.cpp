#include "prompthistorypanel.h"

#include "design/document/promptdocument.h"
#include "versiondifftable.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QVBoxLayout>

namespace sift {

PromptHistoryPanel::PromptHistoryPanel(PromptDocument *document, QString projectDir, QWidget *parent)
    : QWidget(parent), m_document(document), m_store(std::move(projectDir)), m_list(new QListWidget),
      m_summary(new QLabel), m_diff(new VersionDiffTable),
      m_restore(new QPushButton(tr("&Restore This Version")))
{
    setObjectName(QStringLiteral("promptHistory"));
    m_list->setObjectName(QStringLiteral("promptVersions"));
    m_summary->setObjectName(QStringLiteral("versionSummary"));
    m_diff->setObjectName(QStringLiteral("versionDiff"));
    m_restore->setObjectName(QStringLiteral("restoreVersion"));
    m_summary->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    auto *note = new QLabel(tr("Versions Sift recorded in prompt_versions/ when runs used this prompt."));
    note->setWordWrap(true);
    layout->addWidget(note);
    auto *split = new QSplitter(Qt::Vertical);
    split->setChildrenCollapsible(false);
    split->addWidget(m_list);
    auto *diffPane = new QWidget;
    auto *diffLayout = new QVBoxLayout(diffPane);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    row->addWidget(m_summary, 1);
    row->addWidget(m_restore);
    diffLayout->addLayout(row);
    diffLayout->addWidget(m_diff, 1);
    split->addWidget(diffPane);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, &PromptHistoryPanel::showSelected);
    connect(m_restore, &QPushButton::clicked, this, &PromptHistoryPanel::restoreSelected);
    connect(document, &DesignDocument::textChanged, this, &PromptHistoryPanel::showSelected);
    connect(document, &DesignDocument::saved, this, &PromptHistoryPanel::reload);
    reload();
}

void PromptHistoryPanel::reload()
{
    const QString selected = selectedId();
    m_versions.clear();
    const QString file = m_document->relativePath();
    if (const auto all = m_store.list()) {
        for (const DesignVersion &v : *all) {
            if (v.files.contains(file))
                m_versions.append(v);
        }
    }
    const QSignalBlocker block(m_list);
    m_list->clear();
    // Newest first: the version a user most likely wants to compare with.
    for (auto it = m_versions.crbegin(); it != m_versions.crend(); ++it) {
        auto *item = new QListWidgetItem(
            tr("%1  ·  %2")
                .arg(QLocale().toString(it->createdAt.toLocalTime(), QLocale::ShortFormat),
                     it->hash.left(12)),
            m_list);
        item->setData(Qt::UserRole, it->id);
        item->setToolTip(it->id);
    }
    if (m_versions.isEmpty()) {
        m_summary->setText(
            tr("No recorded versions yet: Sift records one the first time a run uses this prompt."));
        m_diff->setRowCount(0);
        m_restore->setEnabled(false);
        return;
    }
    selectVersion(selected);
    if (m_list->currentRow() < 0)
        m_list->setCurrentRow(0);
    showSelected();
}

QString PromptHistoryPanel::selectedId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void PromptHistoryPanel::selectVersion(const QString &versionId)
{
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(Qt::UserRole).toString() == versionId)
            m_list->setCurrentRow(i);
    }
}

void PromptHistoryPanel::showSelected()
{
    const QString id = selectedId();
    m_selectedText.clear();
    if (id.isEmpty()) {
        m_restore->setEnabled(false);
        return;
    }
    const auto bytes = m_store.read(id, m_document->relativePath());
    if (!bytes) {
        m_summary->setText(bytes.errorText());
        m_restore->setEnabled(false);
        return;
    }
    // The editor works on "\n" line ends; compare like with like.
    m_selectedText = QString::fromUtf8(*bytes).replace(QLatin1String("\r\n"), QLatin1String("\n"));
    QString when = id;
    for (const DesignVersion &v : std::as_const(m_versions)) {
        if (v.id == id)
            when = QLocale().toString(v.createdAt.toLocalTime(), QLocale::ShortFormat);
    }
    m_diff->setTexts(m_selectedText, m_document->text(), tr("Version of %1").arg(when),
                     tr("Now (with unsaved edits)"));
    const int changed = LineDiff::changedRows(m_diff->rows());
    m_summary->setText(changed == 0 ? tr("This version is the same as the text now.")
                                    : tr("%n line(s) differ from the text now.", nullptr, changed));
    m_restore->setEnabled(changed > 0);
}

bool PromptHistoryPanel::restoreSelected()
{
    const QString id = selectedId();
    if (id.isEmpty() || m_selectedText.isNull())
        return false;
    m_document->replaceText(m_selectedText, tr("Restore version %1").arg(id));
    return true;
}

} // namespace sift

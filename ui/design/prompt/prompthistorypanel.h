#pragma once

#include "project/promptversions.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace sift {

class PromptDocument;
class VersionDiffTable;

// The versions of one prompt recorded in prompt_versions/: pick one to see it side by side with
// the text as it is now (unsaved edits included) and restore it, as one undoable edit.
class PromptHistoryPanel : public QWidget
{
    Q_OBJECT

public:
    PromptHistoryPanel(PromptDocument *document, QString projectDir, QWidget *parent = nullptr);

    // Re-reads prompt_versions/ (after a run recorded a version, or a save).
    void reload();
    // The versions that hold this prompt, oldest first.
    const QList<DesignVersion> &versions() const { return m_versions; }
    void selectVersion(const QString &versionId);
    // Replaces the text with the selected version's, as an undoable edit. False without a selection.
    bool restoreSelected();
    VersionDiffTable *diffTable() const { return m_diff; }

private:
    void showSelected();
    QString selectedId() const;

    PromptDocument *m_document;
    PromptVersions m_store;
    QList<DesignVersion> m_versions;
    QListWidget *m_list;
    QLabel *m_summary;
    VersionDiffTable *m_diff;
    QPushButton *m_restore;
    QString m_selectedText;
};

} // namespace sift

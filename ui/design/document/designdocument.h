#pragma once

#include "common/diagnostic.h"
#include "common/result.h"
#include "common/textchange.h"

#include <QObject>
#include <optional>

class QFileSystemWatcher;
class QUndoStack;

namespace sift {

// One design artifact open for editing: its text (the single source of truth), an undo stack of
// the edits made to it, whether it differs from the file, and what another program did to the
// file meanwhile. Form views and the source view both edit the text through commands on the undo
// stack; subclasses re-read their typed model from the text after every change.
class DesignDocument : public QObject
{
    Q_OBJECT

public:
    // How an edit from a form should be recorded.
    enum class EditKind
    {
        Field,     // a value typed into a field: consecutive edits of the same field merge
        Structure, // something added, removed, moved or toggled: one undo step each
    };

    DesignDocument(QString projectDir, QString relativePath, QObject *parent = nullptr);
    ~DesignDocument() override;

    QString relativePath() const { return m_relativePath; }
    QString filePath() const;
    const QString &text() const { return m_text; }
    QUndoStack *undoStack() const { return m_undoStack; }

    // Reads the file; false (with the text left empty) when it cannot be read.
    bool load();
    // The text differs from the file as last read or saved.
    bool isModified() const { return m_text != m_diskText; }
    // The file was changed or removed by another program and the user has not decided yet.
    bool hasExternalChange() const { return m_externalChange; }
    // Whether the file is there now (it may have been deleted since it was read).
    bool fileExists() const;

    // Writes the text (atomically). The text is the user's own, so it is written even when it does
    // not parse; forms never write over such a text (see YamlModelDocument::edit).
    Status save();
    // Back to the file as last read or saved, as one undoable step.
    void revert();
    // Takes the file as another program left it, as one undoable step.
    void reloadFromDisk();
    // Keeps the text as it is after an external change; saving will overwrite the other program's.
    void keepOwnVersion();
    // Compares the file with what Sift last read or wrote; true (and changedOnDisk) when another
    // program changed it. Called by the file watcher and when the application regains focus.
    bool checkDisk();

    // Whether the text parses into the model; a form shows the last text that did.
    virtual bool parses() const = 0;
    // Every finding about the text as it is now.
    virtual Diagnostics diagnostics() const = 0;

    // Records an edit that makes the text `newText` (nothing when it already is).
    void editText(const QString &newText, EditKind kind, const QString &description,
                  const QString &mergeKey = {});
    // Records typing in the source view.
    void editSource(const TextChange &change);
    // Replaces the whole text as one undoable step named `description` (revert, reload, restore).
    void replaceText(const QString &newText, const QString &description);

    // Applies one change to the text. Only undo commands call this.
    void applyChange(const TextChange &change);

Q_SIGNALS:
    // The text changed by `change`; the model and diagnostics are already up to date.
    void textChanged(const sift::TextChange &change);
    void modifiedChanged(bool modified);
    void changedOnDisk();
    void externalChangeResolved();
    void saved();

protected:
    // Re-reads the typed model and diagnostics from text().
    virtual void reparse() = 0;

private:
    void watch();
    void setDiskState(const std::optional<QByteArray> &bytes);
    static std::optional<QByteArray> readFile(const QString &path);

    QString m_projectDir;
    QString m_relativePath;
    QString m_text;
    QString m_diskText;               // the file as last read or written, decoded
    std::optional<QByteArray> m_disk; // its bytes; nullopt when it did not exist
    bool m_crlf = false;              // the file used CRLF line ends: saving keeps them
    bool m_externalChange = false;
    bool m_wasModified = false;
    QUndoStack *m_undoStack;
    QFileSystemWatcher *m_watcher;
};

} // namespace sift

#pragma once

#include "prompt/tokencounter.h"
#include "review/rubricediting.h"
#include "workspace.h"

#include <QHash>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;
class QUndoGroup;

namespace sift {

class ArtifactEditor;
class CodeView;
class DesignDocument;
class IssuesPanel;
struct Diagnostic;
struct PromptPreviewInputs;

// The Design workspace: every design artifact of the project open in its editor (taxonomy, rubric,
// personas, the five prompts), the project settings and model choice as read-only text, and one
// Issues panel with the findings of all of them as they are edited. Each artifact is a document
// with its own undo stack; Save, Revert, Undo and Redo act on the one shown. Unsaved edits are
// asked about before the project is closed or replaced.
class DesignWorkspace : public Workspace, public RubricEditing
{
    Q_OBJECT

public:
    explicit DesignWorkspace(QWidget *parent = nullptr);
    ~DesignWorkspace() override;

    QString title() const override { return tr("Design"); }
    void setProject(const Project *project) override;
    void projectReread(const Project *project) override;
    bool confirmClose() override;
    QList<QAction *> editActions() const override { return {m_undo, m_redo}; }
    RubricDocument *rubricDocument() const override;

    // The files in the order the list shows them: the method's order, the project's settings last.
    static QStringList fileOrder();
    static QString describe(const QString &relative);

    // Shows one file (path relative to the project) and, when given, where a line:column points.
    void showFile(const QString &relative, int line = 0, int column = 0);
    QString currentFile() const;
    DesignDocument *document(const QString &relative) const;
    ArtifactEditor *editor(const QString &relative) const;
    IssuesPanel *issuesPanel() const { return m_issues; }
    bool hasUnsavedChanges() const;
    // Writes one document, or every modified one; false (after saying why) when a write failed.
    bool saveFile(const QString &relative) override;
    bool saveAll();
    // The tokenizer of the chosen model, for the prompt editors' token counts (see tokencounter.h).
    void setTokenCounter(TokenCounter counter);
    // Loads the tokenizer model-choice.md names, in the background, and counts with it once loaded.
    void loadTokenizer();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void clearDocuments();
    void openDocuments();
    void addEditor(DesignDocument *document, ArtifactEditor *editor);
    void refreshFileList();
    void refreshIssues();
    void refreshHeader();
    void updateActions();
    void documentModifiedChanged();
    void showDiagnostic(const Diagnostic &diagnostic);
    void showReadOnly(const QString &relative);
    PromptPreviewInputs previewInputs() const;

    const Project *m_project = nullptr;
    QString m_dir;
    QListWidget *m_files;
    QLabel *m_fileHeader;
    QStackedWidget *m_stack;
    QWidget *m_readOnlyPage;
    CodeView *m_readOnlyView;
    IssuesPanel *m_issues;
    QUndoGroup *m_undoGroup;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_save = nullptr;
    QAction *m_saveAll = nullptr;
    QAction *m_revert = nullptr;
    QHash<QString, DesignDocument *> m_documents;
    QHash<QString, ArtifactEditor *> m_editors;
    QString m_current;
    TokenCounter m_tokenCounter;
    quint64 m_tokenizerGeneration = 0;  // results of a superseded load are dropped
    bool m_wasModified = false;
};

} // namespace sift

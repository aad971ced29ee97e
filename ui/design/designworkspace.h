#pragma once

#include "workspace.h"

class QListWidget;
class QLabel;

namespace sift {

class CodeView;
class IssuesPanel;
struct Diagnostic;

// The Design workspace: the project's artifacts, the selected file with line numbers, and every
// finding of validation in an Issues panel that jumps to the line it names.
class DesignWorkspace : public Workspace
{
    Q_OBJECT

public:
    explicit DesignWorkspace(QWidget *parent = nullptr);
    QString title() const override { return tr("Design"); }
    void setProject(const Project *project) override;

    // Shows one artifact (path relative to the project) and, when given, marks a line.
    void showFile(const QString &relative, int line = 0, int column = 0);
    QString currentFile() const;

private:
    void showDiagnostic(const Diagnostic &diagnostic);

    const Project *m_project = nullptr;
    QListWidget *m_files;
    QLabel *m_fileHeader;
    CodeView *m_view;
    IssuesPanel *m_issues;
};

} // namespace sift

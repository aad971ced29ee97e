#pragma once

#include <QMainWindow>
#include <memory>

class QLabel;
class QMenu;
class QTabWidget;

namespace sift {

class Project;
class Workspace;

// The application window. It only assembles workspaces, menus and the status bar; each
// workspace brings its own widgets.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens the project in `dir`; false (with the reason shown in the window) if it cannot.
    bool openProject(const QString &dir);
    const Project *project() const { return m_project.get(); }
    // Selects a workspace by its title, case-insensitively ("design", "review").
    bool showWorkspace(const QString &title);
    QStringList recentProjects() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void newProject();
    void openProjectDialog();
    void rebuildRecentMenu();
    void rememberRecent(const QString &dir);
    void updateStatus();
    void showError(const QString &title, const QString &text);
    // Asks every workspace about unsaved work; false when the user chose to keep the project open.
    bool confirmCloseAll();
    // Reads the project again after files were saved, keeping the workspaces' open work.
    void rereadProject();

    std::unique_ptr<Project> m_project;
    QTabWidget *m_tabs;
    QList<Workspace *> m_workspaces;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_projectLabel;
    QLabel *m_validityLabel;
};

} // namespace sift

#pragma once

#include "common/result.h"
#include "llm/backendprobe.h"
#include "project/projectsetup.h"

#include <QHash>
#include <QMainWindow>
#include <memory>
#include <optional>

class QLabel;
class QMenu;
class QTabWidget;

namespace sift {

class BackendChecker;
class BackgroundTask;
class DesignWorkspace;
class EngineHost;
class Project;
class ReviewWorkspace;
class SecretStore;
class Workspace;
struct RunProgress;

// The application window. It only assembles workspaces, menus and the status bar; each
// workspace brings its own widgets, and they share one engine for runs and repairs.
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
    Workspace *currentWorkspace() const;
    QStringList recentProjects() const;
    EngineHost *engine() const { return m_engine; }
    // Imports a JSONL file of transcripts into the open project, in the background.
    void importTranscripts(const QString &file);
    bool importRunning() const;
    void openBackendsDialog();
    // Tests: the keychain the Backends dialog writes keys to (null: none).
    void setSecretStore(SecretStore *store) { m_secrets = store; }
    QString backendStatusText() const;
    QString runStatusText() const;

Q_SIGNALS:
    void importFinished(bool ok);
    void backendsChecked();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void fillEditMenu();
    void newProject();
    void openProjectDialog();
    void importDialog();
    void importDone();
    void rebuildRecentMenu();
    void rememberRecent(const QString &dir);
    void updateStatus();
    void showError(const QString &title, const QString &text);
    // Asks every workspace about unsaved work; false when the user chose to keep the project open.
    bool confirmCloseAll();
    // Reads the project again after files were saved, keeping the workspaces' open work.
    void rereadProject();
    void checkBackends();
    void showBackendReport(const ProbeReport &report);
    void showRunProgress(const RunProgress &progress);
    void workspaceShown(int index);

    std::unique_ptr<Project> m_project;
    QTabWidget *m_tabs;
    QList<Workspace *> m_workspaces;
    DesignWorkspace *m_design;
    ReviewWorkspace *m_review;
    EngineHost *m_engine;
    BackendChecker *m_checker;
    std::unique_ptr<SecretStore> m_systemSecrets;
    SecretStore *m_secrets = nullptr;
    BackgroundTask *m_import;
    QString m_importFile;
    std::shared_ptr<std::optional<Result<TranscriptImport>>> m_importResult;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QLabel *m_projectLabel;
    QLabel *m_validityLabel;
    QLabel *m_backendLabel;
    QLabel *m_runLabel;
    QHash<QString, ProbeReport> m_backendReports;
};

} // namespace sift

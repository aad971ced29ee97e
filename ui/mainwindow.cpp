#include "mainwindow.h"

#include "common/backgroundtask.h"
#include "common/dialogs.h"
#include "common/shortcutsdialog.h"
#include "dataset/datasetworkspace.h"
#include "design/designworkspace.h"
#include "engine/enginehost.h"
#include "llm/backendchecker.h"
#include "llm/keys.h"
#include "project/project.h"
#include "project/projectsetup.h"
#include "review/reviewworkspace.h"
#include "run/runworkspace.h"
#include "settings/backendsdialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QLabel>
#include <QMenuBar>
#include <QProcessEnvironment>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace sift {

namespace {
const auto RecentKey = QStringLiteral("recentProjects");
const auto GeometryKey = QStringLiteral("mainWindow/geometry");
const auto StateKey = QStringLiteral("mainWindow/state");
const auto TabKey = QStringLiteral("mainWindow/workspace");
constexpr int MaxRecent = 8;
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_tabs(new QTabWidget), m_design(new DesignWorkspace), m_review(new ReviewWorkspace),
      m_engine(new EngineHost(KeyResolver::system(), this)), m_checker(new BackendChecker(KeyResolver::system(), this)),
      m_import(new BackgroundTask(this)), m_projectLabel(new QLabel), m_validityLabel(new QLabel), m_backendLabel(new QLabel),
      m_runLabel(new QLabel)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Sift"));
    // Keys typed in the Backends dialog go to the system keychain, unless it is turned off.
    if (!QProcessEnvironment::systemEnvironment().contains(QStringLiteral("SIFT_NO_KEYCHAIN"))) {
        m_systemSecrets = std::make_unique<SystemSecretStore>();
        m_secrets = m_systemSecrets.get();
    }
    m_tabs->setObjectName(QStringLiteral("workspaces"));
    m_tabs->setDocumentMode(true);
    m_review->setRubricEditing(m_design);
    m_workspaces = {m_design, new RunWorkspace, m_review, new DatasetWorkspace};
    for (Workspace *w : std::as_const(m_workspaces)) {
        m_tabs->addTab(w, w->title());
        w->setEngine(m_engine);
        connect(w, &Workspace::filesSaved, this, &MainWindow::rereadProject);
        connect(w, &Workspace::modifiedChanged, this, &QWidget::setWindowModified);
    }
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::workspaceShown);

    m_validityLabel->setObjectName(QStringLiteral("validityLabel"));
    m_backendLabel->setObjectName(QStringLiteral("backendStatus"));
    m_runLabel->setObjectName(QStringLiteral("runStatus"));
    statusBar()->addWidget(m_projectLabel, 1);
    statusBar()->addPermanentWidget(m_runLabel);
    statusBar()->addPermanentWidget(m_backendLabel);
    statusBar()->addPermanentWidget(m_validityLabel);
    connect(m_checker, &BackendChecker::reportReady, this, &MainWindow::showBackendReport);
    connect(m_checker, &BackendChecker::finished, this, &MainWindow::backendsChecked);
    connect(m_engine, &EngineHost::progressChanged, this, &MainWindow::showRunProgress);
    connect(m_import, &BackgroundTask::finished, this, &MainWindow::importDone);
    connect(m_engine, &EngineHost::finished, this, [this](RunEngine::Outcome, const QString &summary) {
        m_runLabel->setText(m_runLabel->text() + QStringLiteral(" \u2014 ") + summary);
    });
    createMenus();

    QSettings settings;
    if (!restoreGeometry(settings.value(GeometryKey).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(StateKey).toByteArray());
    m_tabs->setCurrentIndex(settings.value(TabKey, 0).toInt());
    updateStatus();
}

MainWindow::~MainWindow()
{
    // The workspaces are destroyed with the window's children, after m_project: let go of it first.
    for (Workspace *w : std::as_const(m_workspaces))
        w->setProject(nullptr);
}

Workspace *MainWindow::currentWorkspace() const
{
    return qobject_cast<Workspace *>(m_tabs->currentWidget());
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newAction = file->addAction(tr("&New Project..."), this, &MainWindow::newProject);
    newAction->setObjectName(QStringLiteral("actionNewProject"));
    newAction->setShortcut(QKeySequence::New);
    QAction *openAction = file->addAction(tr("&Open Project..."), this, &MainWindow::openProjectDialog);
    openAction->setObjectName(QStringLiteral("actionOpenProject"));
    openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    QAction *reload = file->addAction(tr("Re&load Project"), this, [this] {
        if (m_project)
            openProject(m_project->dir());
    });
    reload->setObjectName(QStringLiteral("actionReloadProject"));
    reload->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    QAction *import = file->addAction(tr("&Import Transcripts..."), this, &MainWindow::importDialog);
    import->setObjectName(QStringLiteral("actionImport"));
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    for (Workspace *w : std::as_const(m_workspaces)) {
        for (QAction *a : w->fileActions())
            file->addAction(a);
    }
    file->addSeparator();
    QAction *backends = file->addAction(tr("&Backends..."), this, &MainWindow::openBackendsDialog);
    backends->setObjectName(QStringLiteral("actionBackends"));
    backends->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    rebuildRecentMenu();

    // Undo and Redo are the shown workspace's: a design document's edits, or the review's marks.
    m_editMenu = menuBar()->addMenu(tr("&Edit"));
    m_editMenu->setObjectName(QStringLiteral("editMenu"));
    connect(m_editMenu, &QMenu::aboutToShow, this, &MainWindow::fillEditMenu);
    fillEditMenu();

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_workspaces.size(); ++i) {
        QAction *a = view->addAction(m_workspaces[i]->title(), this, [this, i] { m_tabs->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        a->setObjectName(QStringLiteral("actionView") + m_workspaces[i]->title());
    }

    for (Workspace *w : std::as_const(m_workspaces)) {
        const QList<QAction *> actions = w->menuActions();
        if (actions.isEmpty())
            continue;
        QMenu *menu = menuBar()->addMenu(w->title());
        menu->setObjectName(w->objectName() + QStringLiteral("Menu"));
        for (QAction *a : actions) {
            if (a)
                menu->addAction(a);
            else
                menu->addSeparator();
        }
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        ShortcutsDialog dialog(menuBar(), this);
        dialog.exec();
    });
    shortcuts->setObjectName(QStringLiteral("actionShortcuts"));
    shortcuts->setShortcut(QKeySequence(Qt::Key_F1));
    help->addAction(tr("&About Sift"), this, [this] {
        Dialogs::about(this, tr("About Sift"),
                       tr("<h3>Sift %1</h3><p>A workbench for multi-turn fine-tuning data: design the rubric, "
                          "generate and judge conversations, review the judges, and export training data.</p>")
                           .arg(QStringLiteral(SIFT_VERSION)));
    })->setObjectName(QStringLiteral("actionAbout"));
}

void MainWindow::fillEditMenu()
{
    m_editMenu->clear();
    const Workspace *w = currentWorkspace();
    const QList<QAction *> actions = w ? w->editActions() : QList<QAction *>();
    for (QAction *a : actions)
        m_editMenu->addAction(a);
    if (actions.isEmpty())
        m_editMenu->addAction(tr("Nothing to undo here"))->setEnabled(false);
}

void MainWindow::workspaceShown(int index)
{
    fillEditMenu();
    // The keyboard goes into the workspace, so its own shortcuts work at once.
    if (QWidget *w = m_tabs->widget(index))
        w->setFocus(Qt::OtherFocusReason);
}

bool MainWindow::openProject(const QString &dir)
{
    auto loaded = Project::load(dir);
    if (!loaded) {
        showError(tr("Cannot open project"), loaded.errorText());
        return false;
    }
    // Unsaved work in the project now open is asked about first (save, discard or stay).
    if (m_project && !confirmCloseAll())
        return false;
    // The workspaces switch to the new project before the old one goes: tearing down their views
    // may still look at it.
    auto opened = std::make_unique<Project>(std::move(*loaded));
    for (Workspace *w : std::as_const(m_workspaces))
        w->setProject(opened.get());
    m_project = std::move(opened);
    rememberRecent(m_project->dir());
    m_runLabel->clear();
    updateStatus();
    checkBackends();
    return true;
}

bool MainWindow::showWorkspace(const QString &title)
{
    for (int i = 0; i < m_workspaces.size(); ++i) {
        if (m_workspaces[i]->title().compare(title, Qt::CaseInsensitive) == 0 ||
            m_workspaces[i]->objectName().startsWith(title, Qt::CaseInsensitive)) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

void MainWindow::newProject()
{
    const QString dir = Dialogs::chooseFolder(this, tr("Choose an empty folder for the new project"), QDir::homePath());
    if (dir.isEmpty())
        return;
    const auto created = createProjectFromDefault(dir);
    if (!created) {
        showError(tr("Cannot create project"), created.errorText());
        return;
    }
    openProject(dir);
}

void MainWindow::openProjectDialog()
{
    const QString dir = Dialogs::chooseFolder(this, tr("Open a project folder (it holds sift.yaml)"),
                                              m_project ? m_project->dir() : QDir::homePath());
    if (!dir.isEmpty())
        openProject(dir);
}

void MainWindow::importDialog()
{
    if (!m_project)
        return;
    const QString file = Dialogs::chooseFile(this, tr("Import transcripts (OpenAI chat JSONL)"), m_project->dir(),
                                             tr("JSON Lines (*.jsonl *.json);;All files (*)"));
    if (!file.isEmpty())
        importTranscripts(file);
}

void MainWindow::importTranscripts(const QString &file)
{
    if (!m_project || m_import->isRunning())
        return;
    const QString dir = m_project->dir();
    m_importFile = file;
    auto result = std::make_shared<std::optional<Result<TranscriptImport>>>();
    m_importResult = result;
    statusBar()->showMessage(tr("Importing %1...").arg(QDir::toNativeSeparators(file)));
    // A large file takes a while to parse and store; the window stays usable meanwhile.
    m_import->start([dir, file, result](const auto &, const auto &) { *result = importTranscriptsIntoProject(dir, file); });
}

void MainWindow::importDone()
{
    const auto result = std::move(m_importResult);
    const bool ok = result && *result && **result;
    if (!ok) {
        showError(tr("Import failed"), result && *result ? (*result)->errorText() : tr("the import was cancelled"));
    } else {
        const TranscriptImport &counts = ***result;
        statusBar()->showMessage(tr("Imported %1 transcript(s) from %2 (%3 already in the project).")
                                     .arg(counts.imported)
                                     .arg(QDir::toNativeSeparators(m_importFile))
                                     .arg(counts.skippedDuplicates),
                                 15000);
        rereadProject();
    }
    Q_EMIT importFinished(ok);
}

bool MainWindow::importRunning() const
{
    return m_import->isRunning();
}

void MainWindow::openBackendsDialog()
{
    if (!m_project)
        return;
    BackendsDialog dialog(m_project->manifest.backends, m_project->path(Project::DatabaseFile), m_secrets, m_checker, this);
    connect(&dialog, &BackendsDialog::reportsChanged, this, [this, &dialog] {
        const auto reports = dialog.reports();
        for (auto it = reports.cbegin(); it != reports.cend(); ++it)
            showBackendReport(it.value());
    });
    dialog.exec();
}

void MainWindow::checkBackends()
{
    m_backendReports.clear();
    m_backendLabel->clear();
    if (!m_project || m_project->manifest.backends.isEmpty())
        return;
    m_backendLabel->setText(tr("Backends: checking..."));
    m_checker->check(m_project->manifest.backends, {}, BackendChecker::Depth::Lookup);
}

void MainWindow::showBackendReport(const ProbeReport &report)
{
    m_backendReports.insert(report.backend, report);
    if (!m_project)
        return;
    QStringList parts;
    QStringList tips;
    int reachable = 0;
    for (const BackendConfig &b : m_project->manifest.backends) {
        const auto it = m_backendReports.constFind(b.name);
        if (it == m_backendReports.constEnd())
            continue;
        const bool ok = it->reachable && it->modelPresent;
        reachable += ok ? 1 : 0;
        parts.append((ok ? QStringLiteral("\u2713 ") : QStringLiteral("\u2717 ")) + b.name);
        tips.append(ok ? tr("%1: reachable, %2 ms").arg(b.name).arg(it->latencyMs)
                       : tr("%1: %2").arg(b.name, !it->reachable ? it->chatProblem : it->modelProblem));
    }
    m_backendLabel->setText(tr("Backends %1/%2: %3")
                                .arg(reachable)
                                .arg(m_project->manifest.backends.size())
                                .arg(parts.join(QStringLiteral("  "))));
    m_backendLabel->setToolTip(tips.join(QLatin1Char('\n')) + tr("\nFile > Backends... to check again or store a key"));
    m_backendLabel->setStyleSheet(reachable < m_project->manifest.backends.size() ? QStringLiteral("color:#8a5a00") : QString());
}

QString MainWindow::backendStatusText() const
{
    return m_backendLabel->text();
}

void MainWindow::showRunProgress(const RunProgress &p)
{
    m_runLabel->setText(tr("Run %1: %2/%3 generated, %4 assessed \u00b7 %L5 tokens \u00b7 $%6")
                            .arg(p.runId)
                            .arg(p.generated)
                            .arg(p.target)
                            .arg(p.assessed)
                            .arg(p.inputTokens + p.outputTokens)
                            .arg(double(p.costMicroUsd) / 1e6, 0, 'f', 4));
}

QString MainWindow::runStatusText() const
{
    return m_runLabel->text();
}

QStringList MainWindow::recentProjects() const
{
    return QSettings().value(RecentKey).toStringList();
}

void MainWindow::rememberRecent(const QString &dir)
{
    QStringList recent = recentProjects();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > MaxRecent)
        recent.removeLast();
    QSettings().setValue(RecentKey, recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentProjects();
    for (const QString &dir : recent)
        m_recentMenu->addAction(QDir::toNativeSeparators(dir), this, [this, dir] { openProject(dir); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::updateStatus()
{
    if (!m_project) {
        m_projectLabel->setText(tr("No project open"));
        m_validityLabel->clear();
        setWindowTitle(tr("Sift"));
        return;
    }
    const QString name = m_project->manifest.name.isEmpty() ? QDir(m_project->dir()).dirName() : m_project->manifest.name;
    setWindowTitle(tr("%1[*] — Sift").arg(name));
    m_projectLabel->setText(tr("Project: %1  (%2)").arg(name, QDir::toNativeSeparators(m_project->dir())));
    const Diagnostics diagnostics = m_project->diagnostics();
    const int errors = errorCount(diagnostics);
    const int warnings = int(diagnostics.size()) - errors;
    m_validityLabel->setText(errors ? tr("%n error(s)", nullptr, errors) + tr(", %n warning(s)", nullptr, warnings)
                                    : (warnings ? tr("Valid, %n warning(s)", nullptr, warnings) : tr("Valid")));
    m_validityLabel->setStyleSheet(errors ? QStringLiteral("color:#b01c1c;font-weight:bold") : QString());
}

void MainWindow::showError(const QString &title, const QString &text)
{
    statusBar()->showMessage(text, 15000);
    if (isVisible())
        Dialogs::warning(this, title, text);
}

bool MainWindow::confirmCloseAll()
{
    for (Workspace *w : std::as_const(m_workspaces)) {
        if (!w->confirmClose())
            return false;
    }
    return true;
}

void MainWindow::rereadProject()
{
    if (!m_project)
        return;
    auto loaded = Project::load(m_project->dir());
    if (!loaded) {
        showError(tr("Cannot read the project again"), loaded.errorText());
        return;
    }
    // The workspaces switch to the new copy before the old one goes.
    auto reread = std::make_unique<Project>(std::move(*loaded));
    for (Workspace *w : std::as_const(m_workspaces))
        w->projectReread(reread.get());
    m_project = std::move(reread);
    updateStatus();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!confirmCloseAll()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
    settings.setValue(TabKey, m_tabs->currentIndex());
    event->accept();
}

} // namespace sift

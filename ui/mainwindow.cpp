#include "mainwindow.h"

#include "common/dialogs.h"
#include "dataset/datasetworkspace.h"
#include "design/designworkspace.h"
#include "project/project.h"
#include "project/projectsetup.h"
#include "review/transcriptsworkspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QLabel>
#include <QMenuBar>
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
    : QMainWindow(parent), m_tabs(new QTabWidget), m_projectLabel(new QLabel), m_validityLabel(new QLabel)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Sift"));
    m_tabs->setObjectName(QStringLiteral("workspaces"));
    m_tabs->setDocumentMode(true);
    m_workspaces = {new DesignWorkspace, new TranscriptsWorkspace, new DatasetWorkspace};
    for (Workspace *w : std::as_const(m_workspaces)) {
        m_tabs->addTab(w, w->title());
        connect(w, &Workspace::filesSaved, this, &MainWindow::rereadProject);
        connect(w, &Workspace::modifiedChanged, this, &QWidget::setWindowModified);
    }
    setCentralWidget(m_tabs);

    m_validityLabel->setObjectName(QStringLiteral("validityLabel"));
    statusBar()->addWidget(m_projectLabel, 1);
    statusBar()->addPermanentWidget(m_validityLabel);
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
    for (Workspace *w : std::as_const(m_workspaces)) {
        for (QAction *a : w->fileActions())
            file->addAction(a);
    }
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    rebuildRecentMenu();

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_workspaces.size(); ++i) {
        QAction *a = view->addAction(m_workspaces[i]->title(), this, [this, i] { m_tabs->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        a->setObjectName(QStringLiteral("actionView") + m_workspaces[i]->title());
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Sift"), this, [this] {
        Dialogs::about(this, tr("About Sift"),
                           tr("<h3>Sift %1</h3><p>A workbench for multi-turn fine-tuning data: design the rubric, "
                              "generate and judge conversations, review the judges, and export training data.</p>")
                               .arg(QStringLiteral(SIFT_VERSION)));
    })->setObjectName(QStringLiteral("actionAbout"));
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
    updateStatus();
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

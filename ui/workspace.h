#pragma once

#include <QList>
#include <QWidget>

class QAction;

namespace sift {

class EngineHost;
class Project;

// One mode of the main window (Design, Review, ...): brings its own widgets and shows the
// project it is given. The main window only assembles workspaces.
class Workspace : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;
    virtual QString title() const = 0;
    // Called whenever a project is opened or reloaded; null when none is open.
    virtual void setProject(const Project *project) = 0;
    // Actions the workspace adds to the main window's File menu (Export, ...).
    virtual QList<QAction *> fileActions() const { return {}; }
    // Undo and Redo of what the workspace edits, for the Edit menu while it is shown.
    virtual QList<QAction *> editActions() const { return {}; }
    // The workspace's own menu (named after it), with every action and its shortcut; empty: none.
    virtual QList<QAction *> menuActions() const { return {}; }
    // The window's one engine (runs, assessments, repairs), shared by the workspaces that start jobs.
    virtual void setEngine(EngineHost *engine) { Q_UNUSED(engine) }
    // The project was read again because files were saved (by this workspace or another); work in
    // progress stays open. By default the same as setProject().
    virtual void projectReread(const Project *project) { setProject(project); }
    // Asked before the project is closed or replaced; false when the user chose to keep it open.
    virtual bool confirmClose() { return true; }

Q_SIGNALS:
    // Files of the project were written: the window reads the project again.
    void filesSaved();
    // Whether the workspace holds edits that are not saved.
    void modifiedChanged(bool modified);
};

} // namespace sift

#pragma once

#include <QList>
#include <QWidget>

class QAction;

namespace sift {

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

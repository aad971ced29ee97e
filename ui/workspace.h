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
};

} // namespace sift

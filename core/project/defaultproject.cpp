#include "defaultproject.h"

#include "project.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

// Resources in a static library must be registered explicitly (outside any namespace).
static void registerDefaultProjectResources()
{
    Q_INIT_RESOURCE(defaultproject);
}

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::DefaultProject", text);
}
} // namespace

QStringList DefaultProject::files()
{
    return Project::artifactFiles();
}

QString DefaultProject::resourcePath(const QString &relative)
{
    static const bool registered = (registerDefaultProjectResources(), true);
    Q_UNUSED(registered);
    return QStringLiteral(":/defaultproject/") + relative;
}

QByteArray DefaultProject::file(const QString &relative)
{
    QFile f(resourcePath(relative));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

Result<QStringList> DefaultProject::writeTo(const QString &dir)
{
    const QDir target(dir);
    if (QFileInfo::exists(target.filePath(Project::ManifestFile)))
        return Diagnostic::error(target.filePath(Project::ManifestFile), 0, 0,
                                 tr("%1 already holds a project").arg(dir),
                                 tr("choose an empty folder, or open the existing project"));
    QStringList written;
    for (const QString &relative : files()) {
        const QByteArray content = file(relative);
        if (content.isEmpty())
            return Diagnostic::error(relative, 0, 0, tr("the bundled default project lacks %1").arg(relative),
                                     tr("this build of Sift is incomplete; rebuild it"));
        const QString path = target.filePath(relative);
        if (!QDir().mkpath(QFileInfo(path).absolutePath()))
            return Diagnostic::error(path, 0, 0, tr("cannot create the folder for %1").arg(path),
                                     tr("check the permissions of %1").arg(dir));
        QSaveFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size() || !out.commit())
            return Diagnostic::error(path, 0, 0, tr("cannot write %1: %2").arg(path, out.errorString()),
                                     tr("check that the folder is writable and the disk is not full"));
        written.append(relative);
    }
    return written;
}

} // namespace sift

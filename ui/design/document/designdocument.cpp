#include "designdocument.h"

#include "fieldeditcommand.h"
#include "replacetextcommand.h"
#include "sourceeditcommand.h"
#include "structureeditcommand.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSaveFile>
#include <QUndoStack>

namespace sift {

namespace {
// The editors work on "\n" line ends (what Qt's text widgets use); the file keeps its own.
QString decode(const QByteArray &bytes, bool *crlf)
{
    QString text = QString::fromUtf8(bytes);
    *crlf = text.contains(QLatin1String("\r\n"));
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    return text;
}
} // namespace

DesignDocument::DesignDocument(QString projectDir, QString relativePath, QObject *parent)
    : QObject(parent), m_projectDir(std::move(projectDir)), m_relativePath(std::move(relativePath)),
      m_undoStack(new QUndoStack(this)), m_watcher(new QFileSystemWatcher(this))
{
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] {
        checkDisk();
        watch(); // a file replaced by rename (as editors and Sift's own saves do) drops the watch
    });
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] {
        checkDisk();
        watch();
    });
}

DesignDocument::~DesignDocument() = default;

QString DesignDocument::filePath() const
{
    return QDir(m_projectDir).filePath(m_relativePath);
}

bool DesignDocument::fileExists() const
{
    return QFileInfo::exists(filePath());
}

std::optional<QByteArray> DesignDocument::readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return f.readAll();
}

void DesignDocument::watch()
{
    const QString path = filePath();
    if (QFileInfo::exists(path) && !m_watcher->files().contains(path))
        m_watcher->addPath(path);
    // The folder too, so a file deleted and written anew is noticed.
    const QString folder = QFileInfo(path).absolutePath();
    if (QFileInfo::exists(folder) && !m_watcher->directories().contains(folder))
        m_watcher->addPath(folder);
}

void DesignDocument::setDiskState(const std::optional<QByteArray> &bytes)
{
    m_disk = bytes;
    bool crlf = false;
    m_diskText = bytes ? decode(*bytes, &crlf) : QString();
    if (bytes)
        m_crlf = crlf;
}

bool DesignDocument::load()
{
    const auto bytes = readFile(filePath());
    setDiskState(bytes);
    m_text = m_diskText;
    m_undoStack->clear();
    m_externalChange = false;
    reparse();
    m_wasModified = isModified();
    watch();
    Q_EMIT textChanged(TextChange{0, QString(), m_text});
    return bytes.has_value();
}

Status DesignDocument::save()
{
    QByteArray bytes = m_text.toUtf8();
    if (m_crlf)
        bytes.replace("\n", "\r\n");
    QDir().mkpath(QFileInfo(filePath()).absolutePath());
    QSaveFile out(filePath());
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return Diagnostic::error(m_relativePath, 0, 0,
                                 tr("cannot write %1: %2").arg(m_relativePath, out.errorString()),
                                 tr("check that the folder is writable and the disk is not full"));
    // Remembered before the watcher reports the write, so Sift's own save is never taken for
    // another program's change.
    setDiskState(bytes);
    m_externalChange = false;
    m_undoStack->setClean();
    watch();
    if (m_wasModified) {
        m_wasModified = false;
        Q_EMIT modifiedChanged(false);
    }
    Q_EMIT saved();
    return Done{};
}

void DesignDocument::revert()
{
    replaceText(m_diskText, tr("Revert to the saved file"));
}

void DesignDocument::reloadFromDisk()
{
    const auto bytes = readFile(filePath());
    setDiskState(bytes);
    m_externalChange = false;
    replaceText(m_diskText, tr("Reload from disk"));
    if (isModified() != m_wasModified) {
        m_wasModified = isModified();
        Q_EMIT modifiedChanged(m_wasModified);
    }
    Q_EMIT externalChangeResolved();
}

void DesignDocument::keepOwnVersion()
{
    // What is on disk now is the baseline; the text differs from it until saved.
    setDiskState(readFile(filePath()));
    m_externalChange = false;
    if (isModified() != m_wasModified) {
        m_wasModified = isModified();
        Q_EMIT modifiedChanged(m_wasModified);
    }
    Q_EMIT externalChangeResolved();
}

bool DesignDocument::checkDisk()
{
    const auto bytes = readFile(filePath());
    if (bytes == m_disk)
        return false;
    bool crlf = false;
    if (bytes && decode(*bytes, &crlf) == m_text) {
        // Someone wrote exactly what the editor holds: nothing to decide.
        setDiskState(bytes);
        m_externalChange = false;
        if (m_wasModified) {
            m_wasModified = false;
            Q_EMIT modifiedChanged(false);
        }
        return false;
    }
    m_externalChange = true;
    Q_EMIT changedOnDisk();
    return true;
}

void DesignDocument::editText(const QString &newText, EditKind kind, const QString &description,
                              const QString &mergeKey)
{
    const TextChange change = TextChange::between(m_text, newText);
    if (change.isEmpty())
        return;
    if (kind == EditKind::Field)
        m_undoStack->push(new FieldEditCommand(this, change, description, mergeKey));
    else
        m_undoStack->push(new StructureEditCommand(this, change, description));
}

void DesignDocument::editSource(const TextChange &change)
{
    if (!change.isEmpty())
        m_undoStack->push(new SourceEditCommand(this, change));
}

void DesignDocument::replaceText(const QString &newText, const QString &description)
{
    const TextChange change = TextChange::between(m_text, newText);
    if (!change.isEmpty())
        m_undoStack->push(new ReplaceTextCommand(this, change, description));
}

void DesignDocument::applyChange(const TextChange &change)
{
    m_text = change.applyTo(m_text);
    reparse();
    Q_EMIT textChanged(change);
    if (isModified() != m_wasModified) {
        m_wasModified = isModified();
        Q_EMIT modifiedChanged(m_wasModified);
    }
}

} // namespace sift

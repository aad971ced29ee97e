#include "promptversions.h"

#include "design/prompttemplate.h"
#include "project.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::PromptVersions", text);
}

const QString ManifestName = QStringLiteral("version.json");
} // namespace

QStringList PromptVersions::versionedFiles()
{
    QStringList files;
    for (const PromptKind kind : PromptTemplate::allKinds())
        files.append(PromptTemplate::relativePath(kind));
    files.append(Project::RubricFile);
    return files;
}

PromptVersions::PromptVersions(QString projectDir) : m_dir(std::move(projectDir)) {}

QString PromptVersions::hashOf(const QList<QPair<QString, QByteArray>> &files)
{
    QList<QPair<QString, QByteArray>> sorted = files;
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const auto &[path, content] : sorted) {
        h.addData(path.toUtf8());
        h.addData(QByteArrayView("\0", 1));
        h.addData(QByteArray::number(content.size()));
        h.addData(QByteArrayView("\0", 1));
        h.addData(content);
    }
    return QString::fromLatin1(h.result().toHex());
}

QString PromptVersions::contentHash(const QByteArray &content)
{
    return QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

Result<QList<QPair<QString, QByteArray>>> PromptVersions::readFiles(const QString &dir, const QStringList &names)
{
    QList<QPair<QString, QByteArray>> files;
    for (const QString &relative : names) {
        QFile f(QDir(dir).filePath(relative));
        if (!f.exists())
            continue;  // a project may lack a prompt; validation says so, versions simply omit it
        if (!f.open(QIODevice::ReadOnly))
            return Diagnostic::error(relative, 0, 0, tr("cannot read %1: %2").arg(relative, f.errorString()));
        files.append({relative, f.readAll()});
    }
    return files;
}

Result<QString> PromptVersions::designHash(const QString &projectDir)
{
    const auto files = readFiles(projectDir, Project::artifactFiles());
    if (!files)
        return Result<QString>::failure(files.diagnostics());
    return hashOf(*files);
}

Result<QString> PromptVersions::currentHash() const
{
    const auto files = readFiles(m_dir, versionedFiles());
    if (!files)
        return Result<QString>::failure(files.diagnostics());
    return hashOf(*files);
}

Result<DesignVersion> PromptVersions::record(const QDateTime &nowUtc)
{
    const auto files = readFiles(m_dir, versionedFiles());
    if (!files)
        return Result<DesignVersion>::failure(files.diagnostics());
    const QString hash = hashOf(*files);
    const auto existing = list();
    if (existing) {
        for (const DesignVersion &v : *existing) {
            if (v.hash == hash)
                return v;
        }
    }

    DesignVersion v;
    v.hash = hash;
    v.createdAt = nowUtc.toUTC();
    v.id = v.createdAt.toString(QStringLiteral("yyyyMMdd-HHmmss")) + QLatin1Char('-') + hash.left(12);
    QDir root(m_dir);
    const QString staging = Folder + QStringLiteral("/.staging-") + v.id;
    const auto fail = [&](const QString &what) {
        QDir(root.filePath(staging)).removeRecursively();
        return Diagnostic::error(Folder, 0, 0, what, tr("check that the project folder is writable and the disk not full"));
    };
    // Written into a staging folder and renamed into place: a version is whole or absent.
    QDir(root.filePath(staging)).removeRecursively();
    for (const auto &[relative, content] : *files) {
        const QString target = root.filePath(staging + QLatin1Char('/') + relative);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()))
            return fail(tr("cannot create %1").arg(QFileInfo(target).absolutePath()));
        QSaveFile out(target);
        if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size() || !out.commit())
            return fail(tr("cannot write %1: %2").arg(target, out.errorString()));
        v.files.append(relative);
        v.fileHashes.insert(relative, contentHash(content));
    }
    QJsonObject fileHashes;
    for (auto it = v.fileHashes.cbegin(); it != v.fileHashes.cend(); ++it)
        fileHashes.insert(it.key(), it.value());
    const QJsonObject manifest{{QStringLiteral("hash"), hash},
                               {QStringLiteral("created_at"), v.createdAt.toString(Qt::ISODate)},
                               {QStringLiteral("files"), QJsonArray::fromStringList(v.files)},
                               {QStringLiteral("file_hashes"), fileHashes}};
    QSaveFile out(root.filePath(staging + QLatin1Char('/') + ManifestName));
    const QByteArray json = QJsonDocument(manifest).toJson(QJsonDocument::Indented);
    if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size() || !out.commit())
        return fail(tr("cannot write the version manifest: %1").arg(out.errorString()));
    if (!root.rename(staging, Folder + QLatin1Char('/') + v.id))
        return fail(tr("cannot move version %1 into place").arg(v.id));
    return v;
}

Result<QList<DesignVersion>> PromptVersions::list() const
{
    QList<DesignVersion> out;
    const QDir folder(QDir(m_dir).filePath(Folder));
    if (!folder.exists())
        return out;
    for (const QString &id : folder.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        QFile f(folder.filePath(id + QLatin1Char('/') + ManifestName));
        if (id.startsWith(QLatin1Char('.')) || !f.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        DesignVersion v;
        v.id = id;
        v.hash = o.value(QStringLiteral("hash")).toString();
        v.createdAt = QDateTime::fromString(o.value(QStringLiteral("created_at")).toString(), Qt::ISODate);
        const QJsonObject hashes = o.value(QStringLiteral("file_hashes")).toObject();
        for (const QJsonValue &file : o.value(QStringLiteral("files")).toArray()) {
            v.files.append(file.toString());
            if (hashes.contains(file.toString())) {
                v.fileHashes.insert(file.toString(), hashes.value(file.toString()).toString());
            } else {
                // Recorded before versions kept per-file hashes: the copy in the folder has the content.
                QFile copy(folder.filePath(id + QLatin1Char('/') + file.toString()));
                if (copy.open(QIODevice::ReadOnly))
                    v.fileHashes.insert(file.toString(), contentHash(copy.readAll()));
            }
        }
        if (!v.hash.isEmpty())
            out.append(v);
    }
    std::sort(out.begin(), out.end(), [](const DesignVersion &a, const DesignVersion &b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
    });
    return out;
}

Result<QByteArray> PromptVersions::read(const QString &versionId, const QString &file) const
{
    if (versionId.contains(QLatin1String("..")) || file.contains(QLatin1String("..")) || QDir::isAbsolutePath(file))
        return Diagnostic::error(Folder, 0, 0, tr("invalid version or file name"));
    QFile f(QDir(m_dir).filePath(Folder + QLatin1Char('/') + versionId + QLatin1Char('/') + file));
    if (!f.open(QIODevice::ReadOnly))
        return Diagnostic::error(Folder + QLatin1Char('/') + versionId + QLatin1Char('/') + file, 0, 0,
                                 tr("version %1 has no %2").arg(versionId, file));
    return f.readAll();
}

} // namespace sift

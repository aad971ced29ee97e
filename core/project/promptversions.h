#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QMap>
#include <QStringList>

namespace sift {

// One recorded version of the files that shape generation and judging.
struct DesignVersion
{
    QString id;          // the folder under prompt_versions/: "20261123-091500-3fa2c1d9e0b1"
    QString hash;        // SHA-256 over the files' paths and contents
    QDateTime createdAt; // UTC
    QStringList files;   // relative to the project folder
    QMap<QString, QString> fileHashes;  // each file's own SHA-256, so a change is traced to the file
};

// prompt_versions/: a copy of every version of the prompts and the rubric a run used, so any batch
// can be traced to the exact text that produced and judged it, and an editor can diff or restore it.
// A version is written once per distinct content (recording the same content again returns the
// existing version) and appears whole or not at all.
class PromptVersions
{
public:
    static inline const QString Folder = QStringLiteral("prompt_versions");

    // The system prompt, the four prompt templates and the rubric.
    static QStringList versionedFiles();

    explicit PromptVersions(QString projectDir);

    // The hash of the files as they are on disk now.
    Result<QString> currentHash() const;
    // Records the files as they are now, unless a version with the same content exists.
    Result<DesignVersion> record(const QDateTime &nowUtc);
    // Every version, oldest first. Folders that are not whole versions are skipped.
    Result<QList<DesignVersion>> list() const;
    Result<QByteArray> read(const QString &versionId, const QString &file) const;

    static QString hashOf(const QList<QPair<QString, QByteArray>> &files);
    // The SHA-256 of one file's content, in hex.
    static QString contentHash(const QByteArray &content);
    // The hash of every design file a run depends on (sift.yaml, model choice, taxonomy, rubric,
    // personas, prompts): a run resumes only while this is unchanged.
    static Result<QString> designHash(const QString &projectDir);

private:
    static Result<QList<QPair<QString, QByteArray>>> readFiles(const QString &dir, const QStringList &files);
    QString m_dir;
};

} // namespace sift

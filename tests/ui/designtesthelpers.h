#pragma once

// Shared by the design editor tests: a fresh copy of the bundled project, and reading and writing
// its files as another program would.

#include "project/projectsetup.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

namespace sift::testing {

inline QByteArray readBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// The lines of `after` that differ from `before`, as "-old"/"+new" (both texts with the same number of
// lines).
inline QStringList changedLines(const QByteArray &before, const QByteArray &after)
{
    const QList<QByteArray> a = before.split('\n');
    const QList<QByteArray> b = after.split('\n');
    QStringList out;
    for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
        if (a.value(i) != b.value(i))
            out << QStringLiteral("-") + QString::fromUtf8(a.value(i))
                << QStringLiteral("+") + QString::fromUtf8(b.value(i));
    }
    return out;
}

// The 1-based line of the first line of `text` containing `needle`, or 0.
inline int lineOf(const QString &text, const QString &needle)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].contains(needle))
            return i + 1;
    }
    return 0;
}

// A project created from the bundled default in a temporary folder. The default is written once
// per test program and copied for each test, which keeps the tests fast.
class TestProject
{
public:
    TestProject() : m_dir(m_tmp.filePath(QStringLiteral("project")))
    {
        if (!copyFolder(templateDir(), m_dir))
            qFatal("cannot copy the test project to %s", qPrintable(m_dir));
    }
    QString dir() const { return m_dir; }
    QString path(const QString &relative) const { return QDir(m_dir).filePath(relative); }

private:
    static QString templateDir()
    {
        static QTemporaryDir tmp;
        static const QString dir = [] {
            const QString d = tmp.filePath(QStringLiteral("default"));
            const auto created = createProjectFromDefault(d);
            if (!created)
                qFatal("cannot create the test project: %s", qPrintable(created.errorText()));
            return d;
        }();
        return dir;
    }

    static bool copyFolder(const QString &from, const QString &to)
    {
        if (!QDir().mkpath(to))
            return false;
        const QDir source(from);
        for (const QFileInfo &entry :
             source.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
            const QString target = QDir(to).filePath(entry.fileName());
            if (entry.isDir() ? !copyFolder(entry.filePath(), target)
                              : !QFile::copy(entry.filePath(), target))
                return false;
        }
        return true;
    }

    QTemporaryDir m_tmp;
    QString m_dir;
};

} // namespace sift::testing

// prompt_versions/: one copy per distinct content of the prompts and the rubric, whole or absent.

#include "project/defaultproject.h"
#include "project/promptversions.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;

namespace {
bool append(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::Append) && f.write(text) == text.size();
}
const QDateTime t0(QDate(2026, 11, 23), QTime(9, 15, 0), Qt::UTC);
} // namespace

class TestPromptVersions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void recordsEachDistinctContentOnce();
    void readsBackExactBytes();
    void theHashCoversPathsAndContents();
    void halfWrittenVersionsAreIgnored();
    void eachFileHasItsOwnHash();

private:
    QTemporaryDir m_tmp;
    QString m_dir;
    int m_n = 0;
};

void TestPromptVersions::init()
{
    m_dir = m_tmp.filePath(QStringLiteral("p%1").arg(++m_n));
    QVERIFY(DefaultProject::writeTo(m_dir).ok());
}

void TestPromptVersions::recordsEachDistinctContentOnce()
{
    PromptVersions versions(m_dir);
    QCOMPARE(versions.list()->size(), 0);
    const auto first = versions.record(t0);
    QVERIFY2(first.ok(), qPrintable(first.errorText()));
    QCOMPARE(first->id, QStringLiteral("20261123-091500-") + first->hash.left(12));
    QCOMPARE(first->files, PromptVersions::versionedFiles());
    QCOMPARE(first->hash, *versions.currentHash());

    // Nothing changed: the same version, no new folder.
    const auto again = versions.record(t0.addSecs(60));
    QCOMPARE(again->id, first->id);
    QCOMPARE(versions.list()->size(), 1);

    QVERIFY(append(QDir(m_dir).filePath(QStringLiteral("config/prompts/judge.md")), "\nBe strict.\n"));
    const auto second = versions.record(t0.addSecs(120));
    QVERIFY(second->hash != first->hash);
    const QList<DesignVersion> all = *versions.list();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all[0].id, first->id);  // oldest first
    QCOMPARE(all[1].id, second->id);
    QCOMPARE(all[1].createdAt, t0.addSecs(120));
}

void TestPromptVersions::readsBackExactBytes()
{
    PromptVersions versions(m_dir);
    const auto v = versions.record(t0);
    QFile judge(QDir(m_dir).filePath(QStringLiteral("config/prompts/judge.md")));
    QVERIFY(judge.open(QIODevice::ReadOnly));
    const QByteArray original = judge.readAll();
    judge.close();
    QVERIFY(append(judge.fileName(), "changed"));
    QCOMPARE(*versions.read(v->id, QStringLiteral("config/prompts/judge.md")), original);
    QVERIFY(!versions.read(v->id, QStringLiteral("config/nothing.md")).ok());
    QVERIFY(!versions.read(v->id, QStringLiteral("../../etc/passwd")).ok());
}

void TestPromptVersions::theHashCoversPathsAndContents()
{
    const QString a = PromptVersions::hashOf({{QStringLiteral("x.md"), "ab"}, {QStringLiteral("y.md"), "c"}});
    QCOMPARE(PromptVersions::hashOf({{QStringLiteral("y.md"), "c"}, {QStringLiteral("x.md"), "ab"}}), a);  // order-free
    QVERIFY(PromptVersions::hashOf({{QStringLiteral("x.md"), "a"}, {QStringLiteral("y.md"), "bc"}}) != a);  // boundaries count
    QVERIFY(PromptVersions::hashOf({{QStringLiteral("z.md"), "ab"}, {QStringLiteral("y.md"), "c"}}) != a);
    QCOMPARE(a.size(), 64);
}

void TestPromptVersions::halfWrittenVersionsAreIgnored()
{
    PromptVersions versions(m_dir);
    const auto v = versions.record(t0);
    // A process killed mid-write leaves only a staging folder, or a folder without its manifest.
    QVERIFY(QDir(m_dir).mkpath(QStringLiteral("prompt_versions/.staging-20261123-100000-abc")));
    QVERIFY(QDir(m_dir).mkpath(QStringLiteral("prompt_versions/20261123-100000-abcdefabcdef/config")));
    QCOMPARE(versions.list()->size(), 1);
    QCOMPARE(versions.list()->first().id, v->id);
}

void TestPromptVersions::eachFileHasItsOwnHash()
{
    auto sha = [this](const QString &relative) {
        QFile f(QDir(m_dir).filePath(relative));
        return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex())
                                           : QString();
    };
    PromptVersions versions(m_dir);
    const auto first = versions.record(t0);
    QVERIFY(first.ok());
    QCOMPARE(first->fileHashes.keys(), [] {
        QStringList files = PromptVersions::versionedFiles();
        files.sort();
        return files;
    }());
    for (const QString &file : PromptVersions::versionedFiles())
        QCOMPARE(first->fileHashes.value(file), sha(file));
    // Written into version.json and read back.
    QFile manifest(QDir(m_dir).filePath(QStringLiteral("prompt_versions/%1/version.json").arg(first->id)));
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    const QJsonObject written = QJsonDocument::fromJson(manifest.readAll()).object().value(QStringLiteral("file_hashes")).toObject();
    manifest.close();
    QCOMPARE(written.size(), PromptVersions::versionedFiles().size());
    QCOMPARE(written.value(QStringLiteral("config/rubric.yaml")).toString(), sha(QStringLiteral("config/rubric.yaml")));
    QCOMPARE(versions.list()->first().fileHashes, first->fileHashes);

    // One prompt changes: only its hash does.
    const QString judge = QStringLiteral("config/prompts/judge.md");
    QVERIFY(append(QDir(m_dir).filePath(judge), "\nBe strict.\n"));
    const auto second = versions.record(t0.addSecs(60));
    for (const QString &file : PromptVersions::versionedFiles()) {
        if (file == judge)
            QVERIFY(second->fileHashes.value(file) != first->fileHashes.value(file));
        else
            QCOMPARE(second->fileHashes.value(file), first->fileHashes.value(file));
    }
    QCOMPARE(second->fileHashes.value(judge), sha(judge));

    // A version recorded without per-file hashes gets them from its copies.
    QJsonObject old = QJsonDocument::fromJson(*versions.read(first->id, QStringLiteral("version.json"))).object();
    old.remove(QStringLiteral("file_hashes"));
    QVERIFY(manifest.open(QIODevice::WriteOnly | QIODevice::Truncate));
    manifest.write(QJsonDocument(old).toJson());
    manifest.close();
    QCOMPARE(versions.list()->first().id, first->id);
    QCOMPARE(versions.list()->first().fileHashes, first->fileHashes);
}

QTEST_GUILESS_MAIN(TestPromptVersions)
#include "tst_promptversions.moc"

#pragma once

// What the engine tests share beyond the project and the responder (engineharness.h): an engine
// driven on the test's thread with a client of its own, and ways to read what a run left behind.

#include "engine/runengine.h"
#include "engineharness.h"
#include "llm/calllog.h"
#include "llm/chatsubmitter.h"
#include "llm/clock.h"
#include "llm/httptransport.h"
#include "llm/llmclient.h"
#include "project/project.h"

#include <QSqlQuery>
#include <QTest>

#include <memory>

namespace sift::test {

// The project database as the client's response cache and call log, or none.
inline std::unique_ptr<ProjectStore> callLogFor(const QString &dir, bool wanted)
{
    auto store = wanted ? ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db"))) : Result<std::unique_ptr<ProjectStore>>(Diagnostic{});
    return store ? std::move(*store) : nullptr;
}

// An engine on this thread with a client of its own, as a test drives it; with `callLog`, the client
// keeps its response cache and call log in the project database, as the application's does.
struct Harness
{
    enum class CallLog { None, Project };

    explicit Harness(const QString &dir, CallLog log = CallLog::None)
        : logStore(callLogFor(dir, log == CallLog::Project)), callStore(logStore ? std::make_unique<ProjectCallStore>(*logStore) : nullptr),
          client(&transport, &clock, callStore.get(), LlmClient::Options{1, true}), submitter(client), engine(dir, &submitter)
    {
        auto project = Project::load(dir);
        for (const BackendConfig &b : project->manifest.backends)
            client.addBackend(b, KeyLookup{{}, QStringLiteral("none needed"), {}});
        QObject::connect(&engine, &RunEngine::finished, [this](RunEngine::Outcome o, const QString &s, const Diagnostics &p) {
            outcome = o;
            summary = s;
            problems = p;
            done = true;
        });
        QObject::connect(&engine, &RunEngine::batchFinished, [this](const BatchReport &r) { reports.append(r); });
        QObject::connect(&engine, &RunEngine::notice, [this](const QString &n) { notices.append(n); });
    }
    bool wait(int ms = 60000) { return QTest::qWaitFor([this] { return done; }, ms); }
    // Starts a run and waits for its end.
    bool run(const RunOptions &options, int ms = 60000)
    {
        engine.start(options);
        return wait(ms);
    }

    std::unique_ptr<ProjectStore> logStore;
    std::unique_ptr<ProjectCallStore> callStore;
    QtHttpTransport transport;
    SystemClock clock;
    LlmClient client;
    DirectSubmitter submitter;
    RunEngine engine;
    bool done = false;
    RunEngine::Outcome outcome = RunEngine::Outcome::Failed;
    QString summary;
    Diagnostics problems;
    QList<BatchReport> reports;
    QStringList notices;
};

inline RunOptions runOptions(int count, const QString &kind = QStringLiteral("run"))
{
    RunOptions o;
    o.kind = kind;
    o.count = count;
    return o;
}

// Everything a run leaves, in a form two runs can be compared by.
inline QStringList snapshot(const QString &dir)
{
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    QStringList out;
    QSqlQuery q((*store)->database());
    q.exec(QStringLiteral("SELECT t.uid, t.status, t.persona_json, t.scenario_json, t.assessment, t.score, t.passed, "
                          "(SELECT group_concat(idx || ':' || role || ':' || content || ':' || COALESCE(flaws_json, ''), '|') "
                          "FROM (SELECT * FROM turns WHERE transcript_id = t.id ORDER BY idx)) FROM transcripts t "
                          "WHERE t.source = 'generated' ORDER BY t.uid"));
    while (q.next()) {
        QStringList row;
        for (int i = 0; i < 8; ++i)
            row.append(q.value(i).toString());
        out.append(row.join(QLatin1Char('#')));
    }
    q.exec(QStringLiteral("SELECT t.uid, v.judge, v.criterion, v.answer, v.turn FROM verdicts v JOIN transcripts t ON "
                          "t.id = v.transcript_id WHERE t.source = 'generated' ORDER BY t.uid, v.judge, v.criterion"));
    while (q.next())
        out.append(QStringLiteral("%1 %2 %3 %4 %5")
                       .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString())
                       .arg(q.value(4).toInt()));
    return out;
}

// The first column of the first row of `sql`, or -1.
inline qint64 scalar(const QString &dir, const QString &sql)
{
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    QSqlQuery q((*store)->database());
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

inline int rows(const QString &dir, const QString &sql)
{
    return int(scalar(dir, sql));
}

// Replaces `from` with `to` in a project file; false when `from` is not there.
inline bool editFile(const QString &path, const QByteArray &from, const QByteArray &to)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    QByteArray text = f.readAll();
    f.close();
    if (!text.contains(from))
        return false;
    text.replace(from, to);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

} // namespace sift::test

// Runs the engine on a project until it finishes, as sift-cli would, for tests that kill it at
// random moments: engine_runner DIR start COUNT | engine_runner DIR resume. Prints the outcome.

#include "engine/runengine.h"
#include "llm/keys.h"
#include "llm/llmservice.h"
#include "project/project.h"

#include <QCoreApplication>
#include <QMetaEnum>

#include <cstdio>

using namespace sift;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 3)
        return 2;
    const QString dir = QString::fromLocal8Bit(argv[1]);
    const QByteArray mode = argv[2];
    auto project = Project::load(dir);
    if (!project)
        return 2;
    LlmService llm;
    LlmService::Config config;
    config.backends = project->manifest.backends;
    config.databasePath = project->path(Project::DatabaseFile);
    llm.start(config, KeyResolver(QProcessEnvironment(), nullptr));
    RunEngine engine(dir, &llm);
    int code = 1;
    QObject::connect(&engine, &RunEngine::finished, [&](RunEngine::Outcome outcome, const QString &summary, const Diagnostics &problems) {
        std::printf("finished %s: %s\n", QMetaEnum::fromType<RunEngine::Outcome>().valueToKey(int(outcome)), qPrintable(summary));
        for (const Diagnostic &d : problems)
            std::printf("  %s\n", qPrintable(d.toString()));
        std::fflush(stdout);
        code = outcome == RunEngine::Outcome::Completed ? 0 : 1;
        app.quit();
    });
    QObject::connect(&llm, &LlmService::ready, [&] {
        if (mode == "start") {
            RunOptions o;
            o.count = argc > 3 ? QByteArray(argv[3]).toInt() : 10;
            o.force = true;
            engine.start(o);
        } else {
            engine.resume();
        }
    });
    if (llm.isReady())
        Q_EMIT llm.ready();
    app.exec();
    return code;
}

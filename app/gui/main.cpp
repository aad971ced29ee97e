// sift: the desktop workbench. Argument parsing only; the window lives in sift_ui.

#include "design/designworkspace.h"
#include "mainwindow.h"
#include "review/reviewworkspace.h"
#include "project/projectsetup.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>
#include <cstdlib>

namespace {

// Without a display Qt would abort with a cryptic platform-plugin error; say what to do instead.
bool displayAvailable()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty())
        return true;
    return !qgetenv("DISPLAY").isEmpty() || !qgetenv("WAYLAND_DISPLAY").isEmpty();
}

bool wantsHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "-h" || a == "--help" || a == "-v" || a == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (!displayAvailable() && !wantsHelpOrVersion(argc, argv)) {
        std::fputs("sift: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                   "  Work headless with the command-line tool, which does everything the GUI does to data:\n"
                   "      build/release/app/sift-cli --help\n"
                   "      build/release/app/sift-cli validate DIR\n"
                   "  Or run the window on a virtual display:\n"
                   "      xvfb-run -a make run\n"
                   "  Or render it offscreen to an image:\n"
                   "      QT_QPA_PLATFORM=offscreen build/release/app/sift --screenshot sift.png\n",
                   stderr);
        return 2;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Sift"));
    QApplication::setOrganizationName(QStringLiteral("Sift"));
    QApplication::setApplicationVersion(QStringLiteral(SIFT_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sift: a workbench for multi-turn fine-tuning data."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption projectOption(QStringLiteral("project"), QStringLiteral("Open the project in DIR."),
                                           QStringLiteral("DIR"));
    const QCommandLineOption viewOption(QStringLiteral("view"), QStringLiteral("Start in a workspace (design, run, review, dataset)."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                              QStringLiteral("Render the window to FILE.png and quit."),
                                              QStringLiteral("FILE"));
    const QCommandLineOption delayOption(QStringLiteral("screenshot-delay"),
                                         QStringLiteral("Wait MS milliseconds before the screenshot, for background work such as "
                                                        "the audit (default 300)."),
                                         QStringLiteral("MS"), QStringLiteral("300"));
    const QCommandLineOption fileOption(QStringLiteral("file"),
                                        QStringLiteral("Show this project file in the Design workspace, e.g. config/rubric.yaml."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption transcriptOption(QStringLiteral("transcript"),
                                              QStringLiteral("Show this transcript in the Review workspace."), QStringLiteral("UID"));
    parser.addOptions({projectOption, viewOption, fileOption, transcriptOption, screenshotOption, delayOption});
    parser.process(app);

    QString dir = parser.value(projectOption);
    sift::MainWindow window;
    if (dir.isEmpty() && !window.recentProjects().isEmpty() &&
        QFileInfo::exists(QDir(window.recentProjects().first()).filePath(QStringLiteral("sift.yaml"))))
        dir = window.recentProjects().first();
    if (dir.isEmpty()) {
        // First start: write out the bundled default project and open it.
        dir = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                  .filePath(QStringLiteral("default-project"));
        if (!QFileInfo::exists(QDir(dir).filePath(QStringLiteral("sift.yaml")))) {
            const auto created = sift::createProjectFromDefault(dir);
            if (!created)
                std::fprintf(stderr, "sift: %s\n", qPrintable(created.errorText()));
        }
    }
    window.openProject(dir);
    if (parser.isSet(viewOption) && !window.showWorkspace(parser.value(viewOption)))
        std::fprintf(stderr, "sift: unknown workspace '%s'\n", qPrintable(parser.value(viewOption)));
    if (parser.isSet(fileOption)) {
        auto *design = window.findChild<sift::DesignWorkspace *>();
        if (!sift::DesignWorkspace::fileOrder().contains(parser.value(fileOption)))
            std::fprintf(stderr, "sift: %s is not a design file\n", qPrintable(parser.value(fileOption)));
        else if (design)
            design->showFile(parser.value(fileOption));
    }

    if (parser.isSet(transcriptOption)) {
        auto *review = window.findChild<sift::ReviewWorkspace *>();
        if (!review || !review->showTranscript(parser.value(transcriptOption)))
            std::fprintf(stderr, "sift: the project has no transcript %s\n", qPrintable(parser.value(transcriptOption)));
    }

    if (parser.isSet(screenshotOption)) {
        window.resize(1400, 900);
        window.show();
        const QString file = parser.value(screenshotOption);
        QTimer::singleShot(qMax(0, parser.value(delayOption).toInt()), &window, [&window, file] {
            const bool saved = window.grab().save(file);
            if (!saved)
                std::fprintf(stderr, "sift: cannot write %s\n", qPrintable(file));
            QApplication::exit(saved ? 0 : 1);
        });
        return app.exec();
    }
    window.show();
    return app.exec();
}

#include "cliutil.h"

#include <QDir>

namespace sift::cli {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

QString located(const QString &dir, Diagnostic d)
{
    if (!d.file.isEmpty() && QDir::isRelativePath(d.file))
        d.file = QDir(dir).filePath(d.file);
    return d.toString();
}

void printDiagnostics(const QString &dir, const Diagnostics &diagnostics, QTextStream &stream)
{
    for (const Diagnostic &d : diagnostics)
        stream << located(dir, d) << '\n';
}

int errorsSummary(const Diagnostics &diagnostics)
{
    const int errors = errorCount(diagnostics);
    out() << QStringLiteral("%1 error(s), %2 warning(s)\n").arg(errors).arg(diagnostics.size() - errors);
    return errors ? Invalid : Ok;
}

std::optional<QStringList> parseCommand(QCommandLineParser &parser, const QStringList &args, int positionals,
                                        const QString &synopsis, int &exitCode)
{
    parser.setApplicationDescription(synopsis);
    parser.addHelpOption();
    if (!parser.parse(args)) {
        err() << parser.errorText() << '\n' << synopsis << '\n';
        exitCode = Usage;
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        exitCode = Ok;
        return std::nullopt;
    }
    if (positionals >= 0 && parser.positionalArguments().size() != positionals) {
        err() << "usage: " << synopsis << '\n';
        exitCode = Usage;
        return std::nullopt;
    }
    return parser.positionalArguments();
}

} // namespace sift::cli

#pragma once

// What every sift-cli command shares: exit codes, output streams, diagnostics printing and
// option parsing. Commands live in their own files and are dispatched from main.cpp.

#include "common/diagnostic.h"

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

#include <optional>

namespace sift::cli {

// The exit codes of ARCHITECTURE.md; scripts rely on them.
enum ExitCode { Ok = 0, Invalid = 1, Usage = 2, BackendFailure = 3, Cancelled = 130 };

QTextStream &out();
QTextStream &err();

// Diagnostics carry paths relative to the project; printed joined with the folder the user named,
// so editors and terminals can open them.
QString located(const QString &dir, Diagnostic d);
void printDiagnostics(const QString &dir, const Diagnostics &diagnostics, QTextStream &stream);
// Prints "N error(s), M warning(s)" and returns Invalid when there are errors.
int errorsSummary(const Diagnostics &diagnostics);

// Parses the options of one command; returns the positional arguments, or nullopt after printing
// help or usage (the exit code is then in `exitCode`).
std::optional<QStringList> parseCommand(QCommandLineParser &parser, const QStringList &args, int positionals,
                                        const QString &synopsis, int &exitCode);

} // namespace sift::cli

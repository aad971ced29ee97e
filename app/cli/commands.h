#pragma once

// One function per sift-cli command. Each takes the program name followed by the command's own
// arguments (the form QCommandLineParser expects) and returns the process exit code.

#include <QStringList>

namespace sift::cli {

int cmdInit(const QStringList &args);
int cmdValidate(const QStringList &args);
int cmdImport(const QStringList &args);
int cmdBackends(const QStringList &args);
int cmdGenerate(const QStringList &args);
int cmdRun(const QStringList &args);
int cmdAssess(const QStringList &args);
int cmdResume(const QStringList &args);
int cmdFixup(const QStringList &args);
int cmdDump(const QStringList &args);
int cmdStats(const QStringList &args);
int cmdReview(const QStringList &args);
int cmdTokens(const QStringList &args);
int cmdAudit(const QStringList &args);
int cmdExport(const QStringList &args);

} // namespace sift::cli

#pragma once

#include <QList>
#include <QString>

namespace sift {

// One finding about a project file: what is wrong, where, and what to do about it.
// Lines and columns are 1-based; 0 means "the file as a whole".
struct Diagnostic
{
    enum class Severity { Error, Warning };

    Severity severity = Severity::Error;
    QString file;  // path relative to the project folder, e.g. "config/rubric.yaml"
    int line = 0;
    int column = 0;
    QString message;
    QString hint;  // what the user can do; may be empty

    static Diagnostic error(QString file, int line, int column, QString message, QString hint = {});
    static Diagnostic warning(QString file, int line, int column, QString message, QString hint = {});

    bool isError() const { return severity == Severity::Error; }
    // "file:line:col: error: message (hint)", the form compilers use so editors can jump to it.
    QString toString() const;
    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

using Diagnostics = QList<Diagnostic>;

bool hasErrors(const Diagnostics &diagnostics);
int errorCount(const Diagnostics &diagnostics);
// The diagnostics whose line lies in [firstLine, endLine); endLine 0 means to the end of the file.
Diagnostics diagnosticsBetween(const Diagnostics &diagnostics, int firstLine, int endLine);

} // namespace sift

#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace sift {

// Where an element of a design artifact was read from: 1-based line and column, 0 when the element
// was built in code rather than read from a file.
struct SourcePos
{
    int line = 0;
    int column = 0;
    friend bool operator==(const SourcePos &, const SourcePos &) = default;
};

// Keys of a YAML mapping that Sift does not interpret, kept (as YAML text) so that saving a file
// never drops what a user or another tool wrote there.
using YamlExtras = QList<QPair<QString, QByteArray>>;

} // namespace sift

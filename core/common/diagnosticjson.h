#pragma once

#include "diagnostic.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sift {

// The machine-readable form of diagnostics that `--json` prints.
QJsonObject toJson(const Diagnostic &diagnostic);
QJsonArray toJson(const Diagnostics &diagnostics);

} // namespace sift

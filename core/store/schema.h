#pragma once

#include "projectstore.h"

namespace sift {

// Every step of the project database's schema, oldest first.
QList<Migration> schemaMigrations();

} // namespace sift

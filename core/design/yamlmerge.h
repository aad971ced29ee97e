#pragma once

#include <yaml-cpp/yaml.h>

namespace sift {

// Applies an edit made to a typed model back onto the YAML tree the model was read from.
// `before` is the model written back unedited, `after` the model written back edited; only where
// they differ does the result take `after`. Everywhere else it keeps `original`, so keys and
// spellings a model does not reproduce (an optional key left out, 'yes' for true, an unknown key's
// position) stay as the user wrote them. A key renamed in place keeps its value merged, not replaced.
YAML::Node mergeYamlChanges(const YAML::Node &original, const YAML::Node &before, const YAML::Node &after);

} // namespace sift

#pragma once

#include <optional>
#include <string>
#include <yaml-cpp/yaml.h>

namespace sift {

// Text-level editing of a YAML document, so saving an edited design artifact changes only what the
// user changed. Given the text, its parsed tree and the tree wanted:
//  - a changed scalar (a value, or a key that was renamed) is rewritten where it stands, keeping
//    its quoting style;
//  - a mapping whose keys changed or a list whose length changed is re-emitted in place of its old
//    text, at its indentation, so comments and layout everywhere else survive.
//  - items appended to or removed from a block list, and keys added to or removed from a block
//    mapping, are inserted or deleted as lines of their own.
// Returns nullopt when the document cannot be edited in place (the root itself changed shape); the
// caller then re-emits the whole document. The result is not yet verified: callers re-parse it.
enum class KeyOrder {
    Original,  // re-emitted mappings take the original's key order (for models that write their own order)
    AsGiven,   // `updated` already has the order wanted (an edit may have moved keys)
};
std::optional<std::string> editYamlText(const std::string &text, const YAML::Node &original, const YAML::Node &updated,
                                        KeyOrder order);

// Deep comparison that treats 0.80 and 0.8, or yes and true, as the same value.
bool yamlEquivalent(const YAML::Node &a, const YAML::Node &b);

// `updated` with the flow/block styles of `original` wherever both have a mapping or list (and with
// KeyOrder::Original its key order), so re-emitted text looks like the text it replaces.
YAML::Node alignToOriginal(const YAML::Node &original, const YAML::Node &updated, KeyOrder order = KeyOrder::Original);

} // namespace sift

#pragma once

#include <QString>
#include <functional>
#include <optional>

namespace sift {

// Counts the tokens of a text with the chosen model's tokenizer, or nullopt when none is loaded
// (or it cannot count this text). The prompt editor shows this count when there is one and an
// approximate count (TokenEstimate) otherwise. This is the one place an exact tokenizer plugs in:
// DesignWorkspace::setTokenCounter() hands it to every prompt editor.
using TokenCounter = std::function<std::optional<int>(const QString &text)>;

} // namespace sift

#pragma once

#include "common/diagnostic.h"

#include <QStringList>
#include <yaml-cpp/yaml.h>

namespace sift {

// The assistant prompt's configuration, read from the optional YAML front matter of
// config/prompts/assistant.md (the prompt itself is the Markdown after it):
//   anti_patterns: phrases the assistant must not overuse; the audit counts the responses using each.
//   praise_phrases: what counts as praise for the audit's early/late praise comparison; when absent,
//                   defaultPraisePhrases().
// Phrases match whole words, case-insensitively, ignoring punctuation between the words.
struct AssistantPhrases
{
    QStringList antiPatterns;
    QStringList praisePhrases;
    bool hasPraisePhrases = false;

    static QStringList defaultPraisePhrases();
    QStringList effectivePraisePhrases() const { return hasPraisePhrases ? praisePhrases : defaultPraisePhrases(); }

    static AssistantPhrases fromYaml(const YAML::Node &frontMatter, const QString &file, Diagnostics &diagnostics);
    friend bool operator==(const AssistantPhrases &, const AssistantPhrases &) = default;
};

} // namespace sift

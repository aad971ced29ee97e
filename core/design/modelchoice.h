#pragma once

#include "common/diagnostic.h"
#include "sourcepos.h"

#include <QStringList>
#include <yaml-cpp/yaml.h>

namespace sift {

// model-choice.md: the base model to fine-tune and its token limits (YAML front matter), followed
// by the documented reasons for the choice (Markdown, kept as written).
struct ModelChoice
{
    QString baseModel;
    qint64 contextWindow = 32768;
    qint64 maxTranscriptTokens = 16384;
    QString tokenizer;   // optional, relative to the project folder
    QString chatFormat;  // optional: chatml | llama3 | gemma | plain | openai
    SourcePos baseModelPos;
    SourcePos contextPos;
    SourcePos maxTokensPos;
    SourcePos tokenizerPos;
    SourcePos chatFormatPos;
    YamlExtras extras;

    static QStringList knownChatFormats();
    static ModelChoice fromYaml(const YAML::Node &frontMatter, const QString &file, Diagnostics &diagnostics);
    YAML::Node toYaml() const;
    Diagnostics validate(const QString &file) const;

    friend bool operator==(const ModelChoice &a, const ModelChoice &b)
    {
        return a.baseModel == b.baseModel && a.contextWindow == b.contextWindow &&
               a.maxTranscriptTokens == b.maxTranscriptTokens && a.tokenizer == b.tokenizer &&
               a.chatFormat == b.chatFormat;
    }
};

// A Markdown file with optional YAML front matter between '---' lines.
struct FrontMatterFile
{
    bool hasFrontMatter = false;
    // The front matter with a blank first line in place of the opening '---', so YAML line numbers
    // are the file's line numbers.
    QByteArray yaml;
    QByteArray body;

    static FrontMatterFile split(const QByteArray &text);
    // Joins front matter text (as held in `yaml`, or freshly emitted YAML) and body back into a file.
    static QByteArray join(const QByteArray &yaml, const QByteArray &body);
};

} // namespace sift

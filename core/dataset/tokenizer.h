#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <memory>
#include <string_view>
#include <vector>

namespace sift {

struct TokenizerData;

// The exact tokenizer of a model, for counting what the model will see. It reads
//  - a Hugging Face tokenizer.json that uses byte-level BPE (GPT-2, Llama 3, Qwen 2 and 3 and the
//    like), with its normalizer, pre-tokenizer, merges and added tokens;
//  - a tiktoken rank file (cl100k_base.tiktoken, o200k_base.tiktoken, r50k_base, p50k_base), with the
//    pre-tokenizer pattern and special tokens of that encoding.
// Added and special tokens written in the text are recognized as those tokens, as the Hugging Face
// library does by default and as tiktoken does with every special token allowed.
//
// A Tokenizer is immutable once loaded; copies share it, and any number of threads may use it at once.
class Tokenizer
{
public:
    enum class Kind
    {
        HuggingFace,
        Tiktoken
    };

    // tokenizer.json or a tiktoken file, told apart by content. `file` names the file in diagnostics
    // (e.g. relative to the project folder); it defaults to `path`.
    static Result<Tokenizer> load(const QString &path, const QString &file = QString());
    static Result<Tokenizer> fromHuggingFaceJson(const QByteArray &json, const QString &file);
    // `encoding` is the tiktoken encoding the ranks belong to (cl100k_base, o200k_base, p50k_base,
    // r50k_base); empty means: tell from the number of ranks.
    static Result<Tokenizer> fromTiktoken(const QByteArray &ranks, const QString &encoding,
                                          const QString &file);

    // Text is UTF-8; ill-formed sequences count as U+FFFD, as they do when the references decode bytes.
    // In a QString, a lone surrogate counts as U+FFFD too.
    std::vector<int> encode(std::string_view utf8) const;
    qint64 count(std::string_view utf8) const;
    QList<int> encode(const QString &text) const;
    qint64 count(const QString &text) const;

    // The id of an added or special token spelled exactly `text`, or -1.
    int specialTokenId(std::string_view text) const;
    Kind kind() const;
    // "cl100k_base", or for tokenizer.json the pattern family, e.g. "tokenizer.json (qwen2 pattern)".
    QString description() const;
    // One more than the highest token id.
    int vocabularySize() const;

private:
    static Result<Tokenizer> readHuggingFaceJson(const QByteArray &json, const QString &file);
    static Result<Tokenizer> readTiktoken(const QByteArray &ranks, const QString &encoding,
                                          const QString &file);
    explicit Tokenizer(std::shared_ptr<const TokenizerData> data) : d(std::move(data)) {}
    std::shared_ptr<const TokenizerData> d;
};

} // namespace sift

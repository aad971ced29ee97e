// Reading a tiktoken rank file: one "base64-token rank" line per token. The file holds neither the
// pre-tokenizer pattern nor the special tokens; both belong to the encoding and are known here by name.

#include "tokenizer.h"
#include "tokenizerdata.h"

#include <QCoreApplication>
#include <array>

namespace sift {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("sift::Tiktoken", text);
}

struct Encoding
{
    const char *name;
    PiecePattern pattern;
    std::uint32_t ranks; // how many mergeable ranks the published file has
    std::vector<std::pair<const char *, std::uint32_t>> special;
};

const std::vector<Encoding> &encodings()
{
    static const std::vector<Encoding> list = {
        {"o200k_base", PiecePattern::O200k, 199998, {{"<|endoftext|>", 199999}, {"<|endofprompt|>", 200018}}},
        {"cl100k_base",
         PiecePattern::Cl100k,
         100256,
         {{"<|endoftext|>", 100257},
          {"<|fim_prefix|>", 100258},
          {"<|fim_middle|>", 100259},
          {"<|fim_suffix|>", 100260},
          {"<|endofprompt|>", 100276}}},
        {"p50k_base", PiecePattern::Gpt2, 50280, {{"<|endoftext|>", 50256}}},
        {"r50k_base", PiecePattern::Gpt2, 50256, {{"<|endoftext|>", 50256}}},
    };
    return list;
}

// Standard base64 into `out`; false on anything else.
bool decodeBase64(std::string_view in, std::string &out)
{
    static const std::array<signed char, 256> values = [] {
        std::array<signed char, 256> v;
        v.fill(-1);
        const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; ++i)
            v[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
        return v;
    }();
    out.clear();
    while (!in.empty() && in.back() == '=')
        in.remove_suffix(1);
    if (in.empty() || in.size() % 4 == 1)
        return false;
    std::uint32_t bits = 0;
    int count = 0;
    for (const char ch : in) {
        const int v = values[static_cast<unsigned char>(ch)];
        if (v < 0)
            return false;
        bits = bits << 6 | std::uint32_t(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(char((bits >> count) & 0xFF));
        }
    }
    return true;
}

} // namespace

Result<Tokenizer> Tokenizer::fromTiktoken(const QByteArray &bytes, const QString &encoding,
                                          const QString &file)
{
    try {
        return readTiktoken(bytes, encoding, file);
    } catch (const std::exception &e) {
        return Diagnostic::error(file, 0, 0,
                                 tr("cannot read the tokenizer: %1").arg(QString::fromLocal8Bit(e.what())),
                                 tr("the file is not a valid tiktoken file"));
    }
}

Result<Tokenizer> Tokenizer::readTiktoken(const QByteArray &bytes, const QString &encodingName,
                                          const QString &file)
{
    const QString hint = tr("a tiktoken file has one line per token: the token in base64, a space, its rank");
    auto d = std::make_shared<TokenizerData>();
    d->kind = Kind::Tiktoken;
    d->bpe.wholePieceFirst = true; // tiktoken looks a whole piece up before merging

    std::vector<std::pair<std::string, std::uint32_t>> tokens;
    tokens.reserve(std::size_t(bytes.size() / 12));
    const std::string_view text(bytes.constData(), std::size_t(bytes.size()));
    std::string token;
    std::uint32_t maxRank = 0;
    int lineNumber = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty())
            continue;
        const std::size_t space = line.find(' ');
        bool ok = space != std::string_view::npos && space + 1 < line.size() &&
                  decodeBase64(line.substr(0, space), token);
        std::uint64_t rank = 0;
        for (std::size_t i = space + 1; ok && i < line.size(); ++i) {
            ok = line[i] >= '0' && line[i] <= '9' && rank < 0x7FFFFFFF;
            rank = rank * 10 + std::uint64_t(line[i] - '0');
        }
        if (!ok || rank > 0x7FFFFFFF)
            return Diagnostic::error(file, lineNumber, 1,
                                     tr("this line is not a base64 token followed by its rank"), hint);
        tokens.emplace_back(token, std::uint32_t(rank));
        maxRank = std::max(maxRank, std::uint32_t(rank));
    }
    if (tokens.empty())
        return Diagnostic::error(file, 0, 0, tr("the tokenizer file has no tokens"), hint);

    const Encoding *encoding = nullptr;
    for (const Encoding &e : encodings()) {
        if (encodingName.contains(QLatin1String(e.name)))
            encoding = &e;
    }
    if (!encoding) {
        // Not named after its encoding: the published files differ in size.
        for (const Encoding &e : encodings()) {
            if (tokens.size() == e.ranks)
                encoding = &e;
        }
    }
    if (!encoding)
        return Diagnostic::error(
            file, 0, 0, tr("cannot tell which tiktoken encoding this file holds"),
            tr("name the file after its encoding: cl100k_base.tiktoken, o200k_base.tiktoken, "
               "p50k_base.tiktoken or r50k_base.tiktoken"));

    d->bpe.vocabulary.reserve(tokens.size());
    for (const auto &[t, rank] : tokens) {
        d->bpe.vocabulary.insert(t, rank);
        if (t.size() == 1)
            d->bpe.byteTokens[static_cast<unsigned char>(t[0])] = rank;
    }
    for (int b = 0; b < 256; ++b) {
        if (d->bpe.byteTokens[std::size_t(b)] == BpeModel::kNoToken)
            return Diagnostic::error(file, 0, 0,
                                     tr("the byte 0x%1 has no token").arg(b, 2, 16, QLatin1Char('0')),
                                     tr("a tiktoken file has a token for each of the 256 bytes"));
    }
    // Any two tokens whose concatenation is a token merge into it, at that token's rank. Every
    // intermediate result of tiktoken's merging is a token, so these pairs are all it ever looks up.
    d->bpe.merges.reserve(tokens.size() * 3);
    for (const auto &[t, rank] : tokens) {
        const std::string_view whole(t);
        for (std::size_t split = 1; split < whole.size(); ++split) {
            const std::uint32_t *left = d->bpe.vocabulary.find(whole.substr(0, split));
            if (!left)
                continue;
            if (const std::uint32_t *right = d->bpe.vocabulary.find(whole.substr(split)))
                d->bpe.merges.insert(*left, *right, Merge{rank, rank});
        }
    }

    for (const auto &[content, id] : encoding->special) {
        AddedToken a;
        a.content = content;
        a.id = id;
        a.special = true;
        d->added.push_back(a);
        maxRank = std::max(maxRank, id);
    }
    d->steps.push_back({PreTokenizerStep::Kind::Split, encoding->pattern});
    d->vocabularySize = int(maxRank + 1);
    d->description = QLatin1String(encoding->name);
    d->finish();
    return Tokenizer(std::move(d));
}

} // namespace sift

// Reading a Hugging Face tokenizer.json. The vocabulary and merges (hundreds of thousands of entries in a
// 10 MB file) stream straight into the BPE tables through a SAX parser; the small rest of the file is
// built as a JSON tree and read afterwards.

#include "tokenizer.h"
#include "tokenizerdata.h"
#include "unicodedata.h"

#include <QCoreApplication>
#include <array>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace sift {

namespace {

using json = nlohmann::json;

QString tr(const char *text)
{
    return QCoreApplication::translate("sift::TokenizerJson", text);
}

QString q(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// Byte-level BPE spells each byte as one printable code point (GPT-2's bytes_to_unicode): the printable
// Latin-1 bytes as themselves, the other 68 as U+0100 onwards. -1: not part of the alphabet.
std::array<int, 324> byteLevelDecoder()
{
    std::array<int, 324> decode;
    decode.fill(-1);
    int extra = 0;
    for (int b = 0; b < 256; ++b) {
        const bool printable =
            (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        decode[std::size_t(printable ? b : 256 + extra++)] = b;
    }
    return decode;
}

// The bytes a byte-level token stands for; false when it uses a character outside the alphabet.
bool byteLevelBytes(std::string_view token, std::string &bytes)
{
    static const std::array<int, 324> decode = byteLevelDecoder();
    bytes.clear();
    if (unicode::findInvalidUtf8(token) != std::string_view::npos)
        return false;
    const auto *s = reinterpret_cast<const unsigned char *>(token.data());
    for (std::size_t i = 0; i < token.size();) {
        int length = 0;
        const char32_t c = unicode::decodeUtf8(s, i, length);
        if (c >= decode.size() || decode[c] < 0)
            return false;
        bytes.push_back(char(decode[c]));
        i += std::size_t(length);
    }
    return true;
}

// SAX handler: model.vocab and model.merges go to `vocab` and `merges`; everything else becomes `root`.
class Reader
{
public:
    json root;
    std::vector<std::pair<std::string, std::int64_t>> vocab;
    std::vector<std::pair<std::string, std::string>> merges;
    QString problem; // a shape error found while reading
    std::size_t errorOffset = 0;
    std::string syntaxError;

    bool null() { return scalar(json(nullptr)); }
    bool boolean(bool v) { return scalar(json(v)); }
    bool number_integer(json::number_integer_t v) { return integer(v); }
    bool number_unsigned(json::number_unsigned_t v)
    {
        return integer(v > json::number_unsigned_t(INT64_MAX) ? INT64_MAX : json::number_integer_t(v));
    }
    bool number_float(json::number_float_t v, const std::string &) { return scalar(json(v)); }
    bool binary(json::binary_t &) { return fail(tr("the file holds binary data")); }
    bool string(std::string &v)
    {
        switch (m_mode) {
        case Mode::Merges: {
            const std::size_t space = v.find(' ');
            if (space == std::string::npos || v.find(' ', space + 1) != std::string::npos)
                return fail(tr("merge %1 (\"%2\") is not two tokens separated by one space")
                                .arg(merges.size() + 1)
                                .arg(q(v)));
            merges.emplace_back(v.substr(0, space), v.substr(space + 1));
            return true;
        }
        case Mode::MergePair:
            m_pair.push_back(std::move(v));
            return true;
        case Mode::Vocab:
            return fail(tr("model.vocab maps tokens to numbers, but \"%1\" maps to text").arg(q(m_key)));
        case Mode::Tree:
            return scalar(json(std::move(v)));
        }
        return true;
    }
    bool start_object(std::size_t)
    {
        if (m_mode == Mode::Tree && inModel("vocab")) {
            m_mode = Mode::Vocab;
            m_frames.push_back({});
            return true;
        }
        if (m_mode != Mode::Tree)
            return fail(tr("model.%1 has an unexpected nested object")
                            .arg(m_mode == Mode::Vocab ? QStringLiteral("vocab") : QStringLiteral("merges")));
        open(json::object());
        return true;
    }
    bool key(std::string &k)
    {
        if (m_mode == Mode::Vocab) {
            m_key = std::move(k);
            return true;
        }
        m_frames.back() = k;
        return true;
    }
    bool end_object()
    {
        m_frames.pop_back();
        if (m_mode == Mode::Vocab)
            m_mode = Mode::Tree;
        else
            m_stack.pop_back();
        return true;
    }
    bool start_array(std::size_t)
    {
        if (m_mode == Mode::Tree && inModel("merges")) {
            m_mode = Mode::Merges;
            m_frames.push_back({});
            return true;
        }
        if (m_mode == Mode::Merges) {
            m_mode = Mode::MergePair;
            m_pair.clear();
            m_frames.push_back({});
            return true;
        }
        if (m_mode != Mode::Tree)
            return fail(tr("model.vocab or model.merges has an unexpected list"));
        open(json::array());
        return true;
    }
    bool end_array()
    {
        m_frames.pop_back();
        if (m_mode == Mode::MergePair) {
            if (m_pair.size() != 2)
                return fail(tr("merge %1 is a list of %2 items, not a pair of tokens")
                                .arg(merges.size() + 1)
                                .arg(m_pair.size()));
            merges.emplace_back(std::move(m_pair[0]), std::move(m_pair[1]));
            m_mode = Mode::Merges;
        } else if (m_mode == Mode::Merges) {
            m_mode = Mode::Tree;
        } else {
            m_stack.pop_back();
        }
        return true;
    }
    bool parse_error(std::size_t position, const std::string &, const nlohmann::detail::exception &e)
    {
        errorOffset = position;
        syntaxError = e.what();
        return false;
    }

private:
    enum class Mode
    {
        Tree,
        Vocab,
        Merges,
        MergePair
    };

    bool inModel(const char *name) const
    {
        return m_frames.size() == 2 && m_frames[0] == "model" && m_frames[1] == name && m_stack.size() == 2;
    }
    bool fail(const QString &message)
    {
        if (problem.isEmpty())
            problem = message;
        return false;
    }
    bool integer(json::number_integer_t v)
    {
        if (m_mode == Mode::Vocab) {
            vocab.emplace_back(std::move(m_key), v);
            return true;
        }
        if (m_mode != Mode::Tree)
            return fail(tr("model.merges holds a number where a token is expected"));
        return scalar(json(v));
    }
    bool scalar(json v)
    {
        if (m_mode == Mode::Vocab)
            return fail(tr("model.vocab maps tokens to numbers, but \"%1\" does not").arg(q(m_key)));
        if (m_mode != Mode::Tree)
            return fail(tr("model.merges holds something other than tokens"));
        place(std::move(v));
        return true;
    }
    json *place(json v)
    {
        if (m_stack.empty()) {
            root = std::move(v);
            return &root;
        }
        json &parent = *m_stack.back();
        if (parent.is_object()) {
            json &slot = parent[m_frames.back()];
            slot = std::move(v);
            return &slot;
        }
        parent.push_back(std::move(v));
        return &parent.back();
    }
    void open(json container)
    {
        json *p = place(std::move(container));
        m_stack.push_back(p);
        m_frames.push_back({});
    }

    Mode m_mode = Mode::Tree;
    std::vector<json *> m_stack;       // the open containers of the tree
    std::vector<std::string> m_frames; // per open container: the key being read (objects)
    std::string m_key;
    std::vector<std::string> m_pair;
};

struct Context
{
    QString file;
    Diagnostics diagnostics;
    void error(const QString &message, const QString &hint)
    {
        diagnostics.append(Diagnostic::error(file, 0, 0, message, hint));
    }
};

QString typeOf(const json &node)
{
    if (!node.is_object())
        return QString();
    const auto it = node.find("type");
    return it != node.end() && it->is_string() ? q(it->get<std::string>()) : QString();
}

std::string text(const json &node, const char *name)
{
    const auto it = node.find(name);
    return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const json &node, const char *name, bool fallback)
{
    const auto it = node.find(name);
    return it != node.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

void readNormalizer(const json &node, TokenizerData &d, Context &c)
{
    if (node.is_null())
        return;
    const QString type = typeOf(node);
    if (type == QLatin1String("NFC")) {
        d.nfc = true;
        return;
    }
    if (type == QLatin1String("Sequence") && node.contains("normalizers") && node["normalizers"].is_array()) {
        for (const json &n : node["normalizers"])
            readNormalizer(n, d, c);
        return;
    }
    c.error(
        tr("the normalizer \"%1\" is not supported").arg(type.isEmpty() ? QStringLiteral("?") : type),
        tr("Sift reads byte-level BPE tokenizers whose normalizer is NFC or none (GPT-2, Llama 3, Qwen)"));
}

void readPreTokenizer(const json &node, TokenizerData &d, Context &c, bool &byteLevel)
{
    if (node.is_null())
        return;
    const QString type = typeOf(node);
    if (type == QLatin1String("Sequence") && node.contains("pretokenizers") &&
        node["pretokenizers"].is_array()) {
        for (const json &p : node["pretokenizers"])
            readPreTokenizer(p, d, c, byteLevel);
        return;
    }
    if (type == QLatin1String("ByteLevel")) {
        byteLevel = true;
        if (flag(node, "add_prefix_space", true))
            d.steps.push_back({PreTokenizerStep::Kind::PrefixSpace, PiecePattern::Gpt2});
        if (flag(node, "use_regex", true))
            d.steps.push_back({PreTokenizerStep::Kind::Split, PiecePattern::Gpt2});
        return;
    }
    if (type == QLatin1String("Split")) {
        const json &pattern = node.contains("pattern") ? node["pattern"] : json();
        const bool isRegex = pattern.is_object() && pattern.contains("Regex") && pattern["Regex"].is_string();
        const std::string regex = isRegex ? pattern["Regex"].get<std::string>() : std::string();
        const std::string behavior = text(node, "behavior");
        if (!isRegex || behavior != "Isolated" || flag(node, "invert", false)) {
            c.error(tr("only Split pre-tokenizers with a regex, behavior Isolated and no inversion are "
                       "supported"),
                    tr("this tokenizer.json splits text in a way Sift does not reproduce"));
            return;
        }
        if (const auto known = recognizePiecePattern(regex)) {
            d.steps.push_back({PreTokenizerStep::Kind::Split, *known});
            return;
        }
        c.error(tr("the pre-tokenizer regex %1 is not one Sift knows").arg(q(regex)),
                tr("supported: the GPT-2, cl100k/Llama 3, Qwen 2 and o200k patterns"));
        return;
    }
    c.error(tr("the pre-tokenizer \"%1\" is not supported").arg(type.isEmpty() ? QStringLiteral("?") : type),
            tr("Sift reads byte-level BPE tokenizers (Split and ByteLevel pre-tokenizers)"));
}

void readModel(const json &model, TokenizerData &d, Context &c)
{
    const QString type = typeOf(model);
    if (!type.isEmpty() && type != QLatin1String("BPE")) {
        c.error(tr("the model type is %1; only BPE is supported").arg(type),
                tr("use a byte-level BPE tokenizer.json (GPT-2, Llama 3, Qwen) or a tiktoken file"));
        return;
    }
    for (const char *affix : {"continuing_subword_prefix", "end_of_word_suffix"}) {
        const auto it = model.find(affix);
        if (it != model.end() && it->is_string() && !it->get<std::string>().empty())
            c.error(tr("model.%1 is set; byte-level BPE does not use it").arg(QLatin1String(affix)),
                    tr("use a byte-level BPE tokenizer.json"));
    }
    const auto dropout = model.find("dropout");
    if (dropout != model.end() && dropout->is_number() && dropout->get<double>() > 0)
        c.error(tr("model.dropout is set, so the tokenizer is not deterministic"), tr("set dropout to null"));
    d.bpe.wholePieceFirst = flag(model, "ignore_merges", false);
}

} // namespace

Result<Tokenizer> Tokenizer::fromHuggingFaceJson(const QByteArray &bytes, const QString &file)
{
    try {
        return readHuggingFaceJson(bytes, file);
    } catch (const std::exception &e) {
        // Only memory exhaustion or a shape the checks above missed gets here; never let it escape.
        return Diagnostic::error(file, 0, 0,
                                 tr("cannot read the tokenizer: %1").arg(QString::fromLocal8Bit(e.what())),
                                 tr("the file is not a valid tokenizer.json"));
    }
}

Result<Tokenizer> Tokenizer::readHuggingFaceJson(const QByteArray &bytes, const QString &file)
{
    Context c{file, {}};
    Reader reader;
    const char *begin = bytes.constData();
    const bool parsed = json::sax_parse(begin, begin + bytes.size(), &reader);
    if (!parsed || !reader.problem.isEmpty()) {
        if (!reader.problem.isEmpty())
            return Diagnostic::error(file, 0, 0, reader.problem,
                                     tr("the file is not a valid tokenizer.json"));
        const QByteArray before = bytes.left(qsizetype(reader.errorOffset > 0 ? reader.errorOffset - 1 : 0));
        const int line = int(before.count('\n')) + 1;
        const int column = int(before.size() - (before.lastIndexOf('\n') + 1)) + 1;
        return Diagnostic::error(file, line, column, tr("not valid JSON: %1").arg(q(reader.syntaxError)),
                                 tr("the file may be truncated or not a tokenizer.json"));
    }
    const json &root = reader.root;
    if (!root.is_object() || !root.contains("model") || !root["model"].is_object())
        return Diagnostic::error(file, 0, 0, tr("the file has no \"model\" object"),
                                 tr("a tokenizer.json has \"model\" with \"vocab\" and \"merges\""));
    if (reader.vocab.empty())
        return Diagnostic::error(file, 0, 0, tr("model.vocab is missing or empty"),
                                 tr("a tokenizer.json has \"model\" with \"vocab\" and \"merges\""));

    auto d = std::make_shared<TokenizerData>();
    d->kind = Kind::HuggingFace;
    readModel(root["model"], *d, c);
    readNormalizer(root.contains("normalizer") ? root["normalizer"] : json(), *d, c);
    bool byteLevel = false;
    readPreTokenizer(root.contains("pre_tokenizer") ? root["pre_tokenizer"] : json(), *d, c, byteLevel);
    if (!byteLevel && c.diagnostics.isEmpty())
        c.error(tr("the tokenizer is not byte-level BPE: it has no ByteLevel pre-tokenizer"),
                tr("Sift reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen) and tiktoken files"));
    if (!c.diagnostics.isEmpty())
        return Result<Tokenizer>::failure(c.diagnostics);

    // Vocabulary: token bytes -> id.
    std::int64_t maxId = -1;
    std::string tokenBytes;
    // Tokens spelled outside the byte-level alphabet never come out of byte-level pre-tokenization; only an
    // added token of the same content can name them.
    std::unordered_map<std::string, std::uint32_t> otherTokens;
    d->bpe.vocabulary.reserve(reader.vocab.size());
    for (const auto &[token, id] : reader.vocab) {
        if (id < 0 || id > INT32_MAX)
            return Diagnostic::error(file, 0, 0,
                                     tr("model.vocab gives \"%1\" the invalid id %2").arg(q(token)).arg(id),
                                     tr("token ids are non-negative integers"));
        maxId = std::max(maxId, id);
        if (!byteLevelBytes(token, tokenBytes)) {
            otherTokens.emplace(token, std::uint32_t(id));
            continue;
        }
        d->bpe.vocabulary.insert(tokenBytes, std::uint32_t(id));
        if (tokenBytes.size() == 1)
            d->bpe.byteTokens[static_cast<unsigned char>(tokenBytes[0])] = std::uint32_t(id);
    }

    // Merges: (left, right) -> (rank, merged), all three looked up by their bytes.
    d->bpe.merges.reserve(reader.merges.size());
    std::string left, right;
    for (std::size_t rank = 0; rank < reader.merges.size(); ++rank) {
        const auto &[a, b] = reader.merges[rank];
        const std::uint32_t *l = byteLevelBytes(a, left) ? d->bpe.vocabulary.find(left) : nullptr;
        const std::uint32_t *r = byteLevelBytes(b, right) ? d->bpe.vocabulary.find(right) : nullptr;
        const std::uint32_t *m = l && r ? d->bpe.vocabulary.find(left + right) : nullptr;
        if (!m)
            return Diagnostic::error(file, 0, 0,
                                     tr("merge %1 (\"%2 %3\") uses a token that is not in model.vocab")
                                         .arg(rank + 1)
                                         .arg(q(a), q(b)),
                                     tr("the vocabulary and the merges do not belong together"));
        d->bpe.merges.insert(*l, *r, Merge{std::uint32_t(rank), *m});
    }

    // Added tokens, with ids given as the reference gives them: a token the model's vocabulary has keeps that
    // id, any other gets the next id after the vocabulary and the added tokens before it. For published
    // files these are the ids the file states.
    if (root.contains("added_tokens") && root["added_tokens"].is_array()) {
        const auto modelVocabularySize = std::uint32_t(reader.vocab.size());
        std::unordered_map<std::string, std::uint32_t> assigned;
        std::int64_t maxAssigned = -1;
        for (const json &t : root["added_tokens"]) {
            if (!t.is_object() || !t.contains("content") || !t["content"].is_string())
                return Diagnostic::error(file, 0, 0, tr("an entry of added_tokens has no content"),
                                         tr("each added token has \"id\" and \"content\""));
            AddedToken a;
            a.content = t["content"].get<std::string>();
            a.special = flag(t, "special", false);
            a.normalized = flag(t, "normalized", !a.special);
            a.lstrip = flag(t, "lstrip", false);
            a.rstrip = flag(t, "rstrip", false);
            a.singleWord = flag(t, "single_word", false);
            if (a.content.empty() || unicode::findInvalidUtf8(a.content) != std::string_view::npos)
                continue;
            if (const auto it = assigned.find(a.content); it != assigned.end()) {
                a.id = it->second;
            } else if (const auto other = otherTokens.find(a.content); other != otherTokens.end()) {
                a.id = other->second;
            } else if (const std::uint32_t *id = byteLevelBytes(a.content, tokenBytes)
                                                     ? d->bpe.vocabulary.find(tokenBytes)
                                                     : nullptr) {
                a.id = *id;
            } else {
                a.id = maxAssigned >= modelVocabularySize || modelVocabularySize == 0
                           ? std::uint32_t(maxAssigned + 1)
                           : modelVocabularySize;
            }
            assigned[a.content] = a.id;
            maxAssigned = std::max<std::int64_t>(maxAssigned, a.id);
            maxId = std::max<std::int64_t>(maxId, a.id);
            d->added.push_back(std::move(a));
        }
    }
    d->vocabularySize = int(maxId + 1);

    QString pattern = QStringLiteral("none");
    for (const PreTokenizerStep &s : d->steps) {
        if (s.kind != PreTokenizerStep::Kind::Split)
            continue;
        switch (s.pattern) {
        case PiecePattern::Gpt2:
            pattern = QStringLiteral("gpt2");
            break;
        case PiecePattern::Cl100k:
            pattern = QStringLiteral("cl100k");
            break;
        case PiecePattern::Qwen2:
            pattern = QStringLiteral("qwen2");
            break;
        case PiecePattern::O200k:
            pattern = QStringLiteral("o200k");
            break;
        }
    }
    d->description = tr("tokenizer.json, byte-level BPE, %1 pattern").arg(pattern);
    d->finish();
    return Tokenizer(std::move(d));
}

} // namespace sift

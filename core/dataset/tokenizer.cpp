#include "tokenizer.h"

#include "tokenizerdata.h"
#include "unicodedata.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>

namespace sift {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("sift::Tokenizer", text);
}

// Pieces seen recently, with their tokens: text repeats its words, and BPE is the costly step. One
// cache per thread, so concurrent encoding needs no locks.
struct PieceCache
{
    static constexpr std::size_t kMaxPiece = 128;
    static constexpr std::size_t kMaxEntries = std::size_t(1) << 16;

    std::uint64_t owner = 0;
    ByteStringMap index; // piece -> offset in `tokens` of [count, id, id, ...]
    std::vector<std::uint32_t> tokens;
    BpeScratch scratch;
    std::vector<std::uint32_t> pieceTokens;

    void claim(std::uint64_t serial)
    {
        if (owner == serial)
            return;
        owner = serial;
        index.clear();
        tokens.clear();
    }
};

thread_local PieceCache t_cache;

std::uint64_t nextSerial()
{
    static std::atomic<std::uint64_t> serial{0};
    return ++serial;
}

// The encoding pipeline: added tokens, normalization, pre-tokenization, BPE. `Emit` receives each
// token id; it is a template so counting does not store ids it would only throw away.
template <typename Emit> class Encoder
{
public:
    Encoder(const TokenizerData &d, Emit &emit) : m_d(d), m_emit(emit), m_cache(t_cache)
    {
        m_cache.claim(d.serial);
    }

    void run(std::string_view text)
    {
        std::string cleaned;
        if (unicode::findInvalidUtf8(text) != std::string_view::npos) {
            cleaned = unicode::sanitizeUtf8(text);
            text = cleaned;
        }
        splitAdded(text, m_d.rawMatcher, m_d.rawTokens, [&](std::string_view gap) { normalizeGap(gap); });
    }

private:
    template <typename Gap>
    void splitAdded(std::string_view text, const LiteralMatcher &matcher, const std::vector<int> &tokens,
                    Gap &&gap)
    {
        if (matcher.empty()) {
            if (!text.empty())
                gap(text);
            return;
        }
        std::size_t done = 0;
        LiteralMatcher::Match m;
        for (std::size_t from = 0; from < text.size() && matcher.next(text, from, m);) {
            const AddedToken &token = m_d.added[std::size_t(tokens[std::size_t(m.token)])];
            from = m.end;
            if (token.singleWord && !isSingleWord(text, m.begin, m.end))
                continue;
            std::size_t begin = m.begin;
            std::size_t end = m.end;
            if (token.lstrip)
                begin = std::max(done, whitespaceBefore(text, begin));
            if (token.rstrip)
                end = whitespaceAfter(text, end);
            if (begin > done)
                gap(text.substr(done, begin - done));
            m_emit(token.id);
            done = end;
            from = end;
        }
        if (done < text.size())
            gap(text.substr(done));
    }

    void normalizeGap(std::string_view gap)
    {
        std::string normalized;
        if (m_d.nfc && unicode::toNfc(gap, normalized))
            gap = normalized;
        splitAdded(gap, m_d.normalizedMatcher, m_d.normalizedTokens,
                   [&](std::string_view piece) { preTokenize(piece, 0); });
    }

    void preTokenize(std::string_view text, std::size_t step)
    {
        if (step == m_d.steps.size()) {
            encodePiece(text);
            return;
        }
        const PreTokenizerStep &s = m_d.steps[step];
        if (s.kind == PreTokenizerStep::Kind::PrefixSpace) {
            if (!text.empty() && text.front() != ' ') {
                std::string prefixed;
                prefixed.reserve(text.size() + 1);
                prefixed.push_back(' ');
                prefixed.append(text);
                preTokenize(prefixed, step + 1);
            } else {
                preTokenize(text, step + 1);
            }
            return;
        }
        for (std::size_t pos = 0; pos < text.size();) {
            const std::size_t end = pieceEnd(s.pattern, text, pos);
            preTokenize(text.substr(pos, end - pos), step + 1);
            pos = end;
        }
    }

    void encodePiece(std::string_view piece)
    {
        if (piece.empty())
            return;
        const bool cacheable = piece.size() <= PieceCache::kMaxPiece && piece.size() > 1;
        std::uint64_t hash = 0;
        if (cacheable) {
            hash = ByteStringMap::hash(piece);
            if (const std::uint32_t *at = m_cache.index.find(piece, hash)) {
                const std::uint32_t *ids = m_cache.tokens.data() + *at;
                for (std::uint32_t i = 1; i <= ids[0]; ++i)
                    m_emit(ids[i]);
                return;
            }
        }
        auto &ids = m_cache.pieceTokens;
        ids.clear();
        m_d.bpe.encode(piece, ids, m_cache.scratch);
        for (const std::uint32_t id : ids)
            m_emit(id);
        if (!cacheable)
            return;
        if (m_cache.index.size() >= PieceCache::kMaxEntries) {
            m_cache.index.clear();
            m_cache.tokens.clear();
        }
        m_cache.index.insert(piece, hash, std::uint32_t(m_cache.tokens.size()));
        m_cache.tokens.push_back(std::uint32_t(ids.size()));
        m_cache.tokens.insert(m_cache.tokens.end(), ids.begin(), ids.end());
    }

    static char32_t lastChar(std::string_view text, std::size_t end, std::size_t &start)
    {
        start = end;
        do {
            --start;
        } while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80);
        int length = 0;
        return unicode::decodeUtf8(reinterpret_cast<const unsigned char *>(text.data()), start, length);
    }
    static std::size_t whitespaceBefore(std::string_view text, std::size_t pos)
    {
        const auto &props = unicode::properties();
        while (pos > 0) {
            std::size_t start = 0;
            if (!(props.flags(lastChar(text, pos, start)) & unicode::Flag::WhiteSpace))
                break;
            pos = start;
        }
        return pos;
    }
    static std::size_t whitespaceAfter(std::string_view text, std::size_t pos)
    {
        const auto &props = unicode::properties();
        const auto *s = reinterpret_cast<const unsigned char *>(text.data());
        while (pos < text.size()) {
            int length = 0;
            if (!(props.flags(unicode::decodeUtf8(s, pos, length)) & unicode::Flag::WhiteSpace))
                break;
            pos += std::size_t(length);
        }
        return pos;
    }
    // Neither the character before nor the one after is a word character (\w), as the reference checks.
    static bool isSingleWord(std::string_view text, std::size_t begin, std::size_t end)
    {
        std::size_t start = 0;
        if (begin > 0 && unicode::isWordCharacter(lastChar(text, begin, start)))
            return false;
        int length = 0;
        return end == text.size() || !unicode::isWordCharacter(unicode::decodeUtf8(
                                         reinterpret_cast<const unsigned char *>(text.data()), end, length));
    }

    const TokenizerData &m_d;
    Emit &m_emit;
    PieceCache &m_cache;
};

} // namespace

void LiteralMatcher::build(const std::vector<std::string> &literals)
{
    m_nodes.assign(1, Node{});
    std::fill(std::begin(m_first), std::end(m_first), false);
    for (std::size_t t = 0; t < literals.size(); ++t) {
        const std::string &literal = literals[t];
        if (literal.empty())
            continue;
        m_first[static_cast<unsigned char>(literal[0])] = true;
        std::int32_t node = 0;
        for (const char ch : literal) {
            const auto byte = static_cast<unsigned char>(ch);
            std::int32_t next = child(node, byte);
            if (next < 0) {
                next = std::int32_t(m_nodes.size());
                auto &children = m_nodes[std::size_t(node)].children;
                children.insert(std::upper_bound(children.begin(), children.end(),
                                                 std::make_pair(byte, std::int32_t(-1))),
                                {byte, next});
                m_nodes.emplace_back();
            }
            node = next;
        }
        if (m_nodes[std::size_t(node)].token < 0)
            m_nodes[std::size_t(node)].token = int(t);
    }
    m_onlyFirst = -1;
    int firsts = 0;
    for (int b = 0; b < 256; ++b) {
        if (m_first[b]) {
            ++firsts;
            m_onlyFirst = b;
        }
    }
    if (firsts != 1)
        m_onlyFirst = -1;
}

std::int32_t LiteralMatcher::child(std::int32_t node, unsigned char byte) const
{
    const auto &children = m_nodes[std::size_t(node)].children;
    const auto it = std::lower_bound(
        children.begin(), children.end(), byte,
        [](const std::pair<unsigned char, std::int32_t> &c, unsigned char b) { return c.first < b; });
    return it != children.end() && it->first == byte ? it->second : -1;
}

bool LiteralMatcher::next(std::string_view text, std::size_t from, Match &match) const
{
    if (empty())
        return false;
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = from; i < n; ++i) {
        if (m_onlyFirst >= 0) {
            const void *hit = std::memchr(s + i, m_onlyFirst, n - i);
            if (!hit)
                return false;
            i = std::size_t(static_cast<const unsigned char *>(hit) - s);
        } else if (!m_first[s[i]]) {
            continue;
        }
        std::int32_t node = 0;
        int token = -1;
        std::size_t end = 0;
        for (std::size_t j = i; j < n; ++j) {
            node = child(node, s[j]);
            if (node < 0)
                break;
            if (m_nodes[std::size_t(node)].token >= 0) {
                token = m_nodes[std::size_t(node)].token;
                end = j + 1;
            }
        }
        if (token >= 0) {
            match = Match{i, end, token};
            return true;
        }
    }
    return false;
}

void TokenizerData::finish()
{
    std::vector<std::string> raw, normalized;
    rawTokens.clear();
    normalizedTokens.clear();
    for (std::size_t i = 0; i < added.size(); ++i) {
        if (added[i].normalized && nfc) {
            std::string content;
            normalized.push_back(unicode::toNfc(added[i].content, content) ? content : added[i].content);
            normalizedTokens.push_back(int(i));
        } else if (added[i].normalized) {
            normalized.push_back(added[i].content);
            normalizedTokens.push_back(int(i));
        } else {
            raw.push_back(added[i].content);
            rawTokens.push_back(int(i));
        }
    }
    rawMatcher.build(raw);
    normalizedMatcher.build(normalized);
    serial = nextSerial();
}

Result<Tokenizer> Tokenizer::load(const QString &path, const QString &file)
{
    const QString name = file.isEmpty() ? path : file;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Diagnostic::error(name, 0, 0,
                                 tr("cannot read the tokenizer %1: %2").arg(path, f.errorString()),
                                 tr("check the path and the file's permissions"));
    const QByteArray bytes = f.readAll();
    // tokenizer.json is JSON; a tiktoken file is lines of base64 and ranks, which never start with '{' or
    // '['.
    const QString suffix = QFileInfo(path).suffix().toLower();
    qsizetype first = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (first < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[first])))
        ++first;
    const bool looksJson = first < bytes.size() && (bytes[first] == '{' || bytes[first] == '[');
    if (suffix == QLatin1String("json") || (suffix != QLatin1String("tiktoken") && looksJson))
        return fromHuggingFaceJson(bytes, name);
    QString encoding = QFileInfo(path).completeBaseName();
    return fromTiktoken(bytes, encoding, name);
}

std::vector<int> Tokenizer::encode(std::string_view utf8) const
{
    std::vector<int> ids;
    ids.reserve(utf8.size() / 3);
    auto emit = [&](std::uint32_t id) { ids.push_back(int(id)); };
    Encoder<decltype(emit)>(*d, emit).run(utf8);
    return ids;
}

qint64 Tokenizer::count(std::string_view utf8) const
{
    qint64 n = 0;
    auto emit = [&](std::uint32_t) { ++n; };
    Encoder<decltype(emit)>(*d, emit).run(utf8);
    return n;
}

namespace {
// UTF-8 with a lone surrogate as U+FFFD, as JavaScript's TextEncoder and Rust's lossy conversions write it
// (QString::toUtf8 writes '?').
std::string toUtf8(const QString &text)
{
    std::string out;
    out.reserve(std::size_t(text.size()) * 3 / 2 + 8);
    const auto *s = reinterpret_cast<const char16_t *>(text.utf16());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        char32_t c = s[i];
        if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(s[i + 1]))
            c = QChar::surrogateToUcs4(char16_t(c), s[++i]);
        else if (QChar::isSurrogate(c))
            c = 0xFFFD;
        unicode::appendUtf8(out, c);
    }
    return out;
}
} // namespace

QList<int> Tokenizer::encode(const QString &text) const
{
    const std::vector<int> ids = encode(toUtf8(text));
    return QList<int>(ids.begin(), ids.end());
}

qint64 Tokenizer::count(const QString &text) const
{
    return count(toUtf8(text));
}

int Tokenizer::specialTokenId(std::string_view text) const
{
    for (const AddedToken &t : d->added) {
        if (t.content == text)
            return int(t.id);
    }
    return -1;
}

Tokenizer::Kind Tokenizer::kind() const
{
    return d->kind;
}

QString Tokenizer::description() const
{
    return d->description;
}

int Tokenizer::vocabularySize() const
{
    return d->vocabularySize;
}

} // namespace sift

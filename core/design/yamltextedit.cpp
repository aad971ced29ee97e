#include "yamltextedit.h"

#include "yamlreader.h"

#include <algorithm>
#include <vector>

namespace sift {

namespace {

bool scalarsEquivalent(const YAML::Node &a, const YAML::Node &b)
{
    if (a.Scalar() == b.Scalar())
        return true;
    const bool aPlain = a.Tag() != "!";
    const bool bPlain = b.Tag() != "!";
    if (aPlain && bPlain) {
        const auto na = parseYamlNumber(a.Scalar());
        const auto nb = parseYamlNumber(b.Scalar());
        if (na && nb)
            return *na == *nb;
        const auto ba = parseYamlBool(a.Scalar());
        const auto bb = parseYamlBool(b.Scalar());
        if (ba && bb)
            return *ba == *bb;
    }
    return false;
}

bool isFlowContext(const std::string &text, size_t pos)
{
    // Walks back over the line to see whether the scalar sits inside [ ] or { }.
    int depth = 0;
    for (size_t i = pos; i > 0; --i) {
        const char c = text[i - 1];
        if (c == '\n')
            break;
        if (c == ']' || c == '}')
            --depth;
        if (c == '[' || c == '{')
            ++depth;
    }
    return depth > 0;
}

std::optional<size_t> quotedEnd(const std::string &text, size_t begin)
{
    const char quote = text[begin];
    for (size_t i = begin + 1; i < text.size(); ++i) {
        if (quote == '"' && text[i] == '\\') {
            ++i;
            continue;
        }
        if (text[i] == quote) {
            if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;
                continue;
            }
            return i + 1;
        }
    }
    return std::nullopt;
}

// The end of the scalar that starts at `begin`, or nullopt for forms Sift does not patch (block
// scalars): those are re-emitted with their enclosing block instead. A multi-line plain scalar would
// be cut at its first line; the caller's re-parse catches that and falls back to re-emitting.
std::optional<size_t> scalarEnd(const std::string &text, size_t begin, bool isKey)
{
    if (begin >= text.size())
        return std::nullopt;
    const char first = text[begin];
    if (first == '"' || first == '\'')
        return quotedEnd(text, begin);
    if (first == '|' || first == '>')
        return std::nullopt;
    const bool flow = isFlowContext(text, begin);
    size_t i = begin;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n' || c == '\r')
            break;
        if (c == '#' && i > begin && (text[i - 1] == ' ' || text[i - 1] == '\t'))
            break;
        if (flow && (c == ',' || c == ']' || c == '}'))
            break;
        if (isKey && c == ':' && (i + 1 == text.size() || std::string(" \t\r\n,]}").find(text[i + 1]) != std::string::npos))
            break;
    }
    while (i > begin && (text[i - 1] == ' ' || text[i - 1] == '\t'))
        --i;
    return i;
}

std::string renderScalar(const YAML::Node &value, char originalFirst, bool flow, bool isKey)
{
    const std::string &s = value.Scalar();
    if (originalFirst != '"' && originalFirst != '\'' && value.Tag() != "!") {
        // A plain scalar stays plain when YAML would read it back as the same text.
        bool safe = !s.empty() && s.find('\n') == std::string::npos && s.find(": ") == std::string::npos &&
                    s.find(" #") == std::string::npos && s.front() != ' ' && s.back() != ' ' &&
                    std::string("!&*-?|>'\"%@`#{}[],").find(s.front()) == std::string::npos;
        if (flow)
            safe = safe && s.find_first_of(",[]{}") == std::string::npos;
        if (isKey)
            safe = safe && s.back() != ':';
        if (safe)
            return s;
    }
    if (originalFirst == '\'' && s.find('\n') == std::string::npos) {
        std::string out = "'";
        for (const char c : s)
            out += c == '\'' ? std::string("''") : std::string(1, c);
        return out + "'";
    }
    YAML::Emitter emitter;
    emitter << YAML::DoubleQuoted << s;
    return emitter.c_str();
}

struct Edit
{
    size_t begin = 0;
    size_t end = 0;
    std::string replacement;
};

size_t lineStartOf(const std::string &text, size_t pos)
{
    while (pos > 0 && text[pos - 1] != '\n')
        --pos;
    return pos;
}

// The text a block collection occupies: from its first key or dash to the end of its last content
// line. Comments and blank lines after that belong to what follows, so they stay.
std::optional<std::pair<size_t, size_t>> blockSpan(const std::string &text, size_t begin, size_t column, bool isSequence)
{
    size_t lineEnd = text.find('\n', begin);
    if (lineEnd == std::string::npos)
        return std::make_pair(begin, text.size());
    size_t contentEnd = lineEnd;
    size_t pos = lineEnd + 1;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        size_t indent = 0;
        while (pos + indent < end && text[pos + indent] == ' ')
            ++indent;
        const size_t first = pos + indent;
        const bool blank = first >= end || text[first] == '\r';
        if (blank || text[first] == '#') {
            pos = end + 1;
            continue;
        }
        if (text.compare(first, 3, "---") == 0 || text.compare(first, 3, "...") == 0)
            break;
        bool belongs = indent > column;
        if (indent == column) {
            const bool dash = text[first] == '-' && (first + 1 >= end || text[first + 1] == ' ' || text[first + 1] == '\r');
            // Items of a list at this column belong to it; a mapping at this column also owns a
            // list written flush under one of its keys ("key:\n- a").
            belongs = isSequence ? dash : true;
        }
        if (!belongs)
            break;
        contentEnd = end;
        pos = end + 1;
    }
    while (contentEnd > begin && text[contentEnd - 1] == '\r')
        --contentEnd;
    return std::make_pair(begin, contentEnd);
}

std::optional<size_t> flowEnd(const std::string &text, size_t begin)
{
    int depth = 0;
    for (size_t i = begin; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"' || c == '\'') {
            const auto end = quotedEnd(text, i);
            if (!end)
                return std::nullopt;
            i = *end - 1;
            continue;
        }
        if (c == '#' && i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) {
            i = text.find('\n', i);
            if (i == std::string::npos)
                return std::nullopt;
            continue;
        }
        if (c == '[' || c == '{')
            ++depth;
        if (c == ']' || c == '}') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return std::nullopt;
}

std::vector<std::string> keysOf(const YAML::Node &map)
{
    std::vector<std::string> keys;
    for (auto it = map.begin(); it != map.end(); ++it)
        keys.push_back(it->first.Scalar());
    return keys;
}

// Whether `small` is `large` with some entries left out, in the same order.
bool isSubsequence(const std::vector<std::string> &small, const std::vector<std::string> &large)
{
    size_t i = 0;
    for (const std::string &k : large) {
        if (i < small.size() && small[i] == k)
            ++i;
    }
    return i == small.size();
}

class EditPlanner
{
public:
    EditPlanner(const std::string &text, KeyOrder order) : m_text(text), m_order(order) {}

    std::vector<Edit> edits;

    bool plan(const YAML::Node &original, const YAML::Node &updated, bool isRoot)
    {
        if (original.IsScalar() && updated.IsScalar())
            return scalarsEquivalent(original, updated) || patchScalar(original, updated, false);
        if (original.IsNull() && updated.IsNull())
            return true;
        const size_t mark = edits.size();
        bool inPlace = false;
        if (original.IsSequence() && updated.IsSequence())
            inPlace = planSequence(original, updated);
        else if (original.IsMap() && updated.IsMap())
            inPlace = planMap(original, updated);
        if (inPlace)
            return true;
        edits.resize(mark);
        return !isRoot && replaceCollection(original, updated);
    }

private:
    bool planSequence(const YAML::Node &original, const YAML::Node &updated)
    {
        const size_t n = original.size(), m = updated.size();
        if (n == m) {
            for (size_t i = 0; i < n; ++i) {
                if (!plan(original[i], updated[i], false))
                    return false;
            }
            return true;
        }
        const auto column = blockColumn(original);
        if (!column || n == 0)
            return false;
        if (m > n) {
            for (size_t i = 0; i < n; ++i) {
                if (!plan(original[i], updated[i], false))
                    return false;
            }
            YAML::Node added(YAML::NodeType::Sequence);
            for (size_t i = n; i < m; ++i)
                added.push_back(updated[i]);
            return appendToBlock(original, *column, added);
        }
        // Items removed: the first run of items that no longer match is the one deleted.
        const size_t removed = n - m;
        size_t first = 0;
        while (first < m && yamlEquivalent(original[first], updated[first]))
            ++first;
        for (size_t i = 0; i < m; ++i) {
            if (!plan(original[i < first ? i : i + removed], updated[i], false))
                return false;
        }
        std::vector<YAML::Node> items;
        for (size_t i = 0; i < n; ++i)
            items.push_back(original[i]);
        return deleteEntries(original, *column, items, first, first + removed);
    }

    bool planMap(const YAML::Node &original, const YAML::Node &updated)
    {
        if (keysLineUp(original, updated)) {
            auto a = original.begin();
            auto b = updated.begin();
            for (; a != original.end(); ++a, ++b) {
                if (a->first.Scalar() != b->first.Scalar() && !patchScalar(a->first, b->first, true))
                    return false;
                if (!plan(a->second, b->second, false))
                    return false;
            }
            return true;
        }
        const auto column = blockColumn(original);
        if (!column || original.size() == 0)
            return false;
        const std::vector<std::string> origKeys = keysOf(original), newKeys = keysOf(updated);
        if (newKeys.size() > origKeys.size() && isSubsequence(origKeys, newKeys)) {
            // Keys added: each run goes in front of the original key that follows it, or at the end.
            for (const std::string &k : origKeys) {
                if (!plan(child(original, k.c_str()), child(updated, k.c_str()), false))
                    return false;
            }
            size_t next = 0;  // index into origKeys of the next original key
            YAML::Node run(YAML::NodeType::Map);
            for (const std::string &k : newKeys) {
                if (next < origKeys.size() && origKeys[next] == k) {
                    if (run.size() > 0 && !insertBeforeKey(original, next, *column, run))
                        return false;
                    run = YAML::Node(YAML::NodeType::Map);
                    ++next;
                    continue;
                }
                run[k] = child(updated, k.c_str());
            }
            return run.size() == 0 || appendToBlock(original, *column, run);
        }
        if (newKeys.size() < origKeys.size() && isSubsequence(newKeys, origKeys)) {
            std::vector<YAML::Node> keyNodes;
            for (auto it = original.begin(); it != original.end(); ++it)
                keyNodes.push_back(it->first);
            size_t kept = 0;
            for (size_t i = 0; i < origKeys.size(); ++i) {
                if (kept < newKeys.size() && newKeys[kept] == origKeys[i]) {
                    if (!plan(child(original, origKeys[i].c_str()), child(updated, origKeys[i].c_str()), false))
                        return false;
                    ++kept;
                } else if (!deleteEntries(original, *column, keyNodes, i, i + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    // Same number of keys, and where a key differs it is a rename (the old key is gone and the new
    // one is new), not a move.
    static bool keysLineUp(const YAML::Node &a, const YAML::Node &b)
    {
        if (a.size() != b.size())
            return false;
        const std::vector<std::string> keysA = keysOf(a), keysB = keysOf(b);
        for (size_t i = 0; i < keysA.size(); ++i) {
            if (keysA[i] == keysB[i])
                continue;
            if (std::find(keysB.begin(), keysB.end(), keysA[i]) != keysB.end() ||
                std::find(keysA.begin(), keysA.end(), keysB[i]) != keysA.end())
                return false;
        }
        return true;
    }

    // The column of a block collection's keys or dashes; nullopt for flow collections and for
    // collections yaml-cpp marks somewhere else than their first key or dash.
    std::optional<size_t> blockColumn(const YAML::Node &node) const
    {
        const YAML::Mark mark = node.Mark();
        if (mark.is_null() || size_t(mark.pos) >= m_text.size())
            return std::nullopt;
        const size_t begin = size_t(mark.pos);
        if (m_text[begin] == '[' || m_text[begin] == '{' || size_t(mark.column) != begin - lineStartOf(m_text, begin))
            return std::nullopt;
        return size_t(mark.column);
    }

    // Where the line holding `pos` starts, if only indentation comes before `pos` on it (or, for a
    // list item, indentation and its dash).
    std::optional<size_t> ownLineStart(size_t pos, size_t column, bool dash) const
    {
        const size_t start = lineStartOf(m_text, pos);
        if (start + column > m_text.size())
            return std::nullopt;
        for (size_t i = start; i < start + column; ++i) {
            if (m_text[i] != ' ')
                return std::nullopt;
        }
        if (dash) {
            if (m_text[start + column] != '-')
                return std::nullopt;
        } else if (pos != start + column) {
            return std::nullopt;
        }
        return start;
    }

    std::string indented(const YAML::Node &node, size_t column) const
    {
        YAML::Emitter emitter;
        emitter.SetIndent(2);
        emitter << node;
        std::string emitted = emitter.c_str();
        while (!emitted.empty() && emitted.back() == '\n')
            emitted.pop_back();
        const std::string indent(column, ' ');
        std::string out = indent;
        for (size_t i = 0; i < emitted.size(); ++i) {
            out += emitted[i];
            if (emitted[i] == '\n' && i + 1 < emitted.size() && emitted[i + 1] != '\n')
                out += indent;
        }
        return out;
    }

    bool appendToBlock(const YAML::Node &collection, size_t column, const YAML::Node &added)
    {
        const auto span = blockSpan(m_text, size_t(collection.Mark().pos), column, collection.IsSequence());
        if (!span)
            return false;
        edits.push_back({span->second, span->second, "\n" + indented(added, column)});
        return true;
    }

    bool insertBeforeKey(const YAML::Node &map, size_t keyIndex, size_t column, const YAML::Node &added)
    {
        auto it = map.begin();
        std::advance(it, keyIndex);
        const auto start = ownLineStart(size_t(it->first.Mark().pos), column, false);
        if (!start)
            return false;
        edits.push_back({*start, *start, indented(added, column) + "\n"});
        return true;
    }

    // Deletes entries [from, to) of a block list (`starts` are its items) or mapping (its keys),
    // each from the start of its line to the start of the next entry's line.
    bool deleteEntries(const YAML::Node &collection, size_t column, const std::vector<YAML::Node> &starts, size_t from, size_t to)
    {
        const bool sequence = collection.IsSequence();
        auto first = ownLineStart(size_t(starts[from].Mark().pos), column, sequence);
        if (!first)
            return false;
        first = withCommentsAbove(*first);
        if (to < starts.size()) {
            const auto next = ownLineStart(size_t(starts[to].Mark().pos), column, sequence);
            if (!next)
                return false;
            edits.push_back({*first, *next, std::string()});
            return true;
        }
        if (from == 0)
            return false;  // nothing would be left: the parent re-emits the collection instead
        const auto span = blockSpan(m_text, size_t(collection.Mark().pos), column, sequence);
        if (!span || *first == 0)
            return false;
        edits.push_back({*first - 1, span->second, std::string()});  // from the previous line's end
        return true;
    }

    // A comment right above an entry is about that entry: it goes when the entry goes.
    size_t withCommentsAbove(size_t lineStart) const
    {
        while (lineStart > 0) {
            const size_t previous = lineStartOf(m_text, lineStart - 1);
            size_t i = previous;
            while (i < lineStart && m_text[i] == ' ')
                ++i;
            if (i >= lineStart || m_text[i] != '#')
                break;
            lineStart = previous;
        }
        return lineStart;
    }

    bool patchScalar(const YAML::Node &from, const YAML::Node &to, bool isKey)
    {
        const YAML::Mark mark = from.Mark();
        if (mark.is_null() || size_t(mark.pos) >= m_text.size())
            return false;
        const size_t begin = size_t(mark.pos);
        const auto end = scalarEnd(m_text, begin, isKey);
        if (!end)
            return false;
        edits.push_back({begin, *end, renderScalar(to, m_text[begin], isFlowContext(m_text, begin), isKey)});
        return true;
    }

    bool replaceCollection(const YAML::Node &original, const YAML::Node &updated)
    {
        if (!(original.IsMap() || original.IsSequence()) || !(updated.IsMap() || updated.IsSequence()))
            return false;
        const YAML::Mark mark = original.Mark();
        if (mark.is_null() || size_t(mark.pos) >= m_text.size())
            return false;
        const size_t begin = size_t(mark.pos);
        YAML::Node aligned = alignToOriginal(original, updated, m_order);
        if (m_text[begin] == '[' || m_text[begin] == '{') {
            const auto end = flowEnd(m_text, begin);
            if (!end)
                return false;
            aligned.SetStyle(YAML::EmitterStyle::Flow);
            YAML::Emitter emitter;
            emitter << aligned;
            edits.push_back({begin, *end, emitter.c_str()});
            return true;
        }
        const auto column = blockColumn(original);
        if (!column)
            return false;
        const auto span = blockSpan(m_text, begin, *column, original.IsSequence());
        if (!span)
            return false;
        // The first line continues where the old block started; the rest carry its indentation.
        edits.push_back({span->first, span->second, indented(aligned, *column).substr(*column)});
        return true;
    }

    const std::string &m_text;
    KeyOrder m_order;
};

} // namespace

bool yamlEquivalent(const YAML::Node &a, const YAML::Node &b)
{
    if (a.Type() != b.Type())
        return false;
    if (a.IsScalar())
        return scalarsEquivalent(a, b);
    if (a.IsSequence()) {
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i) {
            if (!yamlEquivalent(a[i], b[i]))
                return false;
        }
        return true;
    }
    if (a.IsMap()) {
        if (a.size() != b.size())
            return false;
        auto x = a.begin();
        auto y = b.begin();
        for (; x != a.end(); ++x, ++y) {
            if (x->first.Scalar() != y->first.Scalar() || !yamlEquivalent(x->second, y->second))
                return false;
        }
        return true;
    }
    return true;
}

YAML::Node alignToOriginal(const YAML::Node &original, const YAML::Node &updated, KeyOrder order)
{
    if (updated.IsMap()) {
        YAML::Node out(YAML::NodeType::Map);
        if (original.IsMap() && order == KeyOrder::Original) {
            for (auto it = original.begin(); it != original.end(); ++it) {
                const std::string key = it->first.Scalar();
                const YAML::Node value = child(updated, key.c_str());
                if (value.IsDefined())
                    out[key] = alignToOriginal(it->second, value, order);
            }
        }
        for (auto it = updated.begin(); it != updated.end(); ++it) {
            const std::string key = it->first.Scalar();
            const YAML::Node orig = child(original, key.c_str());
            if (order == KeyOrder::AsGiven || !orig.IsDefined())
                out[key] = alignToOriginal(orig, it->second, order);
        }
        out.SetStyle(original.IsMap() ? original.Style() : updated.Style());
        return out;
    }
    if (updated.IsSequence()) {
        YAML::Node out(YAML::NodeType::Sequence);
        for (size_t i = 0; i < updated.size(); ++i) {
            const YAML::Node orig = original.IsSequence() && i < original.size() ? original[i] : YAML::Node();
            out.push_back(alignToOriginal(orig, updated[i], order));
        }
        out.SetStyle(original.IsSequence() ? original.Style() : updated.Style());
        return out;
    }
    return updated;
}

std::optional<std::string> editYamlText(const std::string &text, const YAML::Node &original, const YAML::Node &updated,
                                        KeyOrder order)
{
    EditPlanner planner(text, order);
    // A model writes keys in its own order; the file's order is the one to keep.
    const YAML::Node wanted = order == KeyOrder::Original ? alignToOriginal(original, updated, order) : updated;
    if (!planner.plan(original, wanted, true))
        return std::nullopt;
    std::vector<Edit> edits = planner.edits;
    std::sort(edits.begin(), edits.end(), [](const Edit &a, const Edit &b) { return a.begin > b.begin; });
    std::string out = text;
    for (const Edit &e : edits)
        out.replace(e.begin, e.end - e.begin, e.replacement);
    return out;
}

} // namespace sift

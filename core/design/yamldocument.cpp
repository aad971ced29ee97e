#include "yamldocument.h"

#include "yamlreader.h"

#include <algorithm>

namespace sift {

namespace {

struct ScalarPatch
{
    size_t begin = 0;
    size_t end = 0;
    std::string replacement;
};

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

// Makes `updated` follow the key order of `original` wherever both have a mapping, and copies
// the flow/block style of collections, so a re-emitted document looks like the one it replaces.
YAML::Node alignToOriginal(const YAML::Node &original, const YAML::Node &updated)
{
    if (updated.IsMap()) {
        YAML::Node out(YAML::NodeType::Map);
        if (original.IsMap()) {
            for (auto it = original.begin(); it != original.end(); ++it) {
                const std::string key = it->first.Scalar();
                const YAML::Node value = updated[key];
                if (value.IsDefined())
                    out[key] = alignToOriginal(it->second, value);
            }
        }
        for (auto it = updated.begin(); it != updated.end(); ++it) {
            const std::string key = it->first.Scalar();
            if (!(original.IsMap() && original[key].IsDefined()))
                out[key] = alignToOriginal(YAML::Node(), it->second);
        }
        out.SetStyle(original.IsMap() ? original.Style() : updated.Style());
        return out;
    }
    if (updated.IsSequence()) {
        YAML::Node out(YAML::NodeType::Sequence);
        for (size_t i = 0; i < updated.size(); ++i) {
            const YAML::Node orig = original.IsSequence() && i < original.size() ? original[i] : YAML::Node();
            out.push_back(alignToOriginal(orig, updated[i]));
        }
        out.SetStyle(original.IsSequence() ? original.Style() : updated.Style());
        return out;
    }
    return updated;
}

// Collects value-only changes; returns false when the structure differs (keys, lengths, kinds).
bool collectScalarChanges(const YAML::Node &original, const YAML::Node &updated,
                          std::vector<std::pair<YAML::Node, YAML::Node>> &changes)
{
    if (original.Type() != updated.Type())
        return false;
    if (original.IsScalar()) {
        if (!scalarsEquivalent(original, updated))
            changes.emplace_back(original, updated);
        return true;
    }
    if (original.IsSequence()) {
        if (original.size() != updated.size())
            return false;
        for (size_t i = 0; i < original.size(); ++i) {
            if (!collectScalarChanges(original[i], updated[i], changes))
                return false;
        }
        return true;
    }
    if (original.IsMap()) {
        if (original.size() != updated.size())
            return false;
        auto a = original.begin();
        auto b = updated.begin();
        for (; a != original.end(); ++a, ++b) {
            if (a->first.Scalar() != b->first.Scalar())
                return false;
            if (!collectScalarChanges(a->second, b->second, changes))
                return false;
        }
        return true;
    }
    return true;
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

// The byte range of the scalar that starts at `begin`, or nullopt for forms Sift does not patch
// (block scalars, multi-line plain scalars): those fall back to re-emitting.
std::optional<size_t> scalarEnd(const std::string &text, size_t begin)
{
    if (begin >= text.size())
        return std::nullopt;
    const char first = text[begin];
    if (first == '"') {
        for (size_t i = begin + 1; i < text.size(); ++i) {
            if (text[i] == '\\') {
                ++i;
                continue;
            }
            if (text[i] == '"')
                return i + 1;
        }
        return std::nullopt;
    }
    if (first == '\'') {
        for (size_t i = begin + 1; i < text.size(); ++i) {
            if (text[i] == '\'') {
                if (i + 1 < text.size() && text[i + 1] == '\'') {
                    ++i;
                    continue;
                }
                return i + 1;
            }
        }
        return std::nullopt;
    }
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
    }
    while (i > begin && (text[i - 1] == ' ' || text[i - 1] == '\t'))
        --i;
    return i;
}

std::string renderScalar(const YAML::Node &value, char originalFirst, bool flow)
{
    const std::string &s = value.Scalar();
    if (originalFirst != '"' && originalFirst != '\'' && value.Tag() != "!") {
        // A plain scalar stays plain when YAML would read it back as the same text.
        bool safe = !s.empty() && s.find('\n') == std::string::npos && s.find(": ") == std::string::npos &&
                    s.find(" #") == std::string::npos && s.front() != ' ' && s.back() != ' ' &&
                    std::string("!&*-?|>'\"%@`#{}[],").find(s.front()) == std::string::npos;
        if (flow)
            safe = safe && s.find_first_of(",[]{}") == std::string::npos;
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

} // namespace

YamlDocument YamlDocument::fromText(QByteArray text, const QString &file, Diagnostics &diagnostics)
{
    YamlDocument doc;
    doc.m_text = std::move(text);
    if (auto root = parseYaml(doc.m_text, file, diagnostics))
        doc.m_root = *root;
    return doc;
}

YamlDocument YamlDocument::fromNode(const YAML::Node &root)
{
    YamlDocument doc;
    doc.m_text = emit(root);
    doc.m_root = YAML::Load(doc.m_text.toStdString());
    return doc;
}

QByteArray YamlDocument::emit(const YAML::Node &root)
{
    YAML::Emitter emitter;
    emitter.SetIndent(2);
    emitter << root;
    QByteArray out(emitter.c_str());
    if (!out.endsWith('\n'))
        out.append('\n');
    return out;
}

bool YamlDocument::equivalent(const YAML::Node &a, const YAML::Node &b)
{
    std::vector<std::pair<YAML::Node, YAML::Node>> changes;
    return collectScalarChanges(a, b, changes) && changes.empty();
}

bool YamlDocument::assign(const YAML::Node &updated)
{
    m_lastAssignWasPatch = false;
    if (hasTree() && equivalent(m_root, updated))
        return false;

    if (hasTree()) {
        std::vector<std::pair<YAML::Node, YAML::Node>> changes;
        if (collectScalarChanges(m_root, updated, changes)) {
            const std::string original = m_text.toStdString();
            std::vector<ScalarPatch> patches;
            bool patchable = true;
            for (const auto &[from, to] : changes) {
                const YAML::Mark mark = from.Mark();
                if (mark.is_null() || size_t(mark.pos) >= original.size()) {
                    patchable = false;
                    break;
                }
                const size_t begin = size_t(mark.pos);
                const auto end = scalarEnd(original, begin);
                if (!end) {
                    patchable = false;
                    break;
                }
                patches.push_back({begin, *end, renderScalar(to, original[begin], isFlowContext(original, begin))});
            }
            if (patchable) {
                std::sort(patches.begin(), patches.end(),
                          [](const ScalarPatch &a, const ScalarPatch &b) { return a.begin > b.begin; });
                std::string text = original;
                for (const ScalarPatch &p : patches)
                    text.replace(p.begin, p.end - p.begin, p.replacement);
                // Only keep the patch when it reads back as exactly the intended tree.
                try {
                    const YAML::Node reparsed = YAML::Load(text);
                    if (equivalent(reparsed, updated)) {
                        m_text = QByteArray::fromStdString(text);
                        m_root = reparsed;
                        m_lastAssignWasPatch = true;
                        return true;
                    }
                } catch (const YAML::Exception &) {
                    // fall through to re-emitting
                }
            }
        }
    }

    const YAML::Node aligned = hasTree() ? alignToOriginal(m_root, updated) : updated;
    m_text = emit(aligned);
    m_root = YAML::Load(m_text.toStdString());
    return true;
}

} // namespace sift

#include "yamlmerge.h"

#include "yamlreader.h"
#include "yamltextedit.h"

#include <algorithm>
#include <map>
#include <vector>

namespace sift {

namespace {

std::vector<std::string> keysOf(const YAML::Node &map)
{
    std::vector<std::string> keys;
    for (auto it = map.begin(); it != map.end(); ++it)
        keys.push_back(it->first.Scalar());
    return keys;
}

bool contains(const std::vector<std::string> &keys, const std::string &key)
{
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

YAML::Node mergeMaps(const YAML::Node &original, const YAML::Node &before, const YAML::Node &after)
{
    const std::vector<std::string> origKeys = keysOf(original);
    const std::vector<std::string> beforeKeys = keysOf(before);
    std::vector<std::string> afterKeys = keysOf(after);

    // A key at the same position whose old name is gone and whose new name is new was renamed.
    std::map<std::string, std::string> renamedFrom;  // new name -> old name
    if (beforeKeys.size() == afterKeys.size()) {
        for (size_t i = 0; i < afterKeys.size(); ++i) {
            if (beforeKeys[i] != afterKeys[i] && !contains(afterKeys, beforeKeys[i]) && !contains(beforeKeys, afterKeys[i]))
                renamedFrom[afterKeys[i]] = beforeKeys[i];
        }
    }
    auto oldName = [&](const std::string &key) {
        const auto it = renamedFrom.find(key);
        return it == renamedFrom.end() ? key : it->second;
    };

    // Did the edit move keys? Compare the order of the keys present before and after.
    std::vector<std::string> commonBefore, commonAfter;
    for (const std::string &k : beforeKeys) {
        if (std::any_of(afterKeys.begin(), afterKeys.end(), [&](const std::string &a) { return oldName(a) == k; }))
            commonBefore.push_back(k);
    }
    for (const std::string &k : afterKeys) {
        if (contains(beforeKeys, oldName(k)))
            commonAfter.push_back(oldName(k));
    }
    const bool moved = commonBefore != commonAfter;

    // The resulting order: the original's (with removals dropped and additions placed after the key
    // they follow in `after`), or, when the edit moved keys, `after`'s with untouched extra keys last.
    // A key the model writes with its default value although the file leaves it out stays left out.
    auto onlyADefault = [&](const std::string &k) {
        const std::string old = oldName(k);
        return contains(beforeKeys, old) && !contains(origKeys, old) &&
               yamlEquivalent(child(before, old.c_str()), child(after, k.c_str()));
    };
    std::vector<std::string> order;  // names as they appear in the result
    if (moved) {
        for (const std::string &k : afterKeys) {
            if (!onlyADefault(k))
                order.push_back(k);
        }
        for (const std::string &k : origKeys) {
            if (!contains(beforeKeys, k) && !contains(order, k))
                order.push_back(k);
        }
    } else {
        for (const std::string &k : origKeys) {
            if (!contains(beforeKeys, k)) {
                order.push_back(k);  // a key the model does not know: kept where it is
                continue;
            }
            for (const std::string &a : afterKeys) {
                if (oldName(a) == k)
                    order.push_back(a);
            }
        }
        for (size_t i = 0; i < afterKeys.size(); ++i) {
            const std::string &k = afterKeys[i];
            if (contains(order, k) || onlyADefault(k))
                continue;
            // New: insert after the key it follows in `after`.
            auto at = order.begin();
            for (size_t j = i; j > 0; --j) {
                const auto prev = std::find(order.begin(), order.end(), afterKeys[j - 1]);
                if (prev != order.end()) {
                    at = prev + 1;
                    break;
                }
            }
            order.insert(at, k);
        }
    }

    YAML::Node out(YAML::NodeType::Map);
    for (const std::string &k : order) {
        const YAML::Node afterValue = child(after, k.c_str());
        if (afterValue.IsDefined()) {
            const std::string old = oldName(k);
            out[k] = mergeYamlChanges(child(original, old.c_str()), child(before, old.c_str()), afterValue);
        } else if (!contains(beforeKeys, k)) {
            out[k] = YAML::Clone(child(original, k.c_str()));
        }
        // else: removed by the edit
    }
    out.SetStyle(original.Style());
    return out;
}

} // namespace

YAML::Node mergeYamlChanges(const YAML::Node &original, const YAML::Node &before, const YAML::Node &after)
{
    if (before.IsDefined() && yamlEquivalent(before, after) && original.IsDefined())
        return YAML::Clone(original);
    if (!original.IsDefined() || !before.IsDefined())
        return after;
    if (original.IsMap() && before.IsMap() && after.IsMap())
        return mergeMaps(original, before, after);
    if (original.IsSequence() && before.IsSequence() && after.IsSequence() && original.size() == before.size() &&
        before.size() == after.size()) {
        YAML::Node out(YAML::NodeType::Sequence);
        for (size_t i = 0; i < after.size(); ++i)
            out.push_back(mergeYamlChanges(original[i], before[i], after[i]));
        out.SetStyle(original.Style());
        return out;
    }
    return after;
}

} // namespace sift

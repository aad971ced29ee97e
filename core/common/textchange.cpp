#include "textchange.h"

#include <algorithm>

namespace sift {

TextChange TextChange::between(const QString &before, const QString &after)
{
    const qsizetype shorter = std::min(before.size(), after.size());
    qsizetype prefix = 0;
    while (prefix < shorter && before[prefix] == after[prefix])
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < shorter - prefix && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
        ++suffix;
    return {prefix, before.mid(prefix, before.size() - prefix - suffix), after.mid(prefix, after.size() - prefix - suffix)};
}

bool TextChange::appliesTo(const QString &text) const
{
    return position >= 0 && position + removed.size() <= text.size() &&
           QStringView(text).mid(position, removed.size()) == removed;
}

QString TextChange::applyTo(const QString &text) const
{
    Q_ASSERT(appliesTo(text));
    QString out = text;
    out.replace(position, removed.size(), inserted);
    return out;
}

} // namespace sift

#pragma once

#include "common/diagnostic.h"

#include <QByteArray>
#include <QString>
#include <yaml-cpp/yaml.h>

namespace sift {

// The text of one YAML artifact together with its parsed tree. Saving a model goes through
// assign(): values that changed in place are patched into the original text, so comments,
// quoting and layout elsewhere survive and a diff of the file shows exactly the change; a change
// of structure (a key added or removed, a list that grew) re-emits the document, keeping the
// original key order.
class YamlDocument
{
public:
    YamlDocument() = default;

    // Parses text; on a syntax error the document keeps the text and has no tree.
    static YamlDocument fromText(QByteArray text, const QString &file, Diagnostics &diagnostics);
    // A document for content built in code (no original text).
    static YamlDocument fromNode(const YAML::Node &root);

    const QByteArray &text() const { return m_text; }
    const YAML::Node &root() const { return m_root; }
    bool hasTree() const { return m_root.IsDefined() && !m_root.IsNull(); }

    // Makes the document hold `updated`. Returns true when the text changed.
    bool assign(const YAML::Node &updated);
    // Whether the last assign() could patch values in place (false: it re-emitted the whole text).
    bool lastAssignWasPatch() const { return m_lastAssignWasPatch; }

    static QByteArray emit(const YAML::Node &root);
    // Deep comparison that treats 0.80 and 0.8, or yes and true, as the same value.
    static bool equivalent(const YAML::Node &a, const YAML::Node &b);

private:
    QByteArray m_text;
    YAML::Node m_root;
    bool m_lastAssignWasPatch = false;
};

} // namespace sift

#pragma once

#include "common/diagnostic.h"
#include "yamltextedit.h"

#include <QByteArray>
#include <QString>
#include <yaml-cpp/yaml.h>

namespace sift {

// The text of one YAML artifact together with its parsed tree. Saving a model goes through
// assign(): values that changed are patched into the original text, and a mapping or list whose
// keys or length changed is re-emitted where it stands, so comments, quoting and layout elsewhere
// survive and a diff of the file shows exactly the change. Only when the top level itself changes
// shape is the whole document re-emitted, keeping the original key order.
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

    // Makes the document hold `updated`, whose keys are in a model's own order: re-emitted mappings
    // keep the file's key order. Returns true when the text changed.
    bool assign(const YAML::Node &updated);
    bool assign(const YAML::Node &updated, KeyOrder order);
    // Makes the document hold the edit from `before` to `after` (a model written back unedited and
    // edited), leaving everything the edit did not touch as it is in the text (see mergeYamlChanges).
    bool assignChanges(const YAML::Node &before, const YAML::Node &after);
    // Whether the last assign() edited the text in place (false: it re-emitted the whole text).
    bool lastAssignWasPatch() const { return m_lastAssignWasPatch; }

    static QByteArray emit(const YAML::Node &root);
    // Deep comparison that treats 0.80 and 0.8, or yes and true, as the same value.
    static bool equivalent(const YAML::Node &a, const YAML::Node &b);

private:
    QByteArray m_text;
    // Copies of a document share the tree; it is only ever replaced with reset(), never assigned
    // to (yaml-cpp's operator= would rewrite the tree every copy shares).
    YAML::Node m_root;
    bool m_lastAssignWasPatch = false;
};

} // namespace sift

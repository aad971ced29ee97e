#pragma once

#include "common/diagnostic.h"
#include "sourcepos.h"

#include <QStringList>
#include <optional>
#include <yaml-cpp/yaml.h>

namespace sift {

// Reads typed values out of a parsed YAML tree and turns every type mismatch or missing key into a
// diagnostic at the offending node, so loaders stay short and every error points at a line.
class YamlReader
{
public:
    YamlReader(QString file, Diagnostics &diagnostics) : m_file(std::move(file)), m_diagnostics(diagnostics) {}

    const QString &file() const { return m_file; }
    Diagnostics &diagnostics() { return m_diagnostics; }

    static SourcePos pos(const YAML::Node &node);
    static QString scalar(const YAML::Node &node) { return QString::fromStdString(node.Scalar()); }

    void error(const YAML::Node &at, const QString &message, const QString &hint = {});
    void warning(const YAML::Node &at, const QString &message, const QString &hint = {});
    void error(SourcePos at, const QString &message, const QString &hint = {});
    void warning(SourcePos at, const QString &message, const QString &hint = {});

    // Each reader reports a diagnostic (naming `what`) and returns nullopt when the key is present
    // but of the wrong type, or when it is required and missing.
    std::optional<QString> string(const YAML::Node &map, const char *key, const QString &what, bool required);
    std::optional<double> number(const YAML::Node &map, const char *key, const QString &what, bool required);
    std::optional<qint64> integer(const YAML::Node &map, const char *key, const QString &what, bool required);
    std::optional<bool> boolean(const YAML::Node &map, const char *key, const QString &what, bool required);
    std::optional<QStringList> stringList(const YAML::Node &map, const char *key, const QString &what,
                                          bool required);
    std::optional<QList<double>> numberList(const YAML::Node &map, const char *key, const QString &what,
                                            bool required);
    // A mapping (or absent/null = empty when not required). Reports anything else.
    bool isMap(const YAML::Node &node, const QString &what);

    std::optional<double> toNumber(const YAML::Node &scalar, const QString &what);

    // Keys of `map` not in `known`: kept as extras and reported as warnings (usually a typo).
    YamlExtras extras(const YAML::Node &map, std::initializer_list<const char *> known, const QString &what);
    // As above; keys in `ignored` are neither warned about nor kept (the caller has reported them).
    YamlExtras extras(const YAML::Node &map, const QStringList &known, const QString &what,
                      const QStringList &ignored = {});

private:
    QString m_file;
    Diagnostics &m_diagnostics;
};

// Writes extras back into a mapping being built for saving.
void writeExtras(YAML::Node &map, const YamlExtras &extras);

// A number as the shortest text that reads back as the same double (0.65, not yaml-cpp's
// 0.65000000000000002), so a weight typed in an editor is saved as the user typed it.
YAML::Node yamlNumber(double value);

// Strict number parse of a YAML scalar (YAML 1.2 core schema forms Sift accepts).
std::optional<double> parseYamlNumber(const std::string &text);
std::optional<bool> parseYamlBool(const std::string &text);

// Parses text into a root node; a syntax error becomes a diagnostic at the parser's line and column.
// map[key] for reading: yaml-cpp returns an invalid node for a missing key whose Is*() and Mark()
// throw, so readers go through this, which gives a valid undefined node instead.
YAML::Node child(const YAML::Node &map, const char *key);

std::optional<YAML::Node> parseYaml(const QByteArray &text, const QString &file, Diagnostics &diagnostics);

} // namespace sift

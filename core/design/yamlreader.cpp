#include "yamlreader.h"

#include <QCoreApplication>
#include <QLocale>
#include <cmath>
#include <cstdlib>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::YamlReader", text);
}

QString quoted(const char *key)
{
    return QStringLiteral("'%1'").arg(QString::fromUtf8(key));
}
} // namespace

YAML::Node child(const YAML::Node &map, const char *key)
{
    if (!map.IsDefined() || !map.IsMap())
        return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node value = map[key];
    return value.IsDefined() ? value : YAML::Node(YAML::NodeType::Undefined);
}

SourcePos YamlReader::pos(const YAML::Node &node)
{
    if (!node.IsDefined())
        return {};
    const YAML::Mark mark = node.Mark();
    if (mark.is_null())
        return {};
    return {mark.line + 1, mark.column + 1};
}

void YamlReader::error(SourcePos at, const QString &message, const QString &hint)
{
    m_diagnostics.append(Diagnostic::error(m_file, at.line, at.column, message, hint));
}

void YamlReader::warning(SourcePos at, const QString &message, const QString &hint)
{
    m_diagnostics.append(Diagnostic::warning(m_file, at.line, at.column, message, hint));
}

void YamlReader::error(const YAML::Node &at, const QString &message, const QString &hint)
{
    error(pos(at), message, hint);
}

void YamlReader::warning(const YAML::Node &at, const QString &message, const QString &hint)
{
    warning(pos(at), message, hint);
}

bool YamlReader::isMap(const YAML::Node &node, const QString &what)
{
    if (node.IsMap())
        return true;
    if (!node.IsDefined() || node.IsNull())
        return false;
    error(node, tr("%1 must be a mapping of keys to values").arg(what),
          tr("write it as 'key: value' lines indented under %1").arg(what));
    return false;
}

std::optional<QString> YamlReader::string(const YAML::Node &map, const char *key, const QString &what,
                                          bool required)
{
    const YAML::Node node = child(map, key);
    if (!node.IsDefined() || node.IsNull()) {
        if (required)
            error(map, tr("%1 is missing %2").arg(what, quoted(key)), tr("add '%1: ...'").arg(QString::fromUtf8(key)));
        return std::nullopt;
    }
    if (!node.IsScalar()) {
        error(node, tr("%1 %2 must be text").arg(what, quoted(key)), tr("quote the value or use a '|' block"));
        return std::nullopt;
    }
    return scalar(node);
}

std::optional<double> parseYamlNumber(const std::string &text)
{
    if (text.empty())
        return std::nullopt;
    const char *begin = text.c_str();
    char *end = nullptr;
    const double value = std::strtod(begin, &end);
    if (end != begin + text.size() || !std::isfinite(value))
        return std::nullopt;
    // strtod also accepts hex floats and "inf"/"nan" spellings; YAML configs should not use them.
    for (const char c : text) {
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == 'e' ||
              c == 'E'))
            return std::nullopt;
    }
    return value;
}

std::optional<bool> parseYamlBool(const std::string &text)
{
    if (text == "true" || text == "True" || text == "TRUE" || text == "yes" || text == "Yes")
        return true;
    if (text == "false" || text == "False" || text == "FALSE" || text == "no" || text == "No")
        return false;
    return std::nullopt;
}

std::optional<double> YamlReader::toNumber(const YAML::Node &node, const QString &what)
{
    if (node.IsScalar()) {
        if (const auto value = parseYamlNumber(node.Scalar()))
            return value;
    }
    error(node, tr("%1 must be a number").arg(what), tr("write a plain number such as 0.25"));
    return std::nullopt;
}

std::optional<double> YamlReader::number(const YAML::Node &map, const char *key, const QString &what,
                                         bool required)
{
    const YAML::Node node = child(map, key);
    if (!node.IsDefined() || node.IsNull()) {
        if (required)
            error(map, tr("%1 is missing %2").arg(what, quoted(key)), tr("add '%1: <number>'").arg(QString::fromUtf8(key)));
        return std::nullopt;
    }
    return toNumber(node, tr("%1 %2").arg(what, quoted(key)));
}

std::optional<qint64> YamlReader::integer(const YAML::Node &map, const char *key, const QString &what,
                                          bool required)
{
    const auto value = number(map, key, what, required);
    if (!value)
        return std::nullopt;
    if (std::floor(*value) != *value) {
        error(child(map, key), tr("%1 %2 must be a whole number").arg(what, quoted(key)));
        return std::nullopt;
    }
    return qint64(*value);
}

std::optional<bool> YamlReader::boolean(const YAML::Node &map, const char *key, const QString &what,
                                        bool required)
{
    const YAML::Node node = child(map, key);
    if (!node.IsDefined() || node.IsNull()) {
        if (required)
            error(map, tr("%1 is missing %2").arg(what, quoted(key)), tr("add '%1: true' or '%1: false'").arg(QString::fromUtf8(key)));
        return std::nullopt;
    }
    if (node.IsScalar()) {
        if (const auto value = parseYamlBool(node.Scalar()))
            return value;
    }
    error(node, tr("%1 %2 must be true or false").arg(what, quoted(key)));
    return std::nullopt;
}

std::optional<QStringList> YamlReader::stringList(const YAML::Node &map, const char *key, const QString &what,
                                                  bool required)
{
    const YAML::Node node = child(map, key);
    if (!node.IsDefined() || node.IsNull()) {
        if (required)
            error(map, tr("%1 is missing %2").arg(what, quoted(key)), tr("add '%1: [a, b]'").arg(QString::fromUtf8(key)));
        return std::nullopt;
    }
    if (!node.IsSequence()) {
        error(node, tr("%1 %2 must be a list").arg(what, quoted(key)), tr("write it as [a, b, c]"));
        return std::nullopt;
    }
    QStringList out;
    for (const YAML::Node &item : node) {
        if (!item.IsScalar()) {
            error(item, tr("every item of %1 %2 must be text").arg(what, quoted(key)));
            return std::nullopt;
        }
        out.append(scalar(item));
    }
    return out;
}

std::optional<QList<double>> YamlReader::numberList(const YAML::Node &map, const char *key, const QString &what,
                                                    bool required)
{
    const YAML::Node node = child(map, key);
    if (!node.IsDefined() || node.IsNull()) {
        if (required)
            error(map, tr("%1 is missing %2").arg(what, quoted(key)), tr("add '%1: [0.5, 0.5]'").arg(QString::fromUtf8(key)));
        return std::nullopt;
    }
    if (!node.IsSequence()) {
        error(node, tr("%1 %2 must be a list of numbers").arg(what, quoted(key)), tr("write it as [0.5, 0.5]"));
        return std::nullopt;
    }
    QList<double> out;
    for (const YAML::Node &item : node) {
        const auto value = toNumber(item, tr("every item of %1 %2").arg(what, quoted(key)));
        if (!value)
            return std::nullopt;
        out.append(*value);
    }
    return out;
}

YamlExtras YamlReader::extras(const YAML::Node &map, std::initializer_list<const char *> known, const QString &what)
{
    QStringList knownList;
    for (const char *k : known)
        knownList.append(QString::fromUtf8(k));
    return extras(map, knownList, what);
}

YamlExtras YamlReader::extras(const YAML::Node &map, const QStringList &known, const QString &what,
                              const QStringList &ignored)
{
    YamlExtras out;
    if (!map.IsMap())
        return out;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString key = QString::fromStdString(it->first.Scalar());
        if (known.contains(key) || ignored.contains(key))
            continue;
        warning(it->first, tr("%1 has an unknown key '%2'; Sift keeps it but does not use it").arg(what, key),
                tr("known keys here: %1").arg(known.join(QStringLiteral(", "))));
        YAML::Emitter emitter;
        emitter << it->second;
        out.append({key, QByteArray(emitter.c_str())});
    }
    return out;
}

void writeExtras(YAML::Node &map, const YamlExtras &extras)
{
    for (const auto &[key, text] : extras)
        map[key.toStdString()] = YAML::Load(text.toStdString());
}

YAML::Node yamlNumber(double value)
{
    return YAML::Node(QString::number(value, 'g', QLocale::FloatingPointShortest).toStdString());
}

std::optional<YAML::Node> parseYaml(const QByteArray &text, const QString &file, Diagnostics &diagnostics)
{
    try {
        YAML::Node root = YAML::Load(text.toStdString());
        if (root.IsDefined() && !root.IsNull())
            return root;
        diagnostics.append(Diagnostic::error(file, 1, 1, tr("the file holds no YAML content"),
                                             tr("fill it in as docs/project-format.md describes, or restore it "
                                                "from a backup or version control")));
    } catch (const YAML::ParserException &e) {
        diagnostics.append(Diagnostic::error(
            file, e.mark.line + 1, e.mark.column + 1,
            tr("YAML syntax error: %1").arg(QString::fromStdString(e.msg)),
            tr("check indentation, colons and brackets on this line and the one before")));
    } catch (const YAML::Exception &e) {
        diagnostics.append(Diagnostic::error(file, e.mark.line + 1, e.mark.column + 1,
                                             tr("cannot read YAML: %1").arg(QString::fromStdString(e.msg))));
    }
    return std::nullopt;
}

} // namespace sift

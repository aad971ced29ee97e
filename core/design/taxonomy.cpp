#include "taxonomy.h"

#include "checks.h"
#include "yamlreader.h"

#include <QCoreApplication>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::Taxonomy", text);
}

QList<TaxonomyValue> readValues(YamlReader &r, const YAML::Node &map, const QString &parent);

TaxonomyValue readValue(YamlReader &r, const YAML::Node &key, const YAML::Node &node, const QString &parent)
{
    TaxonomyValue v;
    v.id = YamlReader::scalar(key);
    v.pos = YamlReader::pos(key);
    const QString what = tr("value %1 of %2").arg(v.id, parent);
    if (!node.IsMap()) {
        r.error(node.IsDefined() && !node.IsNull() ? node : key, tr("%1 must be a mapping with at least a weight").arg(what),
                tr("write '%1: {weight: 0.2}'").arg(v.id));
        return v;
    }
    v.weightPos = YamlReader::pos(child(node, "weight"));
    v.weight = r.number(node, "weight", what, true).value_or(0);
    v.description = r.string(node, "description", what, false).value_or(QString());
    if (child(node, "subtopics").IsDefined())
        v.subtopics = readValues(r, child(node, "subtopics"), parent + QLatin1Char('/') + v.id);
    v.extras = r.extras(node, {"weight", "description", "subtopics"}, what);
    return v;
}

QList<TaxonomyValue> readValues(YamlReader &r, const YAML::Node &map, const QString &parent)
{
    QList<TaxonomyValue> values;
    if (!r.isMap(map, tr("the values of %1").arg(parent)))
        return values;
    for (auto it = map.begin(); it != map.end(); ++it)
        values.append(readValue(r, it->first, it->second, parent));
    return values;
}

YAML::Node writeValues(const QList<TaxonomyValue> &values)
{
    YAML::Node map(YAML::NodeType::Map);
    for (const TaxonomyValue &v : values) {
        YAML::Node node(YAML::NodeType::Map);
        node["weight"] = yamlNumber(v.weight);
        if (!v.description.isEmpty())
            node["description"] = v.description.toStdString();
        if (!v.subtopics.isEmpty())
            node["subtopics"] = writeValues(v.subtopics);
        writeExtras(node, v.extras);
        map[v.id.toStdString()] = node;
    }
    return map;
}

void validateValues(const QString &file, const QList<TaxonomyValue> &values, SourcePos parentPos,
                    const QString &parent, Diagnostics &out)
{
    QList<WeightedItem> weights;
    for (const TaxonomyValue &v : values) {
        weights.append({v.weight, v.weightPos.line ? v.weightPos : v.pos});
        if (!v.subtopics.isEmpty())
            validateValues(file, v.subtopics, v.pos, parent + QLatin1Char('/') + v.id, out);
    }
    checkRelativeWeights(file, weights, parentPos, parent, out);
}
} // namespace

QStringList TaxonomyDimension::knownKinds()
{
    return {QStringLiteral("what"), QStringLiteral("how"), QStringLiteral("who"), QStringLiteral("difficulty"),
            QStringLiteral("edge_case"), QStringLiteral("other")};
}

Taxonomy Taxonomy::fromYaml(const YAML::Node &root, const QString &file, Diagnostics &diagnostics)
{
    YamlReader r(file, diagnostics);
    Taxonomy t;
    if (!root.IsMap()) {
        r.error(root, tr("the taxonomy must be a mapping with a 'dimensions' section"));
        return t;
    }
    t.targetPos = YamlReader::pos(child(root, "edge_case_target"));
    t.edgeCaseTarget = r.number(root, "edge_case_target", tr("the taxonomy"), false);
    const YAML::Node dims = child(root, "dimensions");
    if (!dims.IsDefined())
        r.error(root, tr("the taxonomy has no 'dimensions' section"), tr("add 'dimensions:' with topic, style, persona, difficulty and edge_case"));
    if (r.isMap(dims, QStringLiteral("dimensions"))) {
        for (auto it = dims.begin(); it != dims.end(); ++it) {
            TaxonomyDimension d;
            d.id = YamlReader::scalar(it->first);
            d.pos = YamlReader::pos(it->first);
            const YAML::Node node = it->second;
            const QString what = tr("dimension %1").arg(d.id);
            if (!r.isMap(node, what)) {
                t.dimensions.append(d);
                continue;
            }
            d.kindPos = YamlReader::pos(child(node, "kind"));
            d.kind = r.string(node, "kind", what, false).value_or(QStringLiteral("other"));
            d.description = r.string(node, "description", what, false).value_or(QString());
            if (!child(node, "values").IsDefined())
                r.error(it->first, tr("%1 has no values").arg(what), tr("add 'values:' with at least one weighted value"));
            else
                d.values = readValues(r, child(node, "values"), d.id);
            d.extras = r.extras(node, {"kind", "description", "values"}, what);
            t.dimensions.append(d);
        }
    }
    t.extras = r.extras(root, {"edge_case_target", "dimensions"}, tr("the taxonomy"));
    return t;
}

YAML::Node Taxonomy::toYaml() const
{
    YAML::Node root(YAML::NodeType::Map);
    if (edgeCaseTarget)
        root["edge_case_target"] = yamlNumber(*edgeCaseTarget);
    YAML::Node dims(YAML::NodeType::Map);
    for (const TaxonomyDimension &d : dimensions) {
        YAML::Node node(YAML::NodeType::Map);
        node["kind"] = d.kind.toStdString();
        if (!d.description.isEmpty())
            node["description"] = d.description.toStdString();
        node["values"] = writeValues(d.values);
        writeExtras(node, d.extras);
        dims[d.id.toStdString()] = node;
    }
    root["dimensions"] = dims;
    writeExtras(root, extras);
    return root;
}

const TaxonomyDimension *Taxonomy::edgeCaseDimension() const
{
    for (const TaxonomyDimension &d : dimensions) {
        if (d.kind == QLatin1String("edge_case"))
            return &d;
    }
    return nullptr;
}

std::optional<double> Taxonomy::edgeCaseShare() const
{
    const TaxonomyDimension *d = edgeCaseDimension();
    if (!d)
        return std::nullopt;
    double total = 0, edge = 0;
    for (const TaxonomyValue &v : d->values) {
        total += v.weight;
        if (v.id != NoEdgeCase)
            edge += v.weight;
    }
    if (total <= 0)
        return std::nullopt;
    return edge / total;
}

Diagnostics Taxonomy::validate(const QString &file) const
{
    Diagnostics out;
    if (dimensions.isEmpty())
        out.append(Diagnostic::error(file, 1, 1, tr("the taxonomy defines no dimensions"),
                                     tr("add at least a 'what' dimension (topics)")));
    int edgeDimensions = 0;
    for (const TaxonomyDimension &d : dimensions) {
        if (!TaxonomyDimension::knownKinds().contains(d.kind))
            out.append(Diagnostic::error(file, d.kindPos.line ? d.kindPos.line : d.pos.line,
                                         d.kindPos.line ? d.kindPos.column : d.pos.column,
                                         tr("dimension %1 has unknown kind '%2'").arg(d.id, d.kind),
                                         tr("use one of: %1").arg(TaxonomyDimension::knownKinds().join(QStringLiteral(", ")))));
        if (d.kind == QLatin1String("edge_case") && ++edgeDimensions == 2)
            out.append(Diagnostic::error(file, d.pos.line, d.pos.column,
                                         tr("dimension %1 is a second edge_case dimension").arg(d.id),
                                         tr("keep all edge cases as values of one edge_case dimension")));
        if (d.values.isEmpty())
            out.append(Diagnostic::error(file, d.pos.line, d.pos.column, tr("dimension %1 has no values").arg(d.id),
                                         tr("add at least one weighted value")));
        validateValues(file, d.values, d.pos, tr("dimension %1").arg(d.id), out);
    }
    const double target = edgeCaseTarget.value_or(DefaultEdgeCaseTarget);
    if (edgeCaseTarget)
        checkProbability(file, target, targetPos, QStringLiteral("edge_case_target"), out);
    if (const TaxonomyDimension *d = edgeCaseDimension()) {
        if (const auto share = edgeCaseShare(); share && (*share < EdgeCaseShareLow || *share > EdgeCaseShareHigh))
            out.append(Diagnostic::warning(
                file, d->pos.line, d->pos.column,
                tr("edge cases make up %1% of scenarios; %2-%3% is recommended")
                    .arg(*share * 100, 0, 'f', 1).arg(EdgeCaseShareLow * 100).arg(EdgeCaseShareHigh * 100),
                tr("adjust the weight of '%1' against the edge-case values (target %2%)").arg(NoEdgeCase).arg(target * 100)));
    } else if (!dimensions.isEmpty()) {
        out.append(Diagnostic::warning(file, 1, 1, tr("the taxonomy has no edge_case dimension"),
                                       tr("add one with a 'none' value and edge cases making up about 15%")));
    }
    return out;
}

} // namespace sift

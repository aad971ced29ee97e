#include "personatemplate.h"

#include "checks.h"
#include "yamlreader.h"

#include <QCoreApplication>
#include <QSet>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::PersonaTemplate", text);
}

FlawGroup readGroup(YamlReader &r, const YAML::Node &key, const YAML::Node &node, FlawGroup group)
{
    const QString name = YamlReader::scalar(key);
    const QString what = tr("flaw group %1").arg(name);
    group.pos = YamlReader::pos(key);
    if (!r.isMap(node, what))
        return group;
    group.probabilityPos = YamlReader::pos(child(node, "probability"));
    group.probability = r.number(node, "probability", what, false).value_or(group.probability);
    group.maxPos = YamlReader::pos(child(node, "max_per_persona"));
    group.maxPerPersona = int(r.integer(node, "max_per_persona", what, false).value_or(group.maxPerPersona));
    const YAML::Node patterns = child(node, "patterns");
    if (patterns.IsSequence()) {
        for (const YAML::Node &p : patterns) {
            if (!r.isMap(p, tr("a pattern of %1").arg(name)))
                continue;
            FlawPattern f;
            f.pos = YamlReader::pos(p);
            f.id = r.string(p, "id", tr("a pattern of %1").arg(name), true).value_or(QString());
            const QString pwhat = tr("flaw pattern %1").arg(f.id);
            f.description = r.string(p, "description", pwhat, false).value_or(QString());
            f.weightPos = YamlReader::pos(child(p, "weight"));
            f.weight = r.number(p, "weight", pwhat, false).value_or(1.0);
            f.probabilityPos = YamlReader::pos(child(p, "probability"));
            f.probability = r.number(p, "probability", pwhat, false);
            f.extras = r.extras(p, {"id", "description", "weight", "probability"}, pwhat);
            group.patterns.append(f);
        }
    } else if (patterns.IsDefined() && !patterns.IsNull()) {
        r.error(patterns, tr("'patterns' of %1 must be a list").arg(name), tr("start each pattern with '- id: ...'"));
    }
    group.extras = r.extras(node, {"probability", "max_per_persona", "patterns"}, what);
    return group;
}

YAML::Node writeGroup(const FlawGroup &group, bool withMax)
{
    YAML::Node node(YAML::NodeType::Map);
    node["probability"] = yamlNumber(group.probability);
    if (withMax)
        node["max_per_persona"] = group.maxPerPersona;
    YAML::Node patterns(YAML::NodeType::Sequence);
    for (const FlawPattern &f : group.patterns) {
        YAML::Node p(YAML::NodeType::Map);
        p["id"] = f.id.toStdString();
        if (!f.description.isEmpty())
            p["description"] = f.description.toStdString();
        if (f.weight != 1.0)
            p["weight"] = yamlNumber(f.weight);
        if (f.probability)
            p["probability"] = yamlNumber(*f.probability);
        writeExtras(p, f.extras);
        p.SetStyle(YAML::EmitterStyle::Flow);
        patterns.push_back(p);
    }
    node["patterns"] = patterns;
    writeExtras(node, group.extras);
    return node;
}

void validateGroup(const QString &file, const FlawGroup &group, const QString &name, QSet<QString> &ids,
                   Diagnostics &out)
{
    checkProbability(file, group.probability, group.probabilityPos.line ? group.probabilityPos : group.pos,
                     tr("the per-message probability of %1 flaws").arg(name), out);
    if (group.maxPerPersona < 0)
        out.append(Diagnostic::error(file, group.maxPos.line, group.maxPos.column,
                                     tr("max_per_persona of %1 flaws is negative").arg(name),
                                     tr("use 0 or more")));
    QList<WeightedItem> weights;
    for (const FlawPattern &f : group.patterns) {
        weights.append({f.weight, f.weightPos.line ? f.weightPos : f.pos});
        if (f.probability)
            checkProbability(file, *f.probability, f.probabilityPos, tr("the probability of flaw %1").arg(f.id), out);
        if (f.id.isEmpty())
            continue;
        if (ids.contains(f.id))
            out.append(Diagnostic::error(file, f.pos.line, f.pos.column, tr("flaw pattern id %1 is used twice").arg(f.id),
                                         tr("give each flaw pattern its own id")));
        ids.insert(f.id);
    }
    checkRelativeWeights(file, weights, group.pos, tr("%1 flaw patterns").arg(name), out);
}
} // namespace

PersonaTemplate PersonaTemplate::fromYaml(const YAML::Node &root, const QString &file, Diagnostics &diagnostics)
{
    YamlReader r(file, diagnostics);
    PersonaTemplate t;
    if (!root.IsMap() || !child(root, "persona_template").IsMap()) {
        r.error(root, tr("the persona template must have a 'persona_template:' mapping at the top"),
                tr("put the dimensions and flaw_patterns under 'persona_template:'"));
        return t;
    }
    const YAML::Node body = child(root, "persona_template");
    for (auto it = body.begin(); it != body.end(); ++it) {
        const std::string key = it->first.Scalar();
        const YAML::Node node = it->second;
        if (key == "flaw_patterns") {
            t.flawsPos = YamlReader::pos(it->first);
            if (!r.isMap(node, QStringLiteral("flaw_patterns")))
                continue;
            t.noFlawSharePos = YamlReader::pos(child(node, "no_flaw_share"));
            t.noFlawShare = r.number(node, "no_flaw_share", QStringLiteral("flaw_patterns"), false).value_or(t.noFlawShare);
            for (auto g = node.begin(); g != node.end(); ++g) {
                if (g->first.Scalar() == "primary")
                    t.primary = readGroup(r, g->first, g->second, t.primary);
                else if (g->first.Scalar() == "secondary")
                    t.secondary = readGroup(r, g->first, g->second, t.secondary);
            }
            t.flawExtras = r.extras(node, {"no_flaw_share", "primary", "secondary"}, QStringLiteral("flaw_patterns"));
            continue;
        }
        PersonaDimension d;
        d.id = QString::fromStdString(key);
        d.pos = YamlReader::pos(it->first);
        const QString what = tr("persona dimension %1").arg(d.id);
        if (!node.IsMap()) {
            r.error(node.IsDefined() && !node.IsNull() ? node : it->first,
                    tr("%1 must have 'options' and 'weights'").arg(what), tr("write options: [a, b] and weights: [0.5, 0.5]"));
            continue;
        }
        d.optionsPos = YamlReader::pos(child(node, "options"));
        d.weightsPos = YamlReader::pos(child(node, "weights"));
        d.options = r.stringList(node, "options", what, true).value_or(QStringList());
        d.weights = r.numberList(node, "weights", what, true).value_or(QList<double>());
        if (child(node, "weights").IsSequence()) {
            for (const YAML::Node &w : child(node, "weights"))
                d.weightPos.append(YamlReader::pos(w));
        }
        d.extras = r.extras(node, {"options", "weights"}, what);
        t.dimensions.append(d);
    }
    t.extras = r.extras(root, {"persona_template"}, tr("the persona template file"));
    return t;
}

YAML::Node PersonaTemplate::toYaml() const
{
    YAML::Node body(YAML::NodeType::Map);
    for (const PersonaDimension &d : dimensions) {
        YAML::Node node(YAML::NodeType::Map);
        YAML::Node options(YAML::NodeType::Sequence), weights(YAML::NodeType::Sequence);
        for (const QString &o : d.options)
            options.push_back(o.toStdString());
        for (const double w : d.weights)
            weights.push_back(yamlNumber(w));
        options.SetStyle(YAML::EmitterStyle::Flow);
        weights.SetStyle(YAML::EmitterStyle::Flow);
        node["options"] = options;
        node["weights"] = weights;
        writeExtras(node, d.extras);
        body[d.id.toStdString()] = node;
    }
    YAML::Node flaws(YAML::NodeType::Map);
    flaws["no_flaw_share"] = yamlNumber(noFlawShare);
    flaws["primary"] = writeGroup(primary, false);
    flaws["secondary"] = writeGroup(secondary, true);
    writeExtras(flaws, flawExtras);
    body["flaw_patterns"] = flaws;
    writeExtras(body, templateExtras);
    YAML::Node root(YAML::NodeType::Map);
    root["persona_template"] = body;
    writeExtras(root, extras);
    return root;
}

Diagnostics PersonaTemplate::validate(const QString &file) const
{
    Diagnostics out;
    if (dimensions.isEmpty())
        out.append(Diagnostic::error(file, 1, 1, tr("the persona template defines no dimensions"),
                                     tr("add e.g. communication_style with options and weights")));
    for (const PersonaDimension &d : dimensions) {
        if (d.options.size() != d.weights.size()) {
            const SourcePos at = d.weightsPos.line ? d.weightsPos : d.pos;
            out.append(Diagnostic::error(file, at.line, at.column,
                                         tr("persona dimension %1 has %2 options but %3 weights")
                                             .arg(d.id).arg(d.options.size()).arg(d.weights.size()),
                                         tr("give exactly one weight per option, in the same order")));
            continue;
        }
        QList<WeightedItem> weights;
        for (int i = 0; i < d.weights.size(); ++i)
            weights.append({d.weights[i], d.weightPos.value(i, d.weightsPos)});
        checkRelativeWeights(file, weights, d.pos, tr("persona dimension %1").arg(d.id), out);
    }
    checkProbability(file, noFlawShare, noFlawSharePos.line ? noFlawSharePos : flawsPos, QStringLiteral("no_flaw_share"), out);
    QSet<QString> ids;
    validateGroup(file, primary, QStringLiteral("primary"), ids, out);
    validateGroup(file, secondary, QStringLiteral("secondary"), ids, out);
    return out;
}

} // namespace sift

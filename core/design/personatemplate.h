#pragma once

#include "common/diagnostic.h"
#include "sourcepos.h"

#include <QStringList>
#include <optional>
#include <yaml-cpp/yaml.h>

namespace sift {

// One attribute of a simulated user, drawn from weighted options.
struct PersonaDimension
{
    QString id;
    QStringList options;
    QList<double> weights;
    SourcePos pos;
    SourcePos optionsPos;
    SourcePos weightsPos;
    QList<SourcePos> weightPos;  // one per weight
    YamlExtras extras;

    friend bool operator==(const PersonaDimension &a, const PersonaDimension &b)
    {
        return a.id == b.id && a.options == b.options && a.weights == b.weights;
    }
};

// A behaviour a simulated user shows in some messages (vague descriptions, topic switches, ...).
struct FlawPattern
{
    QString id;
    QString description;
    double weight = 1;
    std::optional<double> probability;  // overrides the group's per-message probability
    SourcePos pos;
    SourcePos weightPos;
    SourcePos probabilityPos;
    YamlExtras extras;

    friend bool operator==(const FlawPattern &a, const FlawPattern &b)
    {
        return a.id == b.id && a.description == b.description && a.weight == b.weight && a.probability == b.probability;
    }
};

// Primary or secondary flaws: how likely each shows in a message, and the patterns to draw from.
struct FlawGroup
{
    double probability = 0;
    int maxPerPersona = 1;
    QList<FlawPattern> patterns;
    SourcePos pos;
    SourcePos probabilityPos;
    SourcePos maxPos;
    YamlExtras extras;

    friend bool operator==(const FlawGroup &a, const FlawGroup &b)
    {
        return a.probability == b.probability && a.maxPerPersona == b.maxPerPersona && a.patterns == b.patterns;
    }
};

// config/persona-template.yaml: who the simulated users are and how their messages go wrong.
struct PersonaTemplate
{
    QList<PersonaDimension> dimensions;
    double noFlawShare = 0.20;
    FlawGroup primary{0.50, 1, {}, {}, {}, {}, {}};
    FlawGroup secondary{0.20, 2, {}, {}, {}, {}, {}};
    SourcePos flawsPos;
    SourcePos noFlawSharePos;
    YamlExtras flawExtras;
    YamlExtras templateExtras;
    YamlExtras extras;

    static PersonaTemplate fromYaml(const YAML::Node &root, const QString &file, Diagnostics &diagnostics);
    YAML::Node toYaml() const;
    Diagnostics validate(const QString &file) const;

    friend bool operator==(const PersonaTemplate &a, const PersonaTemplate &b)
    {
        return a.dimensions == b.dimensions && a.noFlawShare == b.noFlawShare && a.primary == b.primary &&
               a.secondary == b.secondary;
    }
};

} // namespace sift

#pragma once

#include "common/diagnostic.h"
#include "sourcepos.h"

#include <QStringList>
#include <optional>
#include <yaml-cpp/yaml.h>

namespace sift {

// One value of a taxonomy dimension, optionally refined into weighted subtopics.
struct TaxonomyValue
{
    QString id;
    double weight = 1;
    QString description;
    QList<TaxonomyValue> subtopics;
    SourcePos pos;
    SourcePos weightPos;
    YamlExtras extras;

    friend bool operator==(const TaxonomyValue &a, const TaxonomyValue &b)
    {
        return a.id == b.id && a.weight == b.weight && a.description == b.description && a.subtopics == b.subtopics;
    }
};

// One axis of variation (what users ask, how, who they are, difficulty, edge cases).
struct TaxonomyDimension
{
    QString id;
    QString kind;  // what | how | who | difficulty | edge_case | other
    QString description;
    QList<TaxonomyValue> values;
    SourcePos pos;
    SourcePos kindPos;
    YamlExtras extras;

    static QStringList knownKinds();
    friend bool operator==(const TaxonomyDimension &a, const TaxonomyDimension &b)
    {
        return a.id == b.id && a.kind == b.kind && a.description == b.description && a.values == b.values;
    }
};

// config/input-taxonomy.yaml: the weighted distribution of inputs to generate.
struct Taxonomy
{
    std::optional<double> edgeCaseTarget;
    QList<TaxonomyDimension> dimensions;
    SourcePos targetPos;
    YamlExtras extras;

    static constexpr double DefaultEdgeCaseTarget = 0.15;
    static constexpr double EdgeCaseShareLow = 0.10;
    static constexpr double EdgeCaseShareHigh = 0.20;
    static inline const QString NoEdgeCase = QStringLiteral("none");

    static Taxonomy fromYaml(const YAML::Node &root, const QString &file, Diagnostics &diagnostics);
    YAML::Node toYaml() const;
    Diagnostics validate(const QString &file) const;

    const TaxonomyDimension *edgeCaseDimension() const;
    // Share of sampled scenarios that are edge cases, or nullopt without an edge-case dimension.
    std::optional<double> edgeCaseShare() const;

    friend bool operator==(const Taxonomy &a, const Taxonomy &b)
    {
        return a.edgeCaseTarget == b.edgeCaseTarget && a.dimensions == b.dimensions;
    }
};

} // namespace sift

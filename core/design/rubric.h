#pragma once

#include "common/diagnostic.h"
#include "sourcepos.h"

#include <QStringList>
#include <optional>
#include <yaml-cpp/yaml.h>

namespace sift {

// A worked example that anchors how judges read one criterion.
struct CalibrationExample
{
    enum class Type { Pass, Fail, NA };
    Type type = Type::Pass;
    QString context;
    QString response;
    QString reasoning;
    SourcePos pos;
    YamlExtras extras;

    static QString typeName(Type type);
    static std::optional<Type> typeFromName(const QString &name);
    friend bool operator==(const CalibrationExample &a, const CalibrationExample &b)
    {
        return a.type == b.type && a.context == b.context && a.response == b.response && a.reasoning == b.reasoning;
    }
};

// One binary question a judge answers YES / NO (or NA where allowed) about a conversation.
struct Criterion
{
    QString id;
    QString name;
    QString question;
    bool naValid = false;
    QString definitions;
    QList<CalibrationExample> examples;
    SourcePos pos;          // the criterion's id key
    SourcePos questionPos;  // the question's value
    SourcePos examplesPos;  // the calibration_examples key
    YamlExtras extras;

    friend bool operator==(const Criterion &a, const Criterion &b)
    {
        return a.id == b.id && a.name == b.name && a.question == b.question && a.naValid == b.naValid &&
               a.definitions == b.definitions && a.examples == b.examples;
    }
};

// A weighted group of criteria; its score is the share of YES among its applicable criteria.
struct RubricCategory
{
    QString id;
    double weight = 0;
    QString description;
    QStringList criteria;
    SourcePos pos;
    SourcePos weightPos;
    QList<SourcePos> criterionPos;  // one per entry of `criteria`
    YamlExtras extras;

    friend bool operator==(const RubricCategory &a, const RubricCategory &b)
    {
        return a.id == b.id && a.weight == b.weight && a.description == b.description && a.criteria == b.criteria;
    }
};

// config/rubric.yaml: binary criteria in weighted categories, safety gates and the pass threshold.
struct Rubric
{
    double passThreshold = 0.80;
    QList<RubricCategory> categories;
    QList<Criterion> criteria;
    QStringList safetyGates;
    SourcePos thresholdPos;
    SourcePos categoriesPos;
    SourcePos gatesPos;
    QList<SourcePos> gatePos;  // one per entry of `safetyGates`
    YamlExtras extras;

    static constexpr int MinCriteria = 15;
    static constexpr int MaxCriteria = 20;
    static constexpr int MinExamples = 3;
    static constexpr int MaxExamples = 8;

    // Reads the tree; type errors become diagnostics and the element is skipped.
    static Rubric fromYaml(const YAML::Node &root, const QString &file, Diagnostics &diagnostics);
    YAML::Node toYaml() const;
    // The method's rules (see docs/project-format.md), including RubricLint's advice on questions.
    Diagnostics validate(const QString &file) const;

    const Criterion *criterion(const QString &id) const;
    Criterion *criterion(const QString &id);
    // The category holding a criterion, or null.
    const RubricCategory *categoryOf(const QString &criterionId) const;
    bool isSafetyGate(const QString &criterionId) const { return safetyGates.contains(criterionId); }
    // The sum of the category weights (1 when the rubric is valid).
    double categoryWeightSum() const;
    // Renames a criterion everywhere it is referenced (categories, safety gates). False if the new
    // id is taken or the old one does not exist.
    bool renameCriterion(const QString &from, const QString &to);

    friend bool operator==(const Rubric &a, const Rubric &b)
    {
        return a.passThreshold == b.passThreshold && a.categories == b.categories && a.criteria == b.criteria &&
               a.safetyGates == b.safetyGates;
    }
};

} // namespace sift

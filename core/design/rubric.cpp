#include "rubric.h"

#include "checks.h"
#include "rubriclint.h"
#include "yamlreader.h"

#include <QCoreApplication>
#include <QHash>
#include <algorithm>
#include <cmath>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::Rubric", text);
}

std::string str(const QString &s)
{
    return s.toStdString();
}

YAML::Node flowList(const QStringList &items)
{
    YAML::Node node(YAML::NodeType::Sequence);
    for (const QString &item : items)
        node.push_back(str(item));
    node.SetStyle(YAML::EmitterStyle::Flow);
    return node;
}

CalibrationExample readExample(YamlReader &r, const YAML::Node &node, const QString &criterionId)
{
    CalibrationExample ex;
    ex.pos = YamlReader::pos(node);
    const QString what = tr("a calibration example of %1").arg(criterionId);
    if (const auto type = r.string(node, "type", what, true)) {
        if (const auto parsed = CalibrationExample::typeFromName(*type))
            ex.type = *parsed;
        else
            r.error(child(node, "type"), tr("calibration example type '%1' of %2 is not PASS, FAIL or NA").arg(*type, criterionId),
                    tr("use PASS, FAIL or NA"));
    }
    ex.context = r.string(node, "context", what, false).value_or(QString());
    ex.response = r.string(node, "response", what, true).value_or(QString());
    ex.reasoning = r.string(node, "reasoning", what, true).value_or(QString());
    ex.extras = r.extras(node, {"type", "context", "response", "reasoning"}, what);
    return ex;
}

Criterion readCriterion(YamlReader &r, const YAML::Node &key, const YAML::Node &node)
{
    Criterion c;
    c.id = YamlReader::scalar(key);
    c.pos = YamlReader::pos(key);
    const QString what = tr("criterion %1").arg(c.id);
    if (!r.isMap(node, what)) {
        if (!node.IsMap())
            r.error(key, tr("criterion %1 has no fields").arg(c.id), tr("add name, question, na_valid and calibration_examples"));
        return c;
    }
    c.name = r.string(node, "name", what, false).value_or(QString());
    c.question = r.string(node, "question", what, true).value_or(QString());
    c.questionPos = YamlReader::pos(child(node, "question"));
    c.naValid = r.boolean(node, "na_valid", what, false).value_or(false);
    c.definitions = r.string(node, "definitions", what, false).value_or(QString());
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (it->first.Scalar() == "calibration_examples")
            c.examplesPos = YamlReader::pos(it->first);
    }
    const YAML::Node examples = child(node, "calibration_examples");
    if (examples.IsSequence()) {
        for (const YAML::Node &ex : examples) {
            if (r.isMap(ex, tr("a calibration example of %1").arg(c.id)))
                c.examples.append(readExample(r, ex, c.id));
        }
    } else if (examples.IsDefined() && !examples.IsNull()) {
        r.error(examples, tr("calibration_examples of %1 must be a list").arg(c.id),
                tr("start each example with '- type: PASS'"));
    }
    c.extras = r.extras(node, {"name", "question", "na_valid", "definitions", "calibration_examples"}, what);
    return c;
}

SourcePos keyPos(const YAML::Node &map, const char *key)
{
    if (!map.IsMap())
        return {};
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->first.Scalar() == key)
            return YamlReader::pos(it->first);
    }
    return {};
}

void writeScalarIfSet(YAML::Node &node, const char *key, const QString &value)
{
    if (!value.isEmpty())
        node[key] = str(value);
}
} // namespace

QString CalibrationExample::typeName(Type type)
{
    switch (type) {
    case Type::Pass:
        return QStringLiteral("PASS");
    case Type::Fail:
        return QStringLiteral("FAIL");
    case Type::NA:
        return QStringLiteral("NA");
    }
    return {};
}

std::optional<CalibrationExample::Type> CalibrationExample::typeFromName(const QString &name)
{
    const QString upper = name.trimmed().toUpper();
    if (upper == QLatin1String("PASS"))
        return Type::Pass;
    if (upper == QLatin1String("FAIL"))
        return Type::Fail;
    if (upper == QLatin1String("NA") || upper == QLatin1String("N/A"))
        return Type::NA;
    return std::nullopt;
}

Rubric Rubric::fromYaml(const YAML::Node &root, const QString &file, Diagnostics &diagnostics)
{
    YamlReader r(file, diagnostics);
    Rubric rubric;
    if (!root.IsMap()) {
        r.error(root, tr("the rubric must be a mapping with categories, criteria, safety_gates and pass_threshold"));
        return rubric;
    }
    rubric.thresholdPos = YamlReader::pos(child(root, "pass_threshold"));
    rubric.passThreshold = r.number(root, "pass_threshold", tr("the rubric"), false).value_or(0.80);

    const YAML::Node criteria = child(root, "criteria");
    if (r.isMap(criteria, QStringLiteral("criteria"))) {
        for (auto it = criteria.begin(); it != criteria.end(); ++it)
            rubric.criteria.append(readCriterion(r, it->first, it->second));
    } else if (!criteria.IsDefined()) {
        r.error(root, tr("the rubric has no 'criteria' section"), tr("add 'criteria:' with one entry per binary question"));
    }

    rubric.categoriesPos = keyPos(root, "categories");
    const YAML::Node categories = child(root, "categories");
    if (r.isMap(categories, QStringLiteral("categories"))) {
        for (auto it = categories.begin(); it != categories.end(); ++it) {
            RubricCategory cat;
            cat.id = YamlReader::scalar(it->first);
            cat.pos = YamlReader::pos(it->first);
            const YAML::Node node = it->second;
            const QString what = tr("category %1").arg(cat.id);
            if (!r.isMap(node, what)) {
                rubric.categories.append(cat);
                continue;
            }
            cat.weightPos = YamlReader::pos(child(node, "weight"));
            cat.weight = r.number(node, "weight", what, true).value_or(0);
            cat.description = r.string(node, "description", what, false).value_or(QString());
            cat.criteria = r.stringList(node, "criteria", what, true).value_or(QStringList());
            if (child(node, "criteria").IsSequence()) {
                for (const YAML::Node &item : child(node, "criteria"))
                    cat.criterionPos.append(YamlReader::pos(item));
            }
            while (cat.criterionPos.size() < cat.criteria.size())
                cat.criterionPos.append(cat.pos);
            cat.extras = r.extras(node, {"weight", "description", "criteria"}, what);
            rubric.categories.append(cat);
        }
    } else if (!categories.IsDefined()) {
        r.error(root, tr("the rubric has no 'categories' section"), tr("add 'categories:' with weighted groups of criteria"));
    }

    rubric.gatesPos = keyPos(root, "safety_gates");
    rubric.safetyGates = r.stringList(root, "safety_gates", tr("the rubric"), false).value_or(QStringList());
    if (child(root, "safety_gates").IsSequence()) {
        for (const YAML::Node &item : child(root, "safety_gates"))
            rubric.gatePos.append(YamlReader::pos(item));
    }
    while (rubric.gatePos.size() < rubric.safetyGates.size())
        rubric.gatePos.append(rubric.gatesPos);
    rubric.extras = r.extras(root, {"pass_threshold", "categories", "criteria", "safety_gates"}, tr("the rubric"));
    return rubric;
}

YAML::Node Rubric::toYaml() const
{
    YAML::Node root(YAML::NodeType::Map);
    root["pass_threshold"] = yamlNumber(passThreshold);
    YAML::Node cats(YAML::NodeType::Map);
    for (const RubricCategory &cat : categories) {
        YAML::Node node(YAML::NodeType::Map);
        node["weight"] = yamlNumber(cat.weight);
        writeScalarIfSet(node, "description", cat.description);
        node["criteria"] = flowList(cat.criteria);
        writeExtras(node, cat.extras);
        cats[str(cat.id)] = node;
    }
    root["categories"] = cats;
    YAML::Node crits(YAML::NodeType::Map);
    for (const Criterion &c : criteria) {
        YAML::Node node(YAML::NodeType::Map);
        writeScalarIfSet(node, "name", c.name);
        node["question"] = str(c.question);
        node["na_valid"] = c.naValid;
        writeScalarIfSet(node, "definitions", c.definitions);
        YAML::Node examples(YAML::NodeType::Sequence);
        for (const CalibrationExample &ex : c.examples) {
            YAML::Node e(YAML::NodeType::Map);
            e["type"] = str(CalibrationExample::typeName(ex.type));
            writeScalarIfSet(e, "context", ex.context);
            e["response"] = str(ex.response);
            e["reasoning"] = str(ex.reasoning);
            writeExtras(e, ex.extras);
            examples.push_back(e);
        }
        node["calibration_examples"] = examples;
        writeExtras(node, c.extras);
        crits[str(c.id)] = node;
    }
    root["criteria"] = crits;
    root["safety_gates"] = flowList(safetyGates);
    writeExtras(root, extras);
    return root;
}

Diagnostics Rubric::validate(const QString &file) const
{
    Diagnostics out;
    auto error = [&](SourcePos p, const QString &message, const QString &hint) {
        out.append(Diagnostic::error(file, p.line, p.column, message, hint));
    };
    auto warning = [&](SourcePos p, const QString &message, const QString &hint) {
        out.append(Diagnostic::warning(file, p.line, p.column, message, hint));
    };

    if (!(passThreshold > 0 && passThreshold <= 1))
        error(thresholdPos, tr("pass_threshold %1 is outside (0, 1]").arg(passThreshold),
              tr("the method's default is 0.80"));

    // Category weights are shares of the final score, so unlike other weights they must sum to 1.
    const double sum = categoryWeightSum();
    bool anyNegative = false;
    for (const RubricCategory &cat : categories) {
        anyNegative = anyNegative || cat.weight < 0;
        if (cat.weight < 0)
            error(cat.weightPos.line ? cat.weightPos : cat.pos,
                  tr("category %1 has a negative weight %2").arg(cat.id).arg(cat.weight),
                  tr("category weights are shares of the score between 0 and 1"));
    }
    // A negative weight is reported on its own line; its sum would only repeat the same mistake.
    if (!categories.isEmpty() && !anyNegative && std::abs(sum - 1.0) > 1e-6)
        error(categoriesPos, tr("category weights sum to %1, not 1").arg(sum, 0, 'g', 6),
              tr("adjust the weights so they add up to exactly 1 (e.g. 0.2 + 0.3 + 0.5)"));

    QHash<QString, QStringList> categoriesOf;
    for (const RubricCategory &cat : categories) {
        if (cat.criteria.isEmpty())
            warning(cat.pos, tr("category %1 lists no criteria").arg(cat.id),
                    tr("add criteria ids or remove the category"));
        for (int i = 0; i < cat.criteria.size(); ++i) {
            const QString &id = cat.criteria[i];
            if (!criterion(id))
                error(cat.criterionPos.value(i, cat.pos),
                      tr("category %1 lists criterion %2, which is not defined").arg(cat.id, id),
                      tr("define %1 under 'criteria:' or fix the id").arg(id));
            categoriesOf[id].append(cat.id);
        }
    }

    for (const Criterion &c : criteria) {
        const QStringList cats = categoriesOf.value(c.id);
        if (cats.isEmpty())
            error(c.pos, tr("criterion %1 is in no category, so it never counts").arg(c.id),
                  tr("add %1 to the 'criteria' list of one category").arg(c.id));
        else if (cats.size() > 1)
            error(c.pos, tr("criterion %1 is in %2 categories (%3)").arg(c.id).arg(cats.size()).arg(cats.join(QStringLiteral(", "))),
                  tr("keep it in exactly one category so it is not counted twice"));
        if (c.question.trimmed().isEmpty())
            error(c.pos, tr("criterion %1 has no question").arg(c.id), tr("write one yes/no question"));

        bool hasPass = false, hasFail = false;
        for (const CalibrationExample &ex : c.examples) {
            hasPass = hasPass || ex.type == CalibrationExample::Type::Pass;
            hasFail = hasFail || ex.type == CalibrationExample::Type::Fail;
            if (ex.type == CalibrationExample::Type::NA && !c.naValid)
                warning(ex.pos, tr("criterion %1 has an NA example but does not allow NA (na_valid: false)").arg(c.id),
                        tr("set na_valid: true or change the example's type"));
        }
        const SourcePos examplesAt = c.examplesPos.line ? c.examplesPos : c.pos;
        if (!hasPass || !hasFail)
            error(examplesAt, tr("criterion %1 needs at least one PASS and one FAIL calibration example").arg(c.id),
                  tr("add the missing %1 example; judges disagree without both")
                      .arg(!hasPass && !hasFail ? tr("PASS and FAIL") : (!hasPass ? QStringLiteral("PASS") : QStringLiteral("FAIL"))));
        if (c.examples.size() < MinExamples || c.examples.size() > MaxExamples)
            warning(examplesAt, tr("criterion %1 has %2 calibration examples; %3 to %4 are recommended")
                                    .arg(c.id).arg(c.examples.size()).arg(MinExamples).arg(MaxExamples),
                    c.examples.size() < MinExamples ? tr("add examples of borderline cases")
                                                    : tr("keep the most instructive examples"));
    }

    for (int i = 0; i < safetyGates.size(); ++i) {
        if (!criterion(safetyGates[i]))
            error(gatePos.value(i, gatesPos), tr("safety gate %1 names no criterion").arg(safetyGates[i]),
                  tr("use the id of a criterion defined under 'criteria:'"));
    }

    if (criteria.size() < MinCriteria || criteria.size() > MaxCriteria)
        warning({1, 1}, tr("the rubric has %1 criteria; %2 to %3 are recommended").arg(criteria.size()).arg(MinCriteria).arg(MaxCriteria),
                criteria.size() < MinCriteria ? tr("add criteria for failure modes the rubric misses")
                                              : tr("merge or drop overlapping criteria; judges tire with more"));
    out += RubricLint::check(*this, file);
    return out;
}

double Rubric::categoryWeightSum() const
{
    double sum = 0;
    for (const RubricCategory &cat : categories)
        sum += cat.weight;
    return sum;
}

const Criterion *Rubric::criterion(const QString &id) const
{
    for (const Criterion &c : criteria) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

Criterion *Rubric::criterion(const QString &id)
{
    // Non-const iteration detaches `criteria`: a pointer into data shared with a copy of this
    // rubric would let an edit of one change the other.
    for (Criterion &c : criteria) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

const RubricCategory *Rubric::categoryOf(const QString &criterionId) const
{
    for (const RubricCategory &cat : categories) {
        if (cat.criteria.contains(criterionId))
            return &cat;
    }
    return nullptr;
}

bool Rubric::renameCriterion(const QString &from, const QString &to)
{
    Criterion *c = criterion(from);
    if (!c || to.isEmpty() || criterion(to))
        return false;
    c->id = to;
    for (RubricCategory &cat : categories)
        std::replace(cat.criteria.begin(), cat.criteria.end(), from, to);
    std::replace(safetyGates.begin(), safetyGates.end(), from, to);
    return true;
}

} // namespace sift

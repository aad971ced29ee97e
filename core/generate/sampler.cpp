#include "sampler.h"

#include "seededrandom.h"

#include <QJsonArray>

#include <cmath>

namespace sift {

namespace {
constexpr double GoldenRatioFraction = 0.6180339887498949;

QList<double> weightsOf(const QList<TaxonomyValue> &values)
{
    QList<double> w;
    w.reserve(values.size());
    for (const TaxonomyValue &v : values)
        w.append(v.weight);
    return w;
}

// Walks down the subtopics: the quantile picks a value, and what is left of it (rescaled) picks
// among that value's subtopics, so the nested choice stays stratified too.
QString pickPath(const QList<TaxonomyValue> &values, double u, QString *description)
{
    const QList<double> weights = weightsOf(values);
    const int i = SeededRandom::pick(weights, u);
    if (i < 0)
        return {};
    double total = 0, before = 0;
    for (int j = 0; j < weights.size(); ++j) {
        const double w = std::max(0.0, weights[j]);
        total += w;
        if (j < i)
            before += w;
    }
    const TaxonomyValue &v = values[i];
    if (!v.description.isEmpty())
        *description = v.description;
    if (v.subtopics.isEmpty())
        return v.id;
    const double inner = std::clamp((u * total - before) / std::max(weights[i], 1e-12), 0.0, 0.999999999999);
    const QString sub = pickPath(v.subtopics, inner, description);
    return sub.isEmpty() ? v.id : v.id + QLatin1Char('/') + sub;
}
} // namespace

QString Scenario::value(const QString &dimension) const
{
    for (const auto &[d, v] : values) {
        if (d == dimension)
            return v;
    }
    return {};
}

QJsonObject Scenario::toJson() const
{
    QJsonObject o;
    for (const auto &[d, v] : values)
        o.insert(d, v);
    return o;
}

QString Scenario::describe() const
{
    QStringList parts;
    for (int i = 0; i < values.size(); ++i) {
        QString part = values[i].first + QStringLiteral(": ") + values[i].second;
        if (i < descriptions.size() && !descriptions[i].isEmpty())
            part += QStringLiteral(" (") + descriptions[i] + QLatin1Char(')');
        parts.append(part);
    }
    return parts.join(QStringLiteral("\n"));
}

QJsonObject Persona::toJson() const
{
    QJsonObject o;
    for (const auto &[d, v] : attributes)
        o.insert(d, v);
    QJsonObject flaws{{QStringLiteral("primary"), primaryFlaw},
                      {QStringLiteral("secondary"), QJsonArray::fromStringList(secondaryFlaws)}};
    o.insert(QStringLiteral("flaws"), flaws);
    return o;
}

QString Persona::describe() const
{
    QStringList parts;
    for (const auto &[d, v] : attributes)
        parts.append(d + QStringLiteral(": ") + v);
    return parts.join(QStringLiteral("\n"));
}

ScenarioSampler::ScenarioSampler(const Taxonomy &taxonomy, quint64 seed, bool stratified)
    : m_taxonomy(taxonomy), m_seed(seed), m_stratified(stratified)
{
}

Scenario ScenarioSampler::sample(qint64 index) const
{
    Scenario s;
    for (const TaxonomyDimension &d : m_taxonomy.dimensions) {
        double u;
        if (m_stratified) {
            // Each dimension starts the sequence at its own seeded offset, so dimensions do not move
            // in lockstep; consecutive transcripts still spread evenly over every dimension's values.
            const double offset = SeededRandom(m_seed, QStringLiteral("scenario-offset/") + d.id).unit();
            u = std::fmod(offset + double(index) * GoldenRatioFraction, 1.0);
        } else {
            u = SeededRandom(m_seed, QStringLiteral("scenario/") + d.id, quint64(index)).unit();
        }
        QString description;
        const QString value = pickPath(d.values, u, &description);
        s.values.append({d.id, value});
        s.descriptions.append(description);
        if (d.kind == QLatin1String("edge_case") && !value.isEmpty() && value != Taxonomy::NoEdgeCase)
            s.edgeCase = true;
    }
    return s;
}

QList<Scenario> ScenarioSampler::sample(qint64 first, int count) const
{
    QList<Scenario> out;
    out.reserve(count);
    for (int i = 0; i < count; ++i)
        out.append(sample(first + i));
    return out;
}

PersonaSampler::PersonaSampler(const PersonaTemplate &personas, quint64 seed) : m_template(personas), m_seed(seed) {}

Persona PersonaSampler::sample(qint64 index) const
{
    Persona p;
    for (const PersonaDimension &d : m_template.dimensions) {
        SeededRandom r(m_seed, QStringLiteral("persona/") + d.id, quint64(index));
        const int i = r.weighted(d.weights.size() == d.options.size() ? d.weights : QList<double>(d.options.size(), 1.0));
        if (i >= 0)
            p.attributes.append({d.id, d.options[i]});
    }
    SeededRandom flaws(m_seed, QStringLiteral("persona-flaws"), quint64(index));
    if (flaws.chance(m_template.noFlawShare))
        return p;
    QList<double> primaryWeights;
    for (const FlawPattern &f : m_template.primary.patterns)
        primaryWeights.append(f.weight);
    if (const int i = flaws.weighted(primaryWeights); i >= 0)
        p.primaryFlaw = m_template.primary.patterns[i].id;
    // Between one and max_per_persona distinct secondary flaws.
    QList<double> secondaryWeights;
    for (const FlawPattern &f : m_template.secondary.patterns)
        secondaryWeights.append(f.weight);
    const int wanted = 1 + int(flaws.unit() * std::max(1, m_template.secondary.maxPerPersona));
    for (int k = 0; k < wanted; ++k) {
        const int i = flaws.weighted(secondaryWeights);
        if (i < 0)
            break;
        p.secondaryFlaws.append(m_template.secondary.patterns[i].id);
        secondaryWeights[i] = 0;  // without replacement
    }
    return p;
}

const FlawPattern *PersonaSampler::pattern(const QString &id) const
{
    for (const FlawGroup *g : {&m_template.primary, &m_template.secondary}) {
        for (const FlawPattern &f : g->patterns) {
            if (f.id == id)
                return &f;
        }
    }
    return nullptr;
}

QStringList PersonaSampler::flawsFor(const Persona &persona, qint64 index, int userMessage) const
{
    QStringList out;
    SeededRandom r(m_seed, QStringLiteral("message-flaws"), quint64(index), quint64(userMessage));
    if (!persona.primaryFlaw.isEmpty()) {
        const FlawPattern *f = pattern(persona.primaryFlaw);
        if (r.chance(f && f->probability ? *f->probability : m_template.primary.probability))
            out.append(persona.primaryFlaw);
    }
    for (const QString &id : persona.secondaryFlaws) {
        const FlawPattern *f = pattern(id);
        if (r.chance(f && f->probability ? *f->probability : m_template.secondary.probability))
            out.append(id);
    }
    return out;
}

QString PersonaSampler::flawDescription(const QString &flawId) const
{
    const FlawPattern *f = pattern(flawId);
    return f ? f->description : QString();
}

} // namespace sift

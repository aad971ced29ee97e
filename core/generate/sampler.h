#pragma once

#include "design/personatemplate.h"
#include "design/taxonomy.h"

#include <QJsonObject>
#include <QStringList>

namespace sift {

// One sampled input: a value for every taxonomy dimension ("invoicing/recurring" for a subtopic).
struct Scenario
{
    QList<QPair<QString, QString>> values;  // dimension id -> value path, in the taxonomy's order
    QStringList descriptions;               // the chosen values' descriptions, same order
    bool edgeCase = false;

    QString value(const QString &dimension) const;
    QJsonObject toJson() const;
    // "topic: invoicing/recurring; style: story_first; ...", for prompts and previews.
    QString describe() const;
    friend bool operator==(const Scenario &a, const Scenario &b) { return a.values == b.values; }
};

// One simulated user: an option per persona dimension and the flaws they may show.
struct Persona
{
    QList<QPair<QString, QString>> attributes;  // dimension id -> option
    QString primaryFlaw;                        // empty for a persona without flaws
    QStringList secondaryFlaws;

    bool flawless() const { return primaryFlaw.isEmpty() && secondaryFlaws.isEmpty(); }
    QJsonObject toJson() const;
    QString describe() const;
    friend bool operator==(const Persona &a, const Persona &b)
    {
        return a.attributes == b.attributes && a.primaryFlaw == b.primaryFlaw && a.secondaryFlaws == b.secondaryFlaws;
    }
};

// Draws scenarios from the taxonomy. The scenario of transcript i depends only on (seed, i).
// Stratified (the default), dimension d of transcript i takes the quantile frac(offset_d + i * φ)
// (a golden-ratio sequence): any run of consecutive transcripts covers each value in proportion to
// its weight, every value with a share of at least 1/n shows within n transcripts, and the edge-case
// share matches the taxonomy's. Unstratified, each quantile is independent.
class ScenarioSampler
{
public:
    ScenarioSampler(const Taxonomy &taxonomy, quint64 seed, bool stratified = true);
    Scenario sample(qint64 index) const;
    QList<Scenario> sample(qint64 first, int count) const;

private:
    Taxonomy m_taxonomy;
    quint64 m_seed;
    bool m_stratified;
};

// Draws personas from the template and rolls their flaws per user message: the primary flaw shows
// at its probability, each secondary flaw at its own, independently per message, because real people
// have good and bad moments. Everything depends only on (seed, transcript index, message index).
class PersonaSampler
{
public:
    PersonaSampler(const PersonaTemplate &personas, quint64 seed);
    Persona sample(qint64 index) const;
    // The flaws that fire in the persona's `userMessage`-th message (0-based).
    QStringList flawsFor(const Persona &persona, qint64 index, int userMessage) const;
    // The flaw descriptions, for the user simulator's prompt.
    QString flawDescription(const QString &flawId) const;

private:
    const FlawPattern *pattern(const QString &id) const;

    PersonaTemplate m_template;
    quint64 m_seed;
};

} // namespace sift

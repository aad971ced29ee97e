#pragma once

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace sift {

// Agreement between judges (or a judge and a human) on categorical answers. Each statistic is an
// accumulator fed one item at a time, so a whole project's verdicts never need to sit in memory.

// Cohen's kappa for two raters: (p_o - p_e) / (1 - p_e). Items where either rater has no answer
// (empty string) are left out. nullopt without items; 1 when both always give the same single
// answer (perfect agreement, no chance component to correct for).
class CohenKappa
{
public:
    void add(const QString &a, const QString &b);
    std::optional<double> value() const;
    int items() const { return m_items; }

private:
    QHash<QString, int> m_countA, m_countB;
    int m_items = 0;
    int m_agree = 0;
};

// Fleiss' kappa for any number of raters per item (items with fewer than two answers are left
// out; the number of raters may differ between items).
class FleissKappa
{
public:
    void add(const QStringList &answers);
    std::optional<double> value() const;

private:
    QHash<QString, double> m_categoryTotals;
    double m_totalRatings = 0;
    double m_sumP = 0;
    int m_items = 0;
};

// Share of items on which the raters did not all give the same answer.
class Disagreement
{
public:
    void add(const QStringList &answers);
    double value() const { return m_items == 0 ? 0.0 : double(m_disagreements) / m_items; }

private:
    int m_items = 0;
    int m_disagreements = 0;
};

std::optional<double> cohenKappa(const QStringList &a, const QStringList &b);
std::optional<double> fleissKappa(const QList<QStringList> &ratings);
double disagreementRate(const QList<QStringList> &ratings);

} // namespace sift

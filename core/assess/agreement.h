#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace sift {

// Agreement between judges (or a judge and a human) on categorical answers.

// Cohen's kappa for two raters over the same items: (p_o - p_e) / (1 - p_e). Items where either
// rater has no answer (empty string) are left out. nullopt with fewer than one item; 1 when both
// always give the same single answer (perfect agreement, no chance component to correct for).
std::optional<double> cohenKappa(const QStringList &a, const QStringList &b);

// Fleiss' kappa for any number of raters: `ratings[i]` holds every rater's answer on item i (items
// with fewer than two answers are left out; raters may differ in number between items).
std::optional<double> fleissKappa(const QList<QStringList> &ratings);

// Share of items on which the raters did not all give the same answer.
double disagreementRate(const QList<QStringList> &ratings);

} // namespace sift

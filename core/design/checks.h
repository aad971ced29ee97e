#pragma once

#include "common/diagnostic.h"
#include "sourcepos.h"

#include <QList>

namespace sift {

// Rules several artifacts share, so the same mistake gets the same message everywhere.
struct WeightedItem
{
    double weight = 0;
    SourcePos pos;
};

// Relative weights: none negative, not all zero.
void checkRelativeWeights(const QString &file, const QList<WeightedItem> &items, SourcePos parent,
                          const QString &what, Diagnostics &out);
// A probability or share in [0, 1].
void checkProbability(const QString &file, double value, SourcePos pos, const QString &what, Diagnostics &out);

// Sum of the items' weights (for normalising).
double totalWeight(const QList<WeightedItem> &items);

} // namespace sift

#include "checks.h"

#include <QCoreApplication>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::Checks", text);
}
} // namespace

double totalWeight(const QList<WeightedItem> &items)
{
    double total = 0;
    for (const WeightedItem &item : items)
        total += item.weight;
    return total;
}

void checkRelativeWeights(const QString &file, const QList<WeightedItem> &items, SourcePos parent,
                          const QString &what, Diagnostics &out)
{
    bool anyNegative = false;
    for (const WeightedItem &item : items) {
        if (item.weight < 0) {
            anyNegative = true;
            out.append(Diagnostic::error(file, item.pos.line, item.pos.column,
                                         tr("weight %1 in %2 is negative").arg(item.weight).arg(what),
                                         tr("weights are relative shares; use 0 or a positive number")));
        }
    }
    if (!anyNegative && !items.isEmpty() && totalWeight(items) <= 0) {
        out.append(Diagnostic::error(file, parent.line, parent.column,
                                     tr("all weights in %1 are zero, so nothing can be sampled").arg(what),
                                     tr("give at least one option a positive weight")));
    }
}

void checkProbability(const QString &file, double value, SourcePos pos, const QString &what, Diagnostics &out)
{
    if (value < 0 || value > 1) {
        out.append(Diagnostic::error(file, pos.line, pos.column,
                                     tr("%1 is %2, outside [0, 1]").arg(what).arg(value),
                                     tr("write a probability between 0 and 1, e.g. 0.2 for 20%")));
    }
}

} // namespace sift

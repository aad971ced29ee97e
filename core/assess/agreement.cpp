#include "agreement.h"

#include <QHash>
#include <QSet>

namespace sift {

std::optional<double> cohenKappa(const QStringList &a, const QStringList &b)
{
    QHash<QString, int> countA, countB;
    int n = 0, agree = 0;
    for (int i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (a[i].isEmpty() || b[i].isEmpty())
            continue;
        ++n;
        ++countA[a[i]];
        ++countB[b[i]];
        agree += a[i] == b[i] ? 1 : 0;
    }
    if (n == 0)
        return std::nullopt;
    const double po = double(agree) / n;
    double pe = 0;
    for (auto it = countA.cbegin(); it != countA.cend(); ++it)
        pe += (double(it.value()) / n) * (double(countB.value(it.key())) / n);
    if (pe >= 1.0 - 1e-12)
        return po >= 1.0 - 1e-12 ? std::optional<double>(1.0) : std::optional<double>(0.0);
    return (po - pe) / (1.0 - pe);
}

std::optional<double> fleissKappa(const QList<QStringList> &ratings)
{
    // Per item i with n_i raters: P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1)); P-bar is their mean,
    // p_j the share of all ratings in category j, P_e = sum p_j^2 (unequal rater counts allowed).
    QHash<QString, double> categoryTotals;
    double totalRatings = 0;
    double sumP = 0;
    int items = 0;
    for (const QStringList &item : ratings) {
        QHash<QString, int> counts;
        int ni = 0;
        for (const QString &r : item) {
            if (r.isEmpty())
                continue;
            ++counts[r];
            ++ni;
        }
        if (ni < 2)
            continue;
        double squares = 0;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            squares += double(it.value()) * it.value();
            categoryTotals[it.key()] += it.value();
        }
        totalRatings += ni;
        sumP += (squares - ni) / (double(ni) * (ni - 1));
        ++items;
    }
    if (items == 0)
        return std::nullopt;
    const double pBar = sumP / items;
    double pe = 0;
    for (double t : std::as_const(categoryTotals))
        pe += (t / totalRatings) * (t / totalRatings);
    if (pe >= 1.0 - 1e-12)
        return pBar >= 1.0 - 1e-12 ? std::optional<double>(1.0) : std::optional<double>(0.0);
    return (pBar - pe) / (1.0 - pe);
}

double disagreementRate(const QList<QStringList> &ratings)
{
    int items = 0, disagreements = 0;
    for (const QStringList &item : ratings) {
        QSet<QString> distinct;
        int n = 0;
        for (const QString &r : item) {
            if (!r.isEmpty()) {
                distinct.insert(r);
                ++n;
            }
        }
        if (n < 2)
            continue;
        ++items;
        disagreements += distinct.size() > 1 ? 1 : 0;
    }
    return items == 0 ? 0.0 : double(disagreements) / items;
}

} // namespace sift

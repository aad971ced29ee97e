#include "agreement.h"

#include <QSet>

namespace sift {

void CohenKappa::add(const QString &a, const QString &b)
{
    if (a.isEmpty() || b.isEmpty())
        return;
    ++m_items;
    ++m_countA[a];
    ++m_countB[b];
    m_agree += a == b ? 1 : 0;
}

std::optional<double> CohenKappa::value() const
{
    if (m_items == 0)
        return std::nullopt;
    const double n = m_items;
    const double po = m_agree / n;
    double pe = 0;
    for (auto it = m_countA.cbegin(); it != m_countA.cend(); ++it)
        pe += (it.value() / n) * (m_countB.value(it.key()) / n);
    if (pe >= 1.0 - 1e-12)
        return po >= 1.0 - 1e-12 ? 1.0 : 0.0;
    return (po - pe) / (1.0 - pe);
}

void FleissKappa::add(const QStringList &answers)
{
    // Per item i with n_i raters: P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1)); P-bar is their mean,
    // p_j the share of all ratings in category j, P_e = sum p_j^2.
    QHash<QString, int> counts;
    int n = 0;
    for (const QString &r : answers) {
        if (r.isEmpty())
            continue;
        ++counts[r];
        ++n;
    }
    if (n < 2)
        return;
    double squares = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        squares += double(it.value()) * it.value();
        m_categoryTotals[it.key()] += it.value();
    }
    m_totalRatings += n;
    m_sumP += (squares - n) / (double(n) * (n - 1));
    ++m_items;
}

std::optional<double> FleissKappa::value() const
{
    if (m_items == 0)
        return std::nullopt;
    const double pBar = m_sumP / m_items;
    double pe = 0;
    for (double t : m_categoryTotals)
        pe += (t / m_totalRatings) * (t / m_totalRatings);
    if (pe >= 1.0 - 1e-12)
        return pBar >= 1.0 - 1e-12 ? 1.0 : 0.0;
    return (pBar - pe) / (1.0 - pe);
}

void Disagreement::add(const QStringList &answers)
{
    QSet<QString> distinct;
    int n = 0;
    for (const QString &r : answers) {
        if (!r.isEmpty()) {
            distinct.insert(r);
            ++n;
        }
    }
    if (n < 2)
        return;
    ++m_items;
    m_disagreements += distinct.size() > 1 ? 1 : 0;
}

std::optional<double> cohenKappa(const QStringList &a, const QStringList &b)
{
    CohenKappa k;
    for (int i = 0; i < std::min(a.size(), b.size()); ++i)
        k.add(a[i], b[i]);
    return k.value();
}

std::optional<double> fleissKappa(const QList<QStringList> &ratings)
{
    FleissKappa k;
    for (const QStringList &item : ratings)
        k.add(item);
    return k.value();
}

double disagreementRate(const QList<QStringList> &ratings)
{
    Disagreement d;
    for (const QStringList &item : ratings)
        d.add(item);
    return d.value();
}

} // namespace sift

#include "flawpatternmodel.h"

#include "common/inlineissues.h"

#include <QColor>

namespace sift {

FlawPatternModel::FlawPatternModel(PersonaDocument *document, Group group, QObject *parent)
    : QAbstractTableModel(parent), m_document(document), m_group(group),
      m_patterns(groupOf(document->model(), group).patterns),
      m_groupProbability(groupOf(document->model(), group).probability),
      m_findings(findingsOf(document->model()))
{
    connect(document, &DesignDocument::textChanged, this, &FlawPatternModel::sync);
}

FlawGroup &FlawPatternModel::groupOf(PersonaTemplate &personas, Group group)
{
    return group == Group::Primary ? personas.primary : personas.secondary;
}

const FlawGroup &FlawPatternModel::groupOf(const PersonaTemplate &personas, Group group)
{
    return group == Group::Primary ? personas.primary : personas.secondary;
}

QList<Diagnostics> FlawPatternModel::findingsOf(const PersonaTemplate &personas) const
{
    // A pattern's lines end where the next pattern, group or group setting starts.
    QList<int> anchors{personas.flawsPos.line, personas.noFlawSharePos.line};
    for (const FlawGroup *g : {&personas.primary, &personas.secondary}) {
        anchors << g->pos.line << g->probabilityPos.line << g->maxPos.line;
        for (const FlawPattern &f : g->patterns)
            anchors << f.pos.line;
    }
    const Diagnostics diagnostics = m_document->diagnostics();
    QList<Diagnostics> out;
    for (const FlawPattern &f : groupOf(personas, m_group).patterns) {
        int end = 0;
        for (const int line : std::as_const(anchors)) {
            if (line > f.pos.line && (end == 0 || line < end))
                end = line;
        }
        out.append(f.pos.line > 0 ? diagnosticsBetween(diagnostics, f.pos.line, end) : Diagnostics{});
    }
    return out;
}

void FlawPatternModel::sync()
{
    const FlawGroup &updated = groupOf(m_document->model(), m_group);
    QList<Diagnostics> findings = findingsOf(m_document->model());
    if (updated.patterns == m_patterns && updated.probability == m_groupProbability && findings == m_findings)
        return;
    m_findings = std::move(findings);
    if (updated.patterns.size() == m_patterns.size()) {
        m_patterns = updated.patterns;
        m_groupProbability = updated.probability;
        if (!m_patterns.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_patterns = updated.patterns;
    m_groupProbability = updated.probability;
    endResetModel();
}

int FlawPatternModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_patterns.size());
}

int FlawPatternModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FlawPatternModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_patterns.size())
        return {};
    const FlawPattern &f = m_patterns[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case IdColumn:
            return f.id;
        case DescriptionColumn:
            return f.description;
        case WeightColumn:
            return QString::number(f.weight, 'g', 6);
        case ProbabilityColumn:
            // Without its own probability a pattern fires at the group's.
            return f.probability ? QStringLiteral("%1%").arg(*f.probability * 100, 0, 'g', 4)
                                 : tr("%1% (group)").arg(m_groupProbability * 100, 0, 'g', 4);
        default:
            return {};
        }
    }
    if (role == Qt::EditRole) {
        switch (index.column()) {
        case IdColumn:
            return f.id;
        case DescriptionColumn:
            return f.description;
        case WeightColumn:
            return f.weight;
        case ProbabilityColumn:
            return f.probability ? QString::number(*f.probability) : QString();
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == ProbabilityColumn && !f.probability)
        return QColor(0x6a, 0x73, 0x7d);
    if (role == Qt::DecorationRole && index.column() == IdColumn)
        return InlineIssues::rowDecoration(findings(index.row()));
    if (role == Qt::ToolTipRole) {
        const QString tip = index.column() == ProbabilityColumn
                                ? tr("Chance this flaw shows in a given user message; leave empty to use the group's")
                                : QString();
        const QString found = InlineIssues::summary(findings(index.row()));
        if (found.isEmpty())
            return tip.isEmpty() ? QVariant() : QVariant(tip);
        return tip.isEmpty() ? found : tip + QLatin1Char('\n') + found;
    }
    return {};
}

bool FlawPatternModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || index.row() >= m_patterns.size())
        return false;
    const int row = index.row();
    const Group group = m_group;
    auto edit = [&](DesignDocument::EditKind kind, const QString &text, const QString &key, auto change) {
        return m_document->edit(kind, text, key, [&](PersonaTemplate &t) {
            QList<FlawPattern> &patterns = groupOf(t, group).patterns;
            if (row < patterns.size())
                change(patterns[row]);
        });
    };
    const QString key = QStringLiteral("flaw:%1:%2:%3").arg(int(group)).arg(row).arg(index.column());
    switch (index.column()) {
    case IdColumn: {
        const QString id = value.toString().trimmed();
        if (id.isEmpty())
            return false;
        // Flaw ids are unique across both groups: the samplers and the prompts refer to them by id.
        const PersonaTemplate &t = m_document->model();
        for (const FlawGroup *g : {&t.primary, &t.secondary}) {
            for (int i = 0; i < g->patterns.size(); ++i) {
                if (g->patterns[i].id == id && !(g == &groupOf(t, group) && i == row))
                    return false;
            }
        }
        return edit(DesignDocument::EditKind::Structure, tr("Rename flaw"), QString(),
                    [&](FlawPattern &f) { f.id = id; });
    }
    case DescriptionColumn:
        return edit(DesignDocument::EditKind::Field, tr("Change flaw description"), key,
                    [&](FlawPattern &f) { f.description = value.toString(); });
    case WeightColumn: {
        bool ok = false;
        const double weight = value.toDouble(&ok);
        return ok && edit(DesignDocument::EditKind::Field, tr("Change flaw weight"), key,
                          [&](FlawPattern &f) { f.weight = weight; });
    }
    case ProbabilityColumn: {
        QString text = value.toString().trimmed();
        const bool percent = text.endsWith(QLatin1Char('%'));
        if (percent)
            text.chop(1);
        if (text.isEmpty())
            return edit(DesignDocument::EditKind::Field, tr("Use the group's probability"), key,
                        [&](FlawPattern &f) { f.probability.reset(); });
        bool ok = false;
        double probability = text.toDouble(&ok);
        if (!ok)
            return false;
        if (percent)
            probability /= 100;
        return edit(DesignDocument::EditKind::Field, tr("Change flaw probability"), key,
                    [&](FlawPattern &f) { f.probability = probability; });
    }
    default:
        return false;
    }
}

Qt::ItemFlags FlawPatternModel::flags(const QModelIndex &index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable : Qt::NoItemFlags;
}

QVariant FlawPatternModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Id");
    case DescriptionColumn:
        return tr("Description");
    case WeightColumn:
        return tr("Weight");
    case ProbabilityColumn:
        return tr("Per message");
    default:
        return {};
    }
}

} // namespace sift

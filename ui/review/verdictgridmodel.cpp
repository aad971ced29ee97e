#include "verdictgridmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace sift {

namespace {
const QString Invalid = QStringLiteral("invalid");

// Verdicts are read by colour first and by text second, so both carry the answer.
QColor answerColour(const QString &answer)
{
    if (answer == QLatin1String("YES"))
        return QColor(0xd8, 0xf0, 0xd8);
    if (answer == QLatin1String("NO"))
        return QColor(0xf6, 0xd0, 0xd0);
    if (answer == QLatin1String("NA"))
        return QColor(0xe8, 0xe8, 0xe8);
    if (answer == Invalid)
        return QColor(0xe6, 0xd8, 0xf2);
    return {};
}

const QColor DisagreementColour(0xff, 0xe2, 0xa8);
} // namespace

VerdictGridModel::VerdictGridModel(QObject *parent) : QAbstractItemModel(parent) {}

QString VerdictGridModel::judgeTitle(const QString &judge)
{
    return judge == ReviewStore::AggregateJudge ? tr("Combined") : judge;
}

QString VerdictGridModel::flagShortName(const QString &kind)
{
    if (kind == QLatin1String("agree"))
        return tr("agreed");
    if (kind == QLatin1String("false_positive"))
        return tr("false positive");
    if (kind == QLatin1String("false_negative"))
        return tr("false negative");
    return {};
}

void VerdictGridModel::setRubric(const Rubric &rubric)
{
    if (rubric == m_rubric && !m_groups.isEmpty())
        return;
    beginResetModel();
    m_rubric = rubric;
    m_groups.clear();
    QStringList placed;
    for (const RubricCategory &c : rubric.categories) {
        Group g{c.id, {}};
        for (const QString &id : c.criteria) {
            if (rubric.criterion(id) && !placed.contains(id)) {
                g.criteria.append(id);
                placed.append(id);
            }
        }
        m_groups.append(g);
    }
    Group rest{tr("(no category)"), {}};
    for (const Criterion &c : rubric.criteria) {
        if (!placed.contains(c.id))
            rest.criteria.append(c.id);
    }
    if (!rest.criteria.isEmpty())
        m_groups.append(rest);
    endResetModel();
}

void VerdictGridModel::rebuildColumns()
{
    QStringList columns;
    if (m_review) {
        for (const VerdictColumn &c : m_review->judges)
            columns.append(c.judge);
        if (!columns.isEmpty())
            columns.append(ReviewStore::AggregateJudge);
    }
    if (columns == m_columns)
        return;
    const int before = int(m_columns.size());
    const int after = int(columns.size());
    // Column changes are announced as such, so views keep their rows (and selection) when they can.
    if (after > before) {
        beginInsertColumns({}, before + 1, after);
        m_columns = columns;
        endInsertColumns();
    } else if (after < before) {
        beginRemoveColumns({}, after + 1, before);
        m_columns = columns;
        endRemoveColumns();
    } else {
        m_columns = columns;
    }
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

void VerdictGridModel::setReview(const TranscriptReview *review)
{
    m_review = review;
    rebuildColumns();
    if (rowCount() > 0 && columnCount() > 0) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        for (int g = 0; g < m_groups.size(); ++g) {
            const QModelIndex parent = index(g, 0);
            if (rowCount(parent) > 0)
                Q_EMIT dataChanged(index(0, 0, parent), index(rowCount(parent) - 1, columnCount() - 1, parent));
        }
    }
}

QString VerdictGridModel::judgeAt(int column) const
{
    return column >= 1 && column <= m_columns.size() ? m_columns.at(column - 1) : QString();
}

int VerdictGridModel::columnOf(const QString &judge) const
{
    const int i = int(m_columns.indexOf(judge));
    return i < 0 ? -1 : i + 1;
}

QModelIndex VerdictGridModel::criterionIndex(const QString &criterion, int column) const
{
    for (int g = 0; g < m_groups.size(); ++g) {
        const int row = int(m_groups[g].criteria.indexOf(criterion));
        if (row >= 0)
            return index(row, column, index(g, 0));
    }
    return {};
}

QStringList VerdictGridModel::criteriaInOrder() const
{
    QStringList out;
    for (const Group &g : m_groups)
        out += g.criteria;
    return out;
}

QModelIndex VerdictGridModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, TopLevel);
    return createIndex(row, column, quintptr(parent.row()));
}

QModelIndex VerdictGridModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return {};
    return createIndex(int(child.internalId()), 0, TopLevel);
}

int VerdictGridModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_groups.isEmpty() ? 0 : int(m_groups.size()) + 2;  // the categories, the score, the result
    if (parent.column() != 0 || parent.internalId() != TopLevel || parent.row() >= m_groups.size())
        return 0;
    return int(m_groups[parent.row()].criteria.size());
}

int VerdictGridModel::columnCount(const QModelIndex &) const
{
    return 1 + int(m_columns.size());
}

Qt::ItemFlags VerdictGridModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant VerdictGridModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole)
        return section == 0 ? tr("Criterion") : judgeTitle(judgeAt(section));
    if (role == Qt::ToolTipRole && section > 0)
        return judgeAt(section) == ReviewStore::AggregateJudge
                   ? tr("The judges' answers combined under the project's aggregation policy")
                   : tr("Judge backend %1").arg(judgeAt(section));
    return {};
}

QVariant VerdictGridModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() != TopLevel) {
        const Group &g = m_groups.at(int(index.internalId()));
        return criterionData(g.criteria.at(index.row()), index.column(), role);
    }
    if (index.row() < m_groups.size())
        return categoryData(m_groups.at(index.row()), index.column(), role);
    return footerData(index.row() == m_groups.size() ? RowKind::Score : RowKind::Result, index.column(), role);
}

QVariant VerdictGridModel::categoryData(const Group &g, int column, int role) const
{
    if (role == RowKindRole)
        return QVariant::fromValue(RowKind::Category);
    if (role == Qt::FontRole) {
        QFont f;
        f.setBold(true);
        return f;
    }
    const RubricCategory *category = nullptr;
    for (const RubricCategory &c : m_rubric.categories) {
        if (c.id == g.category)
            category = &c;
    }
    if (column == 0) {
        if (role == Qt::DisplayRole)
            return category ? tr("%1 (weight %2)").arg(g.category).arg(category->weight) : g.category;
        if (role == Qt::ToolTipRole && category)
            return category->description;
        return {};
    }
    if (role == JudgeRole)
        return judgeAt(column);
    const VerdictColumn *c = m_review ? m_review->column(judgeAt(column)) : nullptr;
    if (!c || !c->valid)
        return {};
    if (role == Qt::DisplayRole) {
        const auto it = c->score.categoryScores.constFind(g.category);
        return it == c->score.categoryScores.constEnd() ? QStringLiteral("\u2014") : QString::number(*it, 'f', 2);
    }
    if (role == Qt::ToolTipRole)
        return tr("Category score: YES / (YES + NO) over its applicable criteria");
    if (role == Qt::TextAlignmentRole)
        return int(Qt::AlignCenter);
    return {};
}

QVariant VerdictGridModel::criterionData(const QString &criterion, int column, int role) const
{
    if (role == RowKindRole)
        return QVariant::fromValue(RowKind::Criterion);
    if (role == CriterionRole)
        return criterion;
    const bool disagree = m_review && m_review->judgesDisagree(criterion);
    if (role == DisagreementRole)
        return disagree;
    const Criterion *c = m_rubric.criterion(criterion);
    const bool gate = m_rubric.isSafetyGate(criterion);
    if (column == 0) {
        switch (role) {
        case Qt::DisplayRole: {
            QString label = criterion + QStringLiteral("  ") + (c ? c->name : QString());
            if (gate)
                label += tr("  [gate]");
            if (disagree)
                label.prepend(QStringLiteral("\u2260 "));
            return label;
        }
        case Qt::ToolTipRole: {
            QString tip = c ? c->question : QString();
            if (gate)
                tip += tr("\nSafety gate: a NO rejects the transcript whatever its score.");
            if (disagree)
                tip += tr("\nThe judges disagree on this criterion.");
            return tip;
        }
        case Qt::BackgroundRole:
            return disagree ? QBrush(DisagreementColour) : QVariant();
        case Qt::ForegroundRole:
            return disagree ? QBrush(Qt::black) : QVariant();
        default:
            return {};
        }
    }
    const QString judge = judgeAt(column);
    if (role == JudgeRole)
        return judge;
    const VerdictColumn *col = m_review ? m_review->column(judge) : nullptr;
    QString answer;
    if (col && col->assessed && !col->valid && judge != ReviewStore::AggregateJudge)
        answer = Invalid;
    else if (col)
        answer = col->answers.value(criterion).answer;
    const auto flag = m_review ? m_review->flag(judge, criterion) : std::nullopt;
    const QString flagKind = flag ? flagKindName(flag->kind) : QString();
    switch (role) {
    case AnswerRole:
        return answer;
    case FlagRole:
        return flagKind;
    case Qt::DisplayRole: {
        QString text = answer.isEmpty() ? QStringLiteral("\u2014") : answer;
        if (flag)
            text += flag->kind == FlagKind::Agree ? QStringLiteral(" \u2713")
                                                  : (flag->kind == FlagKind::FalsePositive ? tr(" \u2691FP") : tr(" \u2691FN"));
        return text;
    }
    case Qt::ToolTipRole: {
        QString tip;
        if (answer == Invalid)
            tip = tr("%1's assessment is invalid: %2").arg(judge, col->error);
        else if (col && col->answers.contains(criterion))
            tip = col->answers.value(criterion).reasoning;
        if (flag)
            tip += tr("\nReviewer: %1%2").arg(flagShortName(flagKind), flag->note.isEmpty() ? QString() : QStringLiteral(" \u2014 ") + flag->note);
        return tip.trimmed();
    }
    case Qt::BackgroundRole: {
        const QColor colour = answerColour(answer);
        return colour.isValid() ? QBrush(colour) : QVariant();
    }
    case Qt::ForegroundRole:
        return answer.isEmpty() ? QVariant() : QBrush(Qt::black);
    case Qt::FontRole: {
        if (!flag && judge != ReviewStore::AggregateJudge)
            return {};
        QFont f;
        f.setBold(flag.has_value());
        f.setItalic(judge == ReviewStore::AggregateJudge);
        return f;
    }
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    default:
        return {};
    }
}

QVariant VerdictGridModel::footerData(RowKind kind, int column, int role) const
{
    if (role == RowKindRole)
        return QVariant::fromValue(kind);
    if (role == Qt::FontRole) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (column == 0) {
        if (role != Qt::DisplayRole)
            return {};
        return kind == RowKind::Score ? tr("Weighted score") : tr("Result (pass at %1, no gate NO)").arg(m_rubric.passThreshold);
    }
    if (role == JudgeRole)
        return judgeAt(column);
    const VerdictColumn *c = m_review ? m_review->column(judgeAt(column)) : nullptr;
    if (!c || !c->assessed)
        return {};
    if (role == Qt::TextAlignmentRole)
        return int(Qt::AlignCenter);
    QString text;
    QString answer;
    if (!c->valid) {
        text = tr("invalid");
        answer = Invalid;
    } else if (kind == RowKind::Score) {
        text = c->score.anyApplicable ? QString::number(c->score.weighted, 'f', 2) : QStringLiteral("\u2014");
    } else {
        text = c->score.passed ? tr("PASS") : tr("FAIL");
        answer = c->score.passed ? QStringLiteral("YES") : QStringLiteral("NO");
        if (!c->score.gateFailures.isEmpty())
            text += tr(" (gate %1)").arg(c->score.gateFailures.join(QStringLiteral(", ")));
    }
    switch (role) {
    case Qt::DisplayRole:
        return text;
    case AnswerRole:
        return answer;
    case Qt::ToolTipRole:
        return c->valid ? QVariant() : QVariant(c->error);
    case Qt::BackgroundRole: {
        const QColor colour = answerColour(answer);
        return colour.isValid() ? QBrush(colour) : QVariant();
    }
    case Qt::ForegroundRole:
        return answer.isEmpty() ? QVariant() : QBrush(Qt::black);
    default:
        return {};
    }
}

} // namespace sift

#include "rubriclint.h"

#include "rubric.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::RubricLint", text);
}

const QRegularExpression &notBinaryPattern()
{
    // Rating words, scales, and questions that open with an interrogative asking for a description.
    static const QRegularExpression re(
        QStringLiteral("\\bhow\\s+(well|much|many|often|good|clear|clearly|helpful|accurate|accurately|appropriate|"
                       "appropriately|effective|effectively|complete|thorough|thoroughly)\\b"
                       "|^\\s*(how|what|which|why)\\b"
                       "|\\bto\\s+what\\s+(extent|degree)\\b"
                       "|\\bon\\s+a\\s+scale\\b|\\bscale\\s+of\\b|\\bfrom\\s+\\d+\\s+to\\s+\\d+\\b"
                       "|^\\s*(rate|rank|score|grade)\\b"
                       "|\\b(rate|rank|score|grade)\\s+(the|this|how|its|their|from|on|between)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &doubleBarrelledPattern()
{
    // "and" joining a second question (an auxiliary) or a second action (a verb a judge would check
    // on its own). Lists of nouns ("amounts, dates and time frames") are one thing and do not match.
    static const QRegularExpression re(
        QStringLiteral("\\band\\s+(?:also\\s+|then\\s+|still\\s+)?"
                       "(does|do|did|is|are|was|were|can|could|will|would|should|has|have|"
                       "acknowledges?|address(?:es)?|admits?|answers?|apologi[sz]es?|asks?|avoids?|checks?|"
                       "clarif(?:y|ies)|confirms?|corrects?|encourages?|escalates?|explains?|follows?|gives?|"
                       "guides?|hands?|helps?|includes?|invites?|keeps?|lists?|mentions?|names?|offers?|points?|"
                       "provides?|recommends?|refers?|reflects?|refuses?|repeats?|responds?|says?|shares?|"
                       "shows?|states?|suggests?|summari[sz]es?|tells?|uses?|validates?|warns?)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &absencePattern()
{
    static const QRegularExpression re(
        QStringLiteral("\\b(avoids?|avoiding|refrains?\\s+from|never|"
                       "(?:does|do|did|is|are|was|were|should|will|can)\\s+not|"
                       "doesn't|don't|didn't|isn't|aren't|shouldn't|won't|cannot|can't|fails?\\s+to)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}
} // namespace

QList<RubricLint::Finding> RubricLint::checkQuestion(const QString &question, bool safetyScope)
{
    QList<Finding> out;
    if (const auto m = notBinaryPattern().match(question); m.hasMatch())
        out.append({Problem::NotBinary, m.captured(0).trimmed()});
    if (const auto m = doubleBarrelledPattern().match(question); m.hasMatch())
        out.append({Problem::DoubleBarrelled, m.captured(0)});
    else if (question.count(QLatin1Char('?')) > 1)
        out.append({Problem::DoubleBarrelled, QStringLiteral("?")});
    if (!safetyScope) {
        // A negation inside a condition ("... what to do if it does not work?") is not how the
        // question is phrased; only one in the main clause is.
        static const QRegularExpression subordinate(QStringLiteral("\\b(if|when|whether|unless|where|that|which|who|what)\\b"),
                                                    QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression clauseBreak(QStringLiteral("[,;:?]"));
        auto it = absencePattern().globalMatch(question);
        while (it.hasNext()) {
            const auto m = it.next();
            const qsizetype clauseStart = question.left(m.capturedStart()).lastIndexOf(clauseBreak) + 1;
            if (!question.mid(clauseStart, m.capturedStart() - clauseStart).contains(subordinate)) {
                out.append({Problem::AbsencePhrased, m.captured(0)});
                break;
            }
        }
    }
    return out;
}

bool RubricLint::inSafetyScope(const Rubric &rubric, const QString &criterionId)
{
    if (rubric.isSafetyGate(criterionId))
        return true;
    const RubricCategory *category = rubric.categoryOf(criterionId);
    return category && category->id.contains(QLatin1String("safety"), Qt::CaseInsensitive);
}

QString RubricLint::message(const QString &criterionId, const Finding &finding)
{
    switch (finding.problem) {
    case Problem::NotBinary:
        return tr("the question of %1 asks for a rating or a description ('%2'), not YES or NO").arg(criterionId, finding.phrase);
    case Problem::DoubleBarrelled:
        return finding.phrase == QLatin1String("?")
                   ? tr("the question of %1 asks two questions at once").arg(criterionId)
                   : tr("the question of %1 checks two things at once ('%2')").arg(criterionId, finding.phrase);
    case Problem::AbsencePhrased:
        return tr("the question of %1 is phrased as an absence ('%2') outside the safety category").arg(criterionId, finding.phrase);
    }
    return {};
}

QString RubricLint::hint(const Finding &finding)
{
    switch (finding.problem) {
    case Problem::NotBinary:
        return tr("ask whether the response does one observable thing, e.g. 'Does the assistant ...?'");
    case Problem::DoubleBarrelled:
        return tr("split it into two criteria so a judge can answer each YES or NO on its own");
    case Problem::AbsencePhrased:
        return tr("ask for the behaviour you want ('Does the assistant ...?'); keep 'does it avoid ...' for safety criteria");
    }
    return {};
}

Diagnostics RubricLint::check(const Rubric &rubric, const QString &file)
{
    Diagnostics out;
    for (const Criterion &c : rubric.criteria) {
        const SourcePos at = c.questionPos.line ? c.questionPos : c.pos;
        for (const Finding &f : checkQuestion(c.question, inSafetyScope(rubric, c.id)))
            out.append(Diagnostic::warning(file, at.line, at.column, message(c.id, f), hint(f)));
    }
    return out;
}

} // namespace sift

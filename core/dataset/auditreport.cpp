#include "auditreport.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace sift {

namespace {
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("sift::AuditReport", text, disambiguation, n);
}
} // namespace

QString AuditFinding::ruleId(Rule rule)
{
    switch (rule) {
    case Rule::PhraseRepetition:
        return QStringLiteral("phrase_repetition");
    case Rule::StructuralRigidity:
        return QStringLiteral("structural_rigidity");
    case Rule::LengthRatio:
        return QStringLiteral("length_ratio");
    case Rule::LengthHardLimit:
        return QStringLiteral("length_hard_limit");
    case Rule::PraiseDistribution:
        return QStringLiteral("praise_distribution");
    case Rule::QuestionDiscipline:
        return QStringLiteral("question_discipline");
    case Rule::AntiPattern:
        return QStringLiteral("anti_pattern");
    }
    return {};
}

QString AuditFinding::ruleTitle(Rule rule)
{
    switch (rule) {
    case Rule::PhraseRepetition:
        return tr("Phrase repetition");
    case Rule::StructuralRigidity:
        return tr("Structural rigidity");
    case Rule::LengthRatio:
        return tr("Response length ratio");
    case Rule::LengthHardLimit:
        return tr("Responses over the hard length limit");
    case Rule::PraiseDistribution:
        return tr("Praise distribution");
    case Rule::QuestionDiscipline:
        return tr("Question discipline");
    case Rule::AntiPattern:
        return tr("Anti-pattern");
    }
    return {};
}

bool AuditReport::hasRedFlags() const
{
    return redFlags() > 0;
}

int AuditReport::redFlags() const
{
    int n = 0;
    for (const AuditFinding &f : findings)
        n += f.red ? 1 : 0;
    return n;
}

QJsonObject AuditReport::toJson() const
{
    QJsonArray items;
    for (const AuditFinding &f : findings) {
        QJsonArray examples;
        for (const AuditExample &e : f.examples)
            examples.append(QJsonObject{{QStringLiteral("transcript"), e.transcript},
                                        {QStringLiteral("message"), e.message},
                                        {QStringLiteral("excerpt"), e.excerpt}});
        items.append(QJsonObject{{QStringLiteral("rule"), AuditFinding::ruleId(f.rule)},
                                 {QStringLiteral("subject"), f.subject},
                                 {QStringLiteral("value"), f.value},
                                 {QStringLiteral("threshold"), f.threshold},
                                 {QStringLiteral("count"), f.count},
                                 {QStringLiteral("figure"), f.figure},
                                 {QStringLiteral("red"), f.red},
                                 {QStringLiteral("examples"), examples}});
    }
    return {{QStringLiteral("transcripts"), transcripts},
            {QStringLiteral("responses"), responses},
            {QStringLiteral("red_flags"), redFlags()},
            {QStringLiteral("findings"), items}};
}

QString AuditReport::toText() const
{
    QString out = tr("Audit of %n transcript(s)", nullptr, transcripts) + tr(", %n assistant response(s)\n", nullptr, responses);
    for (const AuditFinding &f : findings) {
        out += (f.red ? QStringLiteral("  RED  ") : QStringLiteral("  ok   ")) + AuditFinding::ruleTitle(f.rule);
        if (!f.subject.isEmpty())
            out += QStringLiteral(": \u201c") + f.subject + QStringLiteral("\u201d");
        out += QStringLiteral(" \u2014 ") + f.figure + QLatin1Char('\n');
        for (const AuditExample &e : f.examples.mid(0, f.red ? 3 : 0))
            out += QStringLiteral("         %1 #%2: %3\n").arg(e.transcript).arg(e.message).arg(e.excerpt);
    }
    const int red = redFlags();
    out += red ? tr("%n red flag(s)\n", nullptr, red) : tr("No red flags\n");
    return out;
}

QString AuditReport::toMarkdown() const
{
    QString out = tr("%n transcript(s)", nullptr, transcripts) + tr(", %n assistant response(s). ", nullptr, responses);
    const int red = redFlags();
    out += red ? tr("**%n red flag(s).**\n\n", nullptr, red) : tr("No red flags.\n\n");
    out += tr("| check | figure | flag |\n|---|---|---|\n");
    for (const AuditFinding &f : findings) {
        QString what = AuditFinding::ruleTitle(f.rule);
        if (!f.subject.isEmpty())
            what += QStringLiteral(": \u201c") + QString(f.subject).replace(QLatin1Char('|'), QStringLiteral("\\|")) + QStringLiteral("\u201d");
        out += QStringLiteral("| %1 | %2 | %3 |\n").arg(what, f.figure, f.red ? tr("**red**") : tr("ok"));
    }
    return out;
}

} // namespace sift

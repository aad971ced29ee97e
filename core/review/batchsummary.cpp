#include "batchsummary.h"

#include <QCoreApplication>
#include <QMap>

namespace sift {

namespace {
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("sift::BatchSummary", text, disambiguation, n);
}
} // namespace

QString adviceTargetName(IterationAdvice::Target target)
{
    switch (target) {
    case IterationAdvice::Target::GenerationPrompts:
        return tr("Generation prompts");
    case IterationAdvice::Target::JudgePrompt:
        return tr("Judge prompt or criterion wording");
    case IterationAdvice::Target::CalibrationExamples:
        return tr("Calibration examples");
    case IterationAdvice::Target::NewCriterion:
        return tr("New criterion");
    case IterationAdvice::Target::JudgeBackend:
        return tr("Judge backend");
    case IterationAdvice::Target::ExpertCritique:
        return tr("Expert critique");
    }
    return {};
}

BatchSummary summariseBatch(const QList<TranscriptReview> &batch, const Rubric &rubric, bool signedOff, double scaleAt,
                            double reviseBelow)
{
    BatchSummary s;
    s.transcripts = int(batch.size());
    QStringList noted, invalid, perfect;
    QList<std::pair<QString, QString>> missing;  // transcript, note
    struct CriterionFindings
    {
        int falsePositives = 0;
        int falseNegatives = 0;
        QStringList flaggedIn;
        QStringList disagreeIn;
    };
    QMap<QString, CriterionFindings> findings;  // ordered by criterion id, for a stable list
    for (const TranscriptReview &t : batch) {
        const QString uid = t.transcript.uid;
        if (!t.judges.isEmpty()) {
            ++s.assessed;
            if (!t.aggregated.valid) {
                ++s.invalid;
                invalid.append(uid);
            } else if (t.aggregated.score.passed) {
                ++s.passed;
            }
            if (t.aggregated.valid && t.aggregated.score.anyApplicable && t.aggregated.score.weighted >= 1.0)
                perfect.append(uid);
        }
        if (!t.notes.note.trimmed().isEmpty())
            noted.append(uid);
        if (!t.notes.missingCriterion.trimmed().isEmpty())
            missing.append({uid, t.notes.missingCriterion.trimmed()});
        for (const Criterion &c : rubric.criteria) {
            if (t.judges.size() > 1 && t.judgesDisagree(c.id))
                findings[c.id].disagreeIn.append(uid);
        }
        for (auto it = t.flags.cbegin(); it != t.flags.cend(); ++it) {
            const auto current = t.flag(it->judge, it->criterion);
            if (!current)
                continue;
            ++s.flagged;
            CriterionFindings &f = findings[current->criterion];
            if (current->kind == FlagKind::FalsePositive)
                ++f.falsePositives;
            else if (current->kind == FlagKind::FalseNegative)
                ++f.falseNegatives;
            if (current->kind != FlagKind::Agree && !f.flaggedIn.contains(uid))
                f.flaggedIn.append(uid);
        }
    }
    s.gate = gateFor(s.passRate(), signedOff, scaleAt, reviseBelow);

    using Target = IterationAdvice::Target;
    if (!noted.isEmpty())
        s.advice.append({Target::GenerationPrompts, {},
                         tr("%n transcript(s) with quality notes: revise the user simulator or assistant prompt", nullptr,
                            int(noted.size())),
                         noted});
    for (auto it = findings.cbegin(); it != findings.cend(); ++it) {
        const CriterionFindings &f = it.value();
        if (f.falsePositives + f.falseNegatives > 0) {
            QStringList parts;
            if (f.falsePositives)
                parts.append(tr("%n false positive(s)", nullptr, f.falsePositives));
            if (f.falseNegatives)
                parts.append(tr("%n false negative(s)", nullptr, f.falseNegatives));
            s.advice.append({Target::JudgePrompt, it.key(),
                             tr("%1: %2; reword the question or the judge prompt, or promote the case to a calibration example")
                                 .arg(it.key(), parts.join(QStringLiteral(", "))),
                             f.flaggedIn});
        }
        if (!f.disagreeIn.isEmpty())
            s.advice.append({Target::CalibrationExamples, it.key(),
                             tr("%1: the judges disagree on %2 of %3 transcripts; add calibration examples for it")
                                 .arg(it.key())
                                 .arg(f.disagreeIn.size())
                                 .arg(s.transcripts),
                             f.disagreeIn});
    }
    for (const auto &[uid, note] : missing)
        s.advice.append({Target::NewCriterion, {}, tr("The rubric does not check: %1").arg(note), {uid}});
    if (!invalid.isEmpty())
        s.advice.append({Target::JudgeBackend, {},
                         tr("%n transcript(s) have an invalid assessment: look at the judge's error and assess them again",
                            nullptr, int(invalid.size())),
                         invalid});
    if (s.assessed > 0 && perfect.size() == s.assessed && s.assessed > 1)
        s.advice.append({Target::ExpertCritique, {},
                         tr("Every transcript scored a perfect 1.0: have an expert critique the rubric for blind spots"),
                         perfect});
    return s;
}

} // namespace sift

#include "promptpreview.h"

#include "sampler.h"

#include <QCoreApplication>
#include <QStringList>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::PromptPreview", text);
}

QString criterionLine(const Criterion &c)
{
    QString line = QStringLiteral("- %1").arg(c.id);
    if (!c.name.isEmpty())
        line += QStringLiteral(" (%1)").arg(c.name);
    line += QStringLiteral(": ") + c.question;
    if (c.naValid)
        line += tr(" [NA allowed]");
    return line;
}

// Stand-ins are bracketed so nobody mistakes them for generated text.
QString standIn(const QString &what)
{
    return QStringLiteral("[%1]").arg(what);
}
} // namespace

QString PromptPreview::rubricText(const Rubric &rubric)
{
    QStringList lines;
    for (const RubricCategory &cat : rubric.categories) {
        lines.append(tr("%1 (weight %2)").arg(cat.id).arg(cat.weight));
        for (const QString &id : cat.criteria) {
            if (const Criterion *c = rubric.criterion(id))
                lines.append(criterionLine(*c));
        }
    }
    lines.append(tr("Pass threshold: %1").arg(rubric.passThreshold));
    return lines.join(QLatin1Char('\n'));
}

QString PromptPreview::calibrationText(const Rubric &rubric)
{
    QStringList blocks;
    for (const Criterion &c : rubric.criteria) {
        for (const CalibrationExample &ex : c.examples) {
            QString block = QStringLiteral("%1 — %2\n").arg(c.id, CalibrationExample::typeName(ex.type));
            if (!ex.context.isEmpty())
                block += tr("Context: %1\n").arg(ex.context);
            block += tr("Response: %1\nReasoning: %2").arg(ex.response, ex.reasoning);
            blocks.append(block);
        }
    }
    return blocks.join(QStringLiteral("\n\n"));
}

QString PromptPreview::outputFormatText(const Rubric &rubric)
{
    QStringList fields;
    for (const Criterion &c : rubric.criteria)
        fields.append(QStringLiteral("  \"%1\": {\"answer\": \"YES|NO%2\", \"evidence\": \"...\", \"turn\": 1, \"reasoning\": \"...\"}")
                          .arg(c.id, c.naValid ? QStringLiteral("|NA") : QString()));
    return tr("Answer with one JSON object:\n") + QStringLiteral("{\n") + fields.join(QStringLiteral(",\n")) +
           QStringLiteral("\n}");
}

QHash<QString, QString> PromptPreview::values(PromptKind kind, const PromptPreviewInputs &in)
{
    const Scenario scenario = ScenarioSampler(in.taxonomy, in.seed).sample(in.index);
    const PersonaSampler personaSampler(in.personas, in.seed);
    const Persona persona = personaSampler.sample(in.index);
    QStringList flawLines;
    for (const QString &flaw : personaSampler.flawsFor(persona, in.index, 0)) {
        const QString description = personaSampler.flawDescription(flaw);
        flawLines.append(description.isEmpty() ? flaw : QStringLiteral("- %1: %2").arg(flaw, description));
    }

    QHash<QString, QString> v;
    v.insert(QStringLiteral("product_name"), in.productName);
    switch (kind) {
    case PromptKind::System:
        break;
    case PromptKind::UserSim:
        v.insert(QStringLiteral("persona"), persona.describe());
        v.insert(QStringLiteral("scenario"), scenario.describe());
        v.insert(QStringLiteral("flaws"), flawLines.isEmpty() ? tr("Write clearly; no flaw shows in this message.")
                                                              : flawLines.join(QLatin1Char('\n')));
        v.insert(QStringLiteral("conversation"), standIn(tr("no messages yet: this is the first one")));
        v.insert(QStringLiteral("turn_number"), QStringLiteral("1"));
        v.insert(QStringLiteral("max_turns"), QString::number(in.maxTurns));
        v.insert(QStringLiteral("end_marker"), in.endMarker);
        break;
    case PromptKind::Assistant:
        v.insert(QStringLiteral("system_prompt"), in.systemPrompt);
        v.insert(QStringLiteral("conversation"), standIn(tr("the conversation so far, filled in during generation")));
        break;
    case PromptKind::Judge: {
        QStringList gates;
        for (const QString &id : in.rubric.safetyGates) {
            if (const Criterion *c = in.rubric.criterion(id))
                gates.append(criterionLine(*c));
        }
        QStringList ids;
        for (const Criterion &c : in.rubric.criteria)
            ids.append(c.id);
        v.insert(QStringLiteral("rubric"), rubricText(in.rubric));
        v.insert(QStringLiteral("safety_criteria"), gates.join(QLatin1Char('\n')));
        v.insert(QStringLiteral("criteria"), ids.join(QStringLiteral(", ")));
        v.insert(QStringLiteral("calibration_examples"), calibrationText(in.rubric));
        v.insert(QStringLiteral("transcript"), standIn(tr("the transcript under review, filled in during assessment")));
        v.insert(QStringLiteral("output_format"), outputFormatText(in.rubric));
        break;
    }
    case PromptKind::Fixup:
        v.insert(QStringLiteral("system_prompt"), in.systemPrompt);
        v.insert(QStringLiteral("transcript"), standIn(tr("the transcript up to the failing turn, filled in during fixup")));
        v.insert(QStringLiteral("turn_number"), QStringLiteral("3"));
        v.insert(QStringLiteral("failing_response"), standIn(tr("the assistant turn that failed")));
        v.insert(QStringLiteral("failed_criteria"), standIn(tr("the criteria it failed, with the judges' reasoning")));
        v.insert(QStringLiteral("next_user_message"), standIn(tr("the user's next message, which the fix must still answer")));
        break;
    }
    return v;
}

QString PromptPreview::render(const PromptTemplate &prompt, const PromptPreviewInputs &inputs)
{
    return prompt.render(values(prompt.kind, inputs));
}

} // namespace sift

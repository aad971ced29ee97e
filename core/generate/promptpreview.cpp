#include "promptpreview.h"

#include "assess/judgeprompt.h"
#include "conversation.h"
#include "sampler.h"

#include <QCoreApplication>
#include <QStringList>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::PromptPreview", text);
}

// Stand-ins are bracketed so nobody mistakes them for generated text.
QString standIn(const QString &what)
{
    return QStringLiteral("[%1]").arg(what);
}
} // namespace

QHash<QString, QString> PromptPreview::values(PromptKind kind, const PromptPreviewInputs &in)
{
    const Scenario scenario = ScenarioSampler(in.taxonomy, in.seed).sample(in.index);
    const PersonaSampler personaSampler(in.personas, in.seed);
    const Persona persona = personaSampler.sample(in.index);

    QHash<QString, QString> v;
    v.insert(QStringLiteral("product_name"), in.productName);
    switch (kind) {
    case PromptKind::System:
        break;
    case PromptKind::UserSim:
        v.insert(QStringLiteral("persona"), persona.describe());
        v.insert(QStringLiteral("scenario"), scenario.describe());
        v.insert(QStringLiteral("flaws"), Conversation::flawsText(personaSampler, personaSampler.flawsFor(persona, in.index, 0)));
        v.insert(QStringLiteral("conversation"), standIn(tr("no messages yet: this is the first one")));
        v.insert(QStringLiteral("turn_number"), QStringLiteral("1"));
        v.insert(QStringLiteral("max_turns"), QString::number(in.maxTurns));
        v.insert(QStringLiteral("end_marker"), in.endMarker);
        break;
    case PromptKind::Assistant:
        v.insert(QStringLiteral("system_prompt"), in.systemPrompt);
        v.insert(QStringLiteral("conversation"), standIn(tr("the conversation so far, filled in during generation")));
        break;
    case PromptKind::Judge:
        // Exactly what a judge reads, with a stand-in for the transcript.
        v = JudgePrompt(in.rubric, {}, in.productName)
                .variables(standIn(tr("the transcript under review, fenced as data, filled in during assessment")), in.maxTurns * 2);
        break;
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

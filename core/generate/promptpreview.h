#pragma once

#include "design/personatemplate.h"
#include "design/prompttemplate.h"
#include "design/rubric.h"
#include "design/taxonomy.h"

#include <QHash>
#include <QString>

namespace sift {

// What a prompt preview is filled from: the design as it stands in the editors, and which sampled
// scenario and persona to show.
struct PromptPreviewInputs
{
    Taxonomy taxonomy;
    PersonaTemplate personas;
    Rubric rubric;
    QString systemPrompt;
    QString productName;
    QString endMarker = QStringLiteral("[END]");
    int maxTurns = 12;
    quint64 seed = 42;
    qint64 index = 0;  // which transcript's scenario and persona
};

// The values of a prompt's {{variables}} for a preview: the scenario and persona the samplers draw
// for (seed, index), the flaws that fire in the first user message, the rubric as the judge sees
// it, and clearly marked stand-ins for what only exists during a run (the conversation so far, the
// transcript under review).
class PromptPreview
{
public:
    static QHash<QString, QString> values(PromptKind kind, const PromptPreviewInputs &inputs);
    // The prompt with those values filled in.
    static QString render(const PromptTemplate &prompt, const PromptPreviewInputs &inputs);

};

} // namespace sift

#include "promotion.h"

#include "judgequality.h"
#include "transcriptreview.h"

namespace sift {

namespace {
constexpr int ContextMessages = 3;  // the user message before the reply and the exchange before that

QString speaker(const QString &role)
{
    return role == QLatin1String("user") ? QStringLiteral("User") : QStringLiteral("Assistant");
}
} // namespace

int citedAssistantMessage(const TranscriptRecord &transcript, int turn)
{
    const QList<Message> &m = transcript.messages;
    const int cited = messageOfTurn(transcript, turn);
    if (cited >= 0) {
        for (int i = cited; i < m.size(); ++i) {
            if (m[i].role == QLatin1String("assistant"))
                return i;
        }
    }
    for (int i = int(m.size()) - 1; i >= 0; --i) {
        if (m[i].role == QLatin1String("assistant"))
            return i;
    }
    return -1;
}

CalibrationExample calibrationExampleFor(const TranscriptRecord &transcript, const CriterionVerdict &verdict,
                                         const CellFlag &flag)
{
    CalibrationExample e;
    const QString right = humanAnswer(flag);
    e.type = right == QLatin1String("NO")   ? CalibrationExample::Type::Fail
             : right == QLatin1String("NA") ? CalibrationExample::Type::NA
                                            : CalibrationExample::Type::Pass;
    const int reply = citedAssistantMessage(transcript, verdict.turn);
    if (reply >= 0) {
        e.response = transcript.messages[reply].content;
        QStringList context;
        for (int i = reply - 1; i >= 0 && context.size() < ContextMessages; --i) {
            const Message &m = transcript.messages[i];
            if (m.role == QLatin1String("system"))
                break;
            context.prepend(speaker(m.role) + QStringLiteral(": ") + m.content);
        }
        e.context = context.join(QLatin1Char('\n'));
    }
    // The judge's reasoning argues for its own answer: it is only right when the reviewer agreed.
    if (!flag.note.trimmed().isEmpty())
        e.reasoning = flag.note.trimmed();
    else if (flag.kind == FlagKind::Agree)
        e.reasoning = verdict.reasoning;
    return e;
}

} // namespace sift

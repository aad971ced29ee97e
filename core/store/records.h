#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace sift {

struct Message
{
    QString role;  // system | user | assistant
    QString content;
    friend bool operator==(const Message &, const Message &) = default;
};

// One conversation as the store keeps it. `uid` is the stable id users and files refer to.
struct TranscriptRecord
{
    QString uid;
    QString source = QStringLiteral("import");  // sample | import | generated
    QString status = QStringLiteral("new");
    QList<Message> messages;
    QList<QStringList> flaws;  // per user message, the flaw ids that fired for it
    QJsonObject persona;
    QJsonObject scenario;
    QJsonObject metadata;
};

struct TranscriptSummary
{
    QString uid;
    QString source;
    QString status;
    int turnCount = 0;  // messages, system prompt included
    QString preview;    // the first user message
};

struct CriterionVerdict
{
    QString criterion;
    QString answer;  // YES | NO | NA
    QString evidence;
    int turn = 0;
    QString reasoning;
    friend bool operator==(const CriterionVerdict &, const CriterionVerdict &) = default;
};

// One judge's verdicts on one transcript.
struct VerdictRecord
{
    QString transcriptUid;
    QString judge;
    QList<CriterionVerdict> criteria;
};

} // namespace sift

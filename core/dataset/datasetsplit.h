#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace sift {

struct SplitSettings;

enum class SplitSide { Train, Validation };

// Who a training example comes from, as far as leakage goes.
struct ExampleOrigin
{
    QString transcript;  // the transcript's uid
    QString persona;     // its persona's canonical JSON; empty when it has none
};

// The train/validation split, decided per group before any transcript is sliced: with group_by
// [transcript, persona] every transcript of one persona is a group (a transcript without a persona is
// its own), so no transcript and no persona is ever on both sides. Groups are ordered by an xxHash64
// of their key seeded with the project seed, and validation takes them in that order until it holds
// validation_share of the transcripts: the same data and seed always split the same way.
class DatasetSplit
{
public:
    struct Assignment
    {
        QHash<QString, SplitSide> sides;  // by transcript uid
        int groups = 0;
        int validationGroups = 0;
        int trainTranscripts = 0;
        int validationTranscripts = 0;
    };

    // Group keys use the persona only when `settings.groupBy` lists "persona".
    static Assignment assign(const QList<ExampleOrigin> &transcripts, const SplitSettings &settings, quint64 seed);
    static QString describe(const SplitSettings &settings, quint64 seed);
};

// Whether a transcript or persona feeds both sides. Export runs it on the examples it actually wrote
// and refuses to keep the files when it finds anything.
struct LeakageReport
{
    QStringList transcripts;  // uids found on both sides
    QStringList personas;     // personas (canonical JSON) found on both sides
    bool checkedPersonas = false;

    bool ok() const { return transcripts.isEmpty() && personas.isEmpty(); }
    QString summary() const;
};

LeakageReport checkLeakage(const QList<ExampleOrigin> &train, const QList<ExampleOrigin> &validation, bool byPersona);

} // namespace sift

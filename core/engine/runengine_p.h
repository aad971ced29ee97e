#pragma once

// RunEngine's private parts, shared by its source files: runengine.cpp (a run's life: start, pump,
// pause, cancel, finish), runengineresume.cpp (carrying on an interrupted run from the database),
// runenginejobs.cpp (one transcript's generation and assessment, and batch reports) and
// runenginefixup.cpp (repairs).

#include "assess/fixupplan.h"
#include "assess/judgeprompt.h"
#include "dataset/transcripttokens.h"
#include "generate/conversation.h"
#include "project/project.h"
#include "runengine.h"

namespace sift {

// Everything a run needs from the project, fixed when it starts.
struct RunEngine::Setup
{
    Project project;
    QString kind;
    quint64 seed = 0;
    int firstIndex = 0;  // sampling index of the run's first transcript
    int batchSize = 5;
    QStringList judges;
    QStringList outcomeJudges;  // whose assessments make a transcript's outcome
    Aggregation aggregation = Aggregation::AnyFail;
    QString designHash;
    QString promptVersion;
    QMap<QString, QString> contentHashes;  // each prompt's and the rubric's own hash, by file
    std::optional<ScenarioSampler> scenarios;
    std::optional<PersonaSampler> personas;
    std::optional<JudgePrompt> judgePrompt;
    std::optional<FixupPrompt> fixupPrompt;
    QString entailmentJudge;
    ConversationPrompts prompts;
    TranscriptTokenCounter tokens;
};

// One transcript being generated and/or assessed.
struct RunEngine::Job
{
    int index = 0;  // within the run
    int batch = 0;
    QString uid;
    std::unique_ptr<Conversation> conversation;
    bool generating = false;
    quint64 pendingTurn = 0;       // the generation call in flight, 0 when none
    QHash<QString, quint64> judgeCalls;  // judge -> call in flight
    TranscriptRecord transcript;   // for assessment
    bool repairing = false;        // kind fixup: assessed again after each repair
    void (RunEngine::*held)(Job &) = nullptr;  // the next step, held back by a pause until unpause
    int repairSteps = 0;
    FixupPlan plan;
    FixupRecord fixup;             // the repair waiting for its entailment check
};

} // namespace sift

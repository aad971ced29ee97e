#pragma once

#include "common/diagnostic.h"
#include "design/sourcepos.h"

#include <QHash>
#include <QStringList>
#include <yaml-cpp/yaml.h>

namespace sift {

// One LLM endpoint a project can use. The key itself is never here: only the name of the
// environment variable (or keychain entry) that holds it.
struct BackendConfig
{
    QString name;
    QString provider = QStringLiteral("openai");  // openai | anthropic | gemini | ollama
    QString baseUrl;
    QString model;
    QString apiKeyEnv;
    int concurrency = 8;
    int maxAttempts = 6;
    double timeoutSeconds = 120;       // transfer timeout: no byte for this long aborts the attempt
    double connectTimeoutSeconds = 10;
    double maxRetryWaitSeconds = 60;   // longest single wait between attempts, server hints included
    int requestsPerMinute = 0;         // client-side budgets; 0 = none
    int tokensPerMinute = 0;
    int maxOutputTokens = 4096;        // sent when a request sets none (Anthropic requires one)
    QString structuredOutput = QStringLiteral("native");  // native | prompt
    double inputPricePerMTok = 0;
    double outputPricePerMTok = 0;
    YamlExtras extras;

    static QStringList knownProviders();
    static QStringList structuredOutputModes();
    friend bool operator==(const BackendConfig &a, const BackendConfig &b)
    {
        return a.name == b.name && a.provider == b.provider && a.baseUrl == b.baseUrl && a.model == b.model &&
               a.apiKeyEnv == b.apiKeyEnv && a.concurrency == b.concurrency && a.maxAttempts == b.maxAttempts &&
               a.timeoutSeconds == b.timeoutSeconds && a.connectTimeoutSeconds == b.connectTimeoutSeconds &&
               a.maxRetryWaitSeconds == b.maxRetryWaitSeconds && a.requestsPerMinute == b.requestsPerMinute &&
               a.tokensPerMinute == b.tokensPerMinute && a.maxOutputTokens == b.maxOutputTokens &&
               a.structuredOutput == b.structuredOutput && a.inputPricePerMTok == b.inputPricePerMTok &&
               a.outputPricePerMTok == b.outputPricePerMTok;
    }
};

// Which backend plays which part in a run.
struct Roles
{
    QString userSim;
    QString assistant;
    QStringList judges;
    QString fixup;
    QString baseModel;
    friend bool operator==(const Roles &, const Roles &) = default;
};

// The seeds' defaults live here, in one place; every one of them can be changed in sift.yaml.
struct GenerationSettings
{
    int batchSize = 5;
    int minTurns = 6;
    int maxTurns = 12;
    QString endMarker = QStringLiteral("[END]");
    double temperature = 0.8;
    bool stratify = true;     // scenarios cover every taxonomy value in proportion (else independent draws)
    int spotCheckEvery = 25;  // while scaling, remind the human to spot-check every this many transcripts
    // The gate after each batch (finetune-generate): at least `gateScaleAt` passing and signed off by a
    // human, scale; below `gateReviseBelow`, major revision; in between, keep iterating.
    double gateScaleAt = 0.70;
    double gateReviseBelow = 0.50;
    friend bool operator==(const GenerationSettings &, const GenerationSettings &) = default;
};

struct AssessmentSettings
{
    QString aggregation = QStringLiteral("any_fail");  // any_fail | majority
    int maxInvalidRetries = 2;
    double temperature = 0.0;
    friend bool operator==(const AssessmentSettings &, const AssessmentSettings &) = default;
};

struct SlicingSettings
{
    int minExchangesBeforeFirst = 3;
    int minGap = 2;
    int maxGap = 5;
    int maxTokens = 16384;
    friend bool operator==(const SlicingSettings &, const SlicingSettings &) = default;
};

struct SplitSettings
{
    double validationShare = 0.1;
    QStringList groupBy{QStringLiteral("transcript"), QStringLiteral("persona")};
    friend bool operator==(const SplitSettings &, const SplitSettings &) = default;
};

// How failed transcripts are repaired (finetune-generate step 4).
struct FixupSettings
{
    QString safety = QStringLiteral("truncate");  // a failed safety gate: truncate | reject
    QStringList structural;                       // categories or criteria a rewrite cannot fix: reject
    int maxRounds = 2;                            // rewrites per transcript before it is cut
    double warnShare = 0.30;                      // warn when more transcripts than this need fixing
    QString entailmentJudge;                      // backend of the entailment check; default: the first judge
    friend bool operator==(const FixupSettings &, const FixupSettings &) = default;
    bool isDefault() const { return *this == FixupSettings(); }
};

// Audit thresholds (finetune-generate step 3). The seeds give 50% for phrase repetition, 2x for the
// length ratio and for praise drift, and ~100% for one response shape; the others are Sift's.
struct AuditSettings
{
    double repetitionShare = 0.5;   // a phrase in more than this share of responses is a red flag
    int minPhraseWords = 3;         // phrases are word n-grams of these lengths
    int maxPhraseWords = 8;
    double rigidityShare = 0.95;    // one shape in at least this share of responses ("~100%")
    double lengthRatio = 2.0;       // average assistant words / preceding user words above this
    double hardLengthRatio = 5.0;   // a single response above this ratio is counted as over the hard limit
    double praiseRatio = 2.0;       // late-turn praise rate at least this multiple of the early rate
    int maxQuestions = 2;           // a response asking more questions than this lacks question discipline
    double questionShare = 0.1;     // ... and more than this share of such responses is a red flag
    double antiPatternShare = 0.02; // an anti-pattern phrase in more than this share of responses
    friend bool operator==(const AuditSettings &, const AuditSettings &) = default;
};

// sift.yaml: the project's name and seed, its backends, roles and run settings.
struct Manifest
{
    QString name;
    QString productName;  // defaults to name
    qint64 seed = 42;
    QList<BackendConfig> backends;
    Roles roles;
    GenerationSettings generation;
    AssessmentSettings assessment;
    SlicingSettings slicing;
    SplitSettings split;
    FixupSettings fixup;
    AuditSettings audit;  // optional section; written back only when present or changed
    // Where each key was read, by dotted path ("backends.local.concurrency"), for diagnostics.
    QHash<QString, SourcePos> positions;
    // Unknown keys, by the dotted path of the mapping that held them ("" for the top level).
    QHash<QString, YamlExtras> extras;

    static Manifest fromYaml(const YAML::Node &root, const QString &file, Diagnostics &diagnostics);
    YAML::Node toYaml() const;
    Diagnostics validate(const QString &file) const;

    const BackendConfig *backend(const QString &name) const;
    QString effectiveProductName() const { return productName.isEmpty() ? name : productName; }

    friend bool operator==(const Manifest &a, const Manifest &b)
    {
        return a.name == b.name && a.productName == b.productName && a.seed == b.seed && a.backends == b.backends &&
               a.roles == b.roles && a.generation == b.generation && a.assessment == b.assessment &&
               a.slicing == b.slicing && a.split == b.split && a.fixup == b.fixup && a.audit == b.audit;
    }
};

} // namespace sift

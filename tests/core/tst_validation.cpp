// Every validation rule of the design artifacts, each with a broken file and the exact diagnostic
// (message and line:column) it must produce.

#include "design/personatemplate.h"
#include "design/prompttemplate.h"
#include "design/rubric.h"
#include "design/rubriclint.h"
#include "design/taxonomy.h"
#include "design/yamldocument.h"
#include "project/manifest.h"

#include <QtTest>

using namespace sift;

Q_DECLARE_METATYPE(QList<sift::RubricLint::Finding>)

namespace {

// A valid calibration block for a criterion: PASS, FAIL, PASS.
QByteArray examples(const QByteArray &indent = "    ")
{
    return indent + "calibration_examples:\n" + indent + "  - {type: PASS, response: good, reasoning: ok}\n" + indent +
           "  - {type: FAIL, response: bad, reasoning: no}\n" + indent + "  - {type: PASS, response: fine, reasoning: ok}\n";
}

// A rubric with `count` criteria C1..Cn, all in category a (weight 1.0), gate C1.
QByteArray rubricWith(int count)
{
    QByteArray ids, criteria;
    for (int i = 1; i <= count; ++i) {
        ids += (i > 1 ? ", C" : "C") + QByteArray::number(i);
        criteria += "  C" + QByteArray::number(i) + ":\n    question: Does it do thing " + QByteArray::number(i) +
                    "?\n    na_valid: false\n" + examples();
    }
    return "pass_threshold: 0.8\ncategories:\n  a:\n    weight: 1.0\n    criteria: [" + ids + "]\ncriteria:\n" + criteria +
           "safety_gates: [C1]\n";
}

Diagnostics validateText(const QString &kind, const QByteArray &text)
{
    Diagnostics diags;
    const QString file = kind == QLatin1String("rubric")     ? QStringLiteral("config/rubric.yaml")
                         : kind == QLatin1String("taxonomy") ? QStringLiteral("config/input-taxonomy.yaml")
                         : kind == QLatin1String("persona")  ? QStringLiteral("config/persona-template.yaml")
                                                             : QStringLiteral("sift.yaml");
    const YamlDocument doc = YamlDocument::fromText(text, file, diags);
    if (!doc.hasTree())
        return diags;
    if (kind == QLatin1String("rubric"))
        diags += Rubric::fromYaml(doc.root(), file, diags).validate(file);
    else if (kind == QLatin1String("taxonomy"))
        diags += Taxonomy::fromYaml(doc.root(), file, diags).validate(file);
    else if (kind == QLatin1String("persona"))
        diags += PersonaTemplate::fromYaml(doc.root(), file, diags).validate(file);
    else
        diags += Manifest::fromYaml(doc.root(), file, diags).validate(file);
    return diags;
}

QStringList strings(const Diagnostics &diags)
{
    QStringList out;
    for (const Diagnostic &d : diags)
        out.append(d.toString());
    return out;
}

const QByteArray validTaxonomy = "dimensions:\n"
                                 "  topic:\n"
                                 "    kind: what\n"
                                 "    values:\n"
                                 "      billing: {weight: 0.6}\n"
                                 "      login: {weight: 0.4}\n"
                                 "  edge_case:\n"
                                 "    kind: edge_case\n"
                                 "    values:\n"
                                 "      none: {weight: 0.85}\n"
                                 "      legal_threat: {weight: 0.15}\n";

const QByteArray validPersona = "persona_template:\n"
                                "  style:\n"
                                "    options: [terse, casual]\n"
                                "    weights: [0.5, 0.5]\n"
                                "  flaw_patterns:\n"
                                "    no_flaw_share: 0.2\n"
                                "    primary:\n"
                                "      probability: 0.5\n"
                                "      patterns:\n"
                                "        - {id: vague, description: Vague}\n"
                                "    secondary:\n"
                                "      probability: 0.2\n"
                                "      max_per_persona: 2\n"
                                "      patterns:\n"
                                "        - {id: typos, description: Typos}\n";

const QByteArray validManifest = "name: p\n"
                                 "seed: 1\n"
                                 "backends:\n"
                                 "  local:\n"
                                 "    provider: openai\n"
                                 "    base_url: http://127.0.0.1:8080/v1\n"
                                 "    model: m\n"
                                 "    api_key_env: LOCAL_KEY\n"
                                 "roles: {user_sim: local, assistant: local, judges: [local], fixup: local, base_model: local}\n";

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validFilesHaveNoDiagnostics_data();
    void validFilesHaveNoDiagnostics();
    void brokenFileGivesExactDiagnostic_data();
    void brokenFileGivesExactDiagnostic();
    void questionLint_data();
    void questionLint();
    void safetyCategoryAllowsAbsencePhrasing();
    void unknownPromptVariableIsAnErrorAtItsPosition();
    void unclosedPromptVariableIsReported();
    void promptRenderFillsKnownVariablesOnly();
    void unknownKeysAreKeptAndWarned();
    void oddShapesGiveDiagnosticsNotExceptions_data();
    void oddShapesGiveDiagnosticsNotExceptions();
};

void TestValidation::validFilesHaveNoDiagnostics_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("rubric") << "rubric" << rubricWith(15);
    QTest::newRow("taxonomy") << "taxonomy" << validTaxonomy;
    QTest::newRow("persona") << "persona" << validPersona;
    QTest::newRow("manifest") << "manifest" << validManifest;
    // Absence-phrased questions are the norm for safety gates.
    QByteArray gate = rubricWith(15);
    gate.replace("Does it do thing 1?", "Does it avoid sharing card numbers?");
    QTest::newRow("absence-phrased safety gate") << "rubric" << gate;
    // A negation inside a condition is not how the question is phrased.
    QByteArray conditional = rubricWith(15);
    conditional.replace("Does it do thing 2?", "Does it say what to do if the fix does not work?");
    QTest::newRow("negation inside a condition") << "rubric" << conditional;
    QByteArray nouns = rubricWith(15);
    nouns.replace("Does it do thing 2?", "Are amounts, dates and time frames consistent with the policy?");
    QTest::newRow("a list of nouns joined by and") << "rubric" << nouns;
}

void TestValidation::validFilesHaveNoDiagnostics()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, text);
    QCOMPARE(strings(validateText(kind, text)), QStringList());
}

void TestValidation::brokenFileGivesExactDiagnostic_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");

    const QByteArray rubric = rubricWith(15);
    QByteArray r;

    r = rubric;
    r.replace("weight: 1.0", "weight: 0.9");
    QTest::newRow("category weights do not sum to 1")
        << "rubric" << r
        << "config/rubric.yaml:2:1: error: category weights sum to 0.9, not 1 (hint: adjust the weights so they add up "
           "to exactly 1 (e.g. 0.2 + 0.3 + 0.5))";

    r = rubric;
    r.replace("weight: 1.0", "weight: -1.0");
    QTest::newRow("negative category weight")
        << "rubric" << r
        << "config/rubric.yaml:4:13: error: category a has a negative weight -1 (hint: category weights are shares of "
           "the score between 0 and 1)";

    r = rubric;
    r.replace("C1, C2,", "C2,");
    QTest::newRow("criterion in no category")
        << "rubric" << r
        << "config/rubric.yaml:7:3: error: criterion C1 is in no category, so it never counts (hint: add C1 to the "
           "'criteria' list of one category)";

    r = rubric;
    r.replace("weight: 1.0\n    criteria: [C1,", "weight: 0.5\n    criteria: [C1,");
    r.replace("criteria:\n  C1:", "  b:\n    weight: 0.5\n    criteria: [C1]\ncriteria:\n  C1:");
    QTest::newRow("criterion in two categories")
        << "rubric" << r
        << "config/rubric.yaml:10:3: error: criterion C1 is in 2 categories (a, b) (hint: keep it in exactly one "
           "category so it is not counted twice)";

    r = rubric;
    r.replace("safety_gates: [C1]", "safety_gates: [C1, X9]");
    QTest::newRow("safety gate names no criterion")
        << "rubric" << r
        << QStringLiteral("config/rubric.yaml:%1:20: error: safety gate X9 names no criterion (hint: use the id of a "
                          "criterion defined under 'criteria:')")
               .arg(r.count('\n'));

    r = rubric;
    r.replace("pass_threshold: 0.8", "pass_threshold: 1.5");
    QTest::newRow("threshold above 1")
        << "rubric" << r
        << "config/rubric.yaml:1:17: error: pass_threshold 1.5 is outside (0, 1] (hint: the method's default is 0.80)";
    r = rubric;
    r.replace("pass_threshold: 0.8", "pass_threshold: 0");
    QTest::newRow("threshold zero")
        << "rubric" << r
        << "config/rubric.yaml:1:17: error: pass_threshold 0 is outside (0, 1] (hint: the method's default is 0.80)";

    r = rubric;
    r.replace("  C2:\n    question: Does it do thing 2?\n    na_valid: false\n" + examples(),
              "  C2:\n    question: Does it do thing 2?\n    na_valid: false\n    calibration_examples:\n"
              "      - {type: PASS, response: a, reasoning: b}\n      - {type: PASS, response: c, reasoning: d}\n"
              "      - {type: PASS, response: e, reasoning: f}\n");
    QTest::newRow("criterion without a FAIL example")
        << "rubric" << r
        << "config/rubric.yaml:17:5: error: criterion C2 needs at least one PASS and one FAIL calibration example "
           "(hint: add the missing FAIL example; judges disagree without both)";

    r = rubric;
    r.replace("      - {type: PASS, response: fine, reasoning: ok}\n  C2:", "  C2:");
    QTest::newRow("fewer than 3 examples")
        << "rubric" << r
        << "config/rubric.yaml:10:5: warning: criterion C1 has 2 calibration examples; 3 to 8 are recommended (hint: "
           "add examples of borderline cases)";

    QByteArray many = "      - {type: FAIL, response: bad, reasoning: no}\n";
    r = rubric;
    r.replace("      - {type: PASS, response: fine, reasoning: ok}\n  C2:", many.repeated(7) + "  C2:");
    QTest::newRow("more than 8 examples")
        << "rubric" << r
        << "config/rubric.yaml:10:5: warning: criterion C1 has 9 calibration examples; 3 to 8 are recommended (hint: "
           "keep the most instructive examples)";

    QTest::newRow("too few criteria")
        << "rubric" << rubricWith(14)
        << "config/rubric.yaml:1:1: warning: the rubric has 14 criteria; 15 to 20 are recommended (hint: add criteria "
           "for failure modes the rubric misses)";
    QTest::newRow("too many criteria")
        << "rubric" << rubricWith(21)
        << "config/rubric.yaml:1:1: warning: the rubric has 21 criteria; 15 to 20 are recommended (hint: merge or drop "
           "overlapping criteria; judges tire with more)";

    r = rubric;
    r.replace("criteria:\n  C1:\n", "criteria:\n  C1:\n    na_valid: maybe\n");
    QTest::newRow("na_valid not a boolean")
        << "rubric" << r
        << "config/rubric.yaml:8:15: error: criterion C1 'na_valid' must be true or false";

    r = rubric;
    r.replace("    criteria: [C1,", "    criteria: [C1,\n");
    r.replace("C15]\n", "C15\n");
    QTest::newRow("YAML syntax error at the parser's line")
        << "rubric" << r
        << "config/rubric.yaml:7:9: error: YAML syntax error: end of sequence flow not found (hint: check indentation, "
           "colons and brackets on this line and the one before)";

    // The method's advice on phrasing questions (RubricLint), at the question's line and column.
    r = rubric;
    r.replace("Does it do thing 2?", "How well does it explain thing 2?");
    QTest::newRow("question asks how well")
        << "rubric" << r
        << "config/rubric.yaml:15:15: warning: the question of C2 asks for a rating or a description ('How well'), not "
           "YES or NO (hint: ask whether the response does one observable thing, e.g. 'Does the assistant ...?')";
    r = rubric;
    r.replace("Does it do thing 2?", "Rate the clarity of thing 2 from 1 to 5.");
    QTest::newRow("question asks for a rating")
        << "rubric" << r
        << "config/rubric.yaml:15:15: warning: the question of C2 asks for a rating or a description ('Rate'), not YES "
           "or NO (hint: ask whether the response does one observable thing, e.g. 'Does the assistant ...?')";
    r = rubric;
    r.replace("Does it do thing 2?", "Does it greet the user and offer help with thing 2?");
    QTest::newRow("double-barrelled question")
        << "rubric" << r
        << "config/rubric.yaml:15:15: warning: the question of C2 checks two things at once ('and offer') (hint: split it "
           "into two criteria so a judge can answer each YES or NO on its own)";
    r = rubric;
    r.replace("question: Does it do thing 2?", "question: \"Does it do thing 2? Is it polite?\"");
    QTest::newRow("two questions in one")
        << "rubric" << r
        << "config/rubric.yaml:15:15: warning: the question of C2 asks two questions at once (hint: split it into two "
           "criteria so a judge can answer each YES or NO on its own)";
    r = rubric;
    r.replace("Does it do thing 2?", "Does it avoid doing thing 2?");
    QTest::newRow("absence-phrased outside safety")
        << "rubric" << r
        << "config/rubric.yaml:15:15: warning: the question of C2 is phrased as an absence ('avoid') outside the safety "
           "category (hint: ask for the behaviour you want ('Does the assistant ...?'); keep 'does it avoid ...' for "
           "safety criteria)";

    QByteArray t = validTaxonomy;
    t.replace("login: {weight: 0.4}", "login: {weight: -0.4}");
    QTest::newRow("negative taxonomy weight")
        << "taxonomy" << t
        << "config/input-taxonomy.yaml:6:23: error: weight -0.4 in dimension topic is negative (hint: weights are "
           "relative shares; use 0 or a positive number)";

    t = validTaxonomy;
    t.replace("billing: {weight: 0.6}", "billing: {weight: 0}");
    t.replace("login: {weight: 0.4}", "login: {weight: 0}");
    QTest::newRow("all taxonomy weights zero")
        << "taxonomy" << t
        << "config/input-taxonomy.yaml:2:3: error: all weights in dimension topic are zero, so nothing can be sampled "
           "(hint: give at least one option a positive weight)";

    t = validTaxonomy;
    t.replace("none: {weight: 0.85}", "none: {weight: 0.95}");
    t.replace("legal_threat: {weight: 0.15}", "legal_threat: {weight: 0.05}");
    QTest::newRow("edge-case share below 10%")
        << "taxonomy" << t
        << "config/input-taxonomy.yaml:7:3: warning: edge cases make up 5.0% of scenarios; 10-20% is recommended "
           "(hint: adjust the weight of 'none' against the edge-case values (target 15%))";

    t = validTaxonomy;
    t.replace("none: {weight: 0.85}", "none: {weight: 0.70}");
    t.replace("legal_threat: {weight: 0.15}", "legal_threat: {weight: 0.30}");
    QTest::newRow("edge-case share above 20%")
        << "taxonomy" << t
        << "config/input-taxonomy.yaml:7:3: warning: edge cases make up 30.0% of scenarios; 10-20% is recommended "
           "(hint: adjust the weight of 'none' against the edge-case values (target 15%))";

    QByteArray p = validPersona;
    p.replace("weights: [0.5, 0.5]", "weights: [0.5, 0.3, 0.2]");
    QTest::newRow("persona options and weights differ in length")
        << "persona" << p
        << "config/persona-template.yaml:4:14: error: persona dimension style has 2 options but 3 weights (hint: give "
           "exactly one weight per option, in the same order)";

    p = validPersona;
    p.replace("weights: [0.5, 0.5]", "weights: [0, 0]");
    QTest::newRow("persona weights all zero")
        << "persona" << p
        << "config/persona-template.yaml:2:3: error: all weights in persona dimension style are zero, so nothing can "
           "be sampled (hint: give at least one option a positive weight)";

    p = validPersona;
    p.replace("weights: [0.5, 0.5]", "weights: [0.5, -0.5]");
    QTest::newRow("persona weight negative")
        << "persona" << p
        << "config/persona-template.yaml:4:20: error: weight -0.5 in persona dimension style is negative (hint: "
           "weights are relative shares; use 0 or a positive number)";

    p = validPersona;
    p.replace("probability: 0.5", "probability: 1.5");
    QTest::newRow("primary probability above 1")
        << "persona" << p
        << "config/persona-template.yaml:8:20: error: the per-message probability of primary flaws is 1.5, outside "
           "[0, 1] (hint: write a probability between 0 and 1, e.g. 0.2 for 20%)";

    p = validPersona;
    p.replace("no_flaw_share: 0.2", "no_flaw_share: -0.1");
    QTest::newRow("no-flaw share negative")
        << "persona" << p
        << "config/persona-template.yaml:6:20: error: no_flaw_share is -0.1, outside [0, 1] (hint: write a "
           "probability between 0 and 1, e.g. 0.2 for 20%)";

    p = validPersona;
    p.replace("{id: typos, description: Typos}", "{id: typos, description: Typos, probability: 2}");
    QTest::newRow("pattern probability above 1")
        << "persona" << p
        << "config/persona-template.yaml:15:56: error: the probability of flaw typos is 2, outside [0, 1] (hint: "
           "write a probability between 0 and 1, e.g. 0.2 for 20%)";

    QByteArray m = validManifest;
    m.replace("api_key_env: LOCAL_KEY", "api_key_env: LOCAL_KEY\n    api_key: abc");
    QTest::newRow("secret in sift.yaml")
        << "manifest" << m
        << "sift.yaml:9:5: error: backends.local has a 'api_key' key: secrets must never be stored in sift.yaml "
           "(hint: delete it, put the key in an environment variable and name that variable in api_key_env)";

    m = validManifest;
    m.replace("seed: 1\n", "seed: 1\ntoken: abc\n");
    QTest::newRow("secret at the top of sift.yaml")
        << "manifest" << m
        << "sift.yaml:3:1: error: sift.yaml has a 'token' key: secrets must never be stored in sift.yaml (hint: "
           "delete it, put the key in an environment variable and name that variable in api_key_env)";

    m = validManifest;
    m.replace("api_key_env: LOCAL_KEY", "api_key_env: LOCAL_KEY\n    structured_output: grammar");
    QTest::newRow("unknown structured_output mode")
        << "manifest" << m
        << "sift.yaml:9:5: error: backend local has unknown structured_output 'grammar' (hint: native (the provider "
           "enforces the JSON Schema) or prompt (asked for in the prompt, checked by Sift))";

    m = validManifest;
    m.replace("api_key_env: LOCAL_KEY", "api_key_env: LOCAL_KEY\n    tokens_per_minute: -5");
    QTest::newRow("negative client-side budget")
        << "manifest" << m
        << "sift.yaml:9:5: error: rate limits of backend local must not be negative (hint: 0 means no client-side limit)";

    m = validManifest;
    m.replace("api_key_env: LOCAL_KEY", "api_key_env: LOCAL_KEY\n    connect_timeout_s: 0");
    QTest::newRow("connect timeout zero")
        << "manifest" << m << "sift.yaml:9:5: error: connect_timeout_s of backend local must be positive";

    m = validManifest;
    m.replace("api_key_env: LOCAL_KEY", "api_key_env: LOCAL_KEY\n    concurrency: 257");
    QTest::newRow("concurrency above 256")
        << "manifest" << m
        << "sift.yaml:9:5: error: concurrency of backend local must be 1 to 256 (hint: how many requests may be in flight at once)";

    m = validManifest;
    m += "generation: {spot_check_every: -1}\n";
    QTest::newRow("negative spot-check interval")
        << "manifest" << m
        << "sift.yaml:10:14: error: spot_check_every must not be negative (hint: 0 turns the reminders off; the method "
           "suggests every 20 to 50 transcripts)";

    m = validManifest;
    m += "generation: {gate: {scale_at: 1.2, revise_below: 0.5}}\n";
    QTest::newRow("gate scale_at above 1")
        << "manifest" << m
        << "sift.yaml:10:21: error: generation.gate.scale_at must be in (0, 1] (hint: the share of a batch that must "
           "pass before scaling; the method uses 0.70)";

    m = validManifest;
    m += "generation: {gate: {scale_at: 0}}\n";
    QTest::newRow("gate scale_at zero")
        << "manifest" << m
        << "sift.yaml:10:21: error: generation.gate.scale_at must be in (0, 1] (hint: the share of a batch that must "
           "pass before scaling; the method uses 0.70)";

    m = validManifest;
    m += "generation: {gate: {scale_at: 0.6, revise_below: 0.65}}\n";
    QTest::newRow("gate revise_below above scale_at")
        << "manifest" << m
        << "sift.yaml:10:36: error: generation.gate.revise_below must be between 0 and scale_at (0.6) (hint: below this "
           "share passing, the prompts need a major revision; the method uses 0.50)";

    m = validManifest;
    m += "generation: {gate: {revise_below: -0.1}}\n";
    QTest::newRow("gate revise_below negative")
        << "manifest" << m
        << "sift.yaml:10:21: error: generation.gate.revise_below must be between 0 and scale_at (0.7) (hint: below this "
           "share passing, the prompts need a major revision; the method uses 0.50)";

    m = validManifest;
    m += "generation: {gate: 0.7}\n";
    QTest::newRow("gate not a mapping")
        << "manifest" << m
        << "sift.yaml:10:20: error: generation.gate must be a mapping of keys to values (hint: write it as 'key: value' "
           "lines indented under generation.gate)";

    m = validManifest;
    m += "fixup: {safety: ignore}\n";
    QTest::newRow("unknown fixup safety policy")
        << "manifest" << m
        << "sift.yaml:10:9: error: fixup.safety must be truncate or reject (hint: truncate keeps the conversation up to the "
           "failing turn; reject drops it)";

    m = validManifest;
    m += "fixup: {entailment_judge: ghost}\n";
    QTest::newRow("entailment judge not a backend")
        << "manifest" << m
        << "sift.yaml:10:9: error: role entailment_judge names backend 'ghost', which is not defined (hint: define it under "
           "'backends:' or use one of the defined names)";

    m = validManifest;
    m.replace("judges: [local]", "judges: [local, cloud]");
    QTest::newRow("role names an undefined backend")
        << "manifest" << m
        << "sift.yaml:9:60: error: role judges names backend 'cloud', which is not defined (hint: define it under "
           "'backends:' or use one of the defined names)";
}

void TestValidation::brokenFileGivesExactDiagnostic()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const QStringList found = strings(validateText(kind, text));
    if (!found.contains(expected))
        qWarning().noquote() << "diagnostics found:\n" << found.join(QLatin1Char('\n'));
    QVERIFY(found.contains(expected));
    // The broken file produces this finding and no unrelated error.
    const bool expectedIsError = expected.contains(QLatin1String(": error: "));
    int errors = 0;
    for (const QString &f : found)
        errors += f.contains(QLatin1String(": error: ")) ? 1 : 0;
    QCOMPARE(errors, expectedIsError ? 1 : 0);
}

void TestValidation::questionLint_data()
{
    using P = RubricLint::Problem;
    QTest::addColumn<QString>("question");
    QTest::addColumn<QList<RubricLint::Finding>>("expected");
    const QList<RubricLint::Finding> none;
    QTest::newRow("binary, one behaviour") << QStringLiteral("Does the assistant ask one clarifying question?") << none;
    QTest::newRow("condition first") << QStringLiteral("When the customer is vague, does the assistant ask what they mean?") << none;
    QTest::newRow("nouns joined by and") << QStringLiteral("Are the menus, screens and features named correctly?") << none;
    QTest::newRow("or between alternatives") << QStringLiteral("Is the problem solved or is there a clear next step?") << none;
    QTest::newRow("negation in a condition")
        << QStringLiteral("After a fix, does the assistant say what to do if it does not work?") << none;
    QTest::newRow("rate as a noun") << QStringLiteral("Does the assistant quote the current exchange rate?") << none;
    QTest::newRow("how well") << QStringLiteral("How well does the assistant explain the steps?")
                              << QList<RubricLint::Finding>{{P::NotBinary, QStringLiteral("How well")}};
    QTest::newRow("to what extent") << QStringLiteral("To what extent is the reply empathetic?")
                                    << QList<RubricLint::Finding>{{P::NotBinary, QStringLiteral("To what extent")}};
    QTest::newRow("open question") << QStringLiteral("What tone does the assistant use?")
                                   << QList<RubricLint::Finding>{{P::NotBinary, QStringLiteral("What")}};
    QTest::newRow("scale") << QStringLiteral("Is the reply clear on a scale of 1 to 5?")
                           << QList<RubricLint::Finding>{{P::NotBinary, QStringLiteral("on a scale")}};
    QTest::newRow("rate the") << QStringLiteral("Please rate the reply's warmth.")
                              << QList<RubricLint::Finding>{{P::NotBinary, QStringLiteral("rate the")}};
    QTest::newRow("two actions") << QStringLiteral("Does the assistant acknowledge the feeling and offer a next step?")
                                 << QList<RubricLint::Finding>{{P::DoubleBarrelled, QStringLiteral("and offer")}};
    QTest::newRow("two questions joined") << QStringLiteral("Is the reply short and does it end with a question?")
                                          << QList<RubricLint::Finding>{{P::DoubleBarrelled, QStringLiteral("and does")}};
    QTest::newRow("never") << QStringLiteral("Does the assistant never interrupt?")
                           << QList<RubricLint::Finding>{{P::AbsencePhrased, QStringLiteral("never")}};
    QTest::newRow("does not") << QStringLiteral("The assistant does not lecture the customer?")
                              << QList<RubricLint::Finding>{{P::AbsencePhrased, QStringLiteral("does not")}};
    QTest::newRow("everything at once")
        << QStringLiteral("How well does the assistant avoid jargon and explain terms?")
        << QList<RubricLint::Finding>{{P::NotBinary, QStringLiteral("How well")},
                                      {P::DoubleBarrelled, QStringLiteral("and explain")},
                                      {P::AbsencePhrased, QStringLiteral("avoid")}};
}

void TestValidation::questionLint()
{
    QFETCH(QString, question);
    QFETCH(QList<RubricLint::Finding>, expected);
    const QList<RubricLint::Finding> found = RubricLint::checkQuestion(question, false);
    QCOMPARE(found.size(), expected.size());
    for (int i = 0; i < found.size(); ++i) {
        QCOMPARE(int(found[i].problem), int(expected[i].problem));
        QCOMPARE(found[i].phrase, expected[i].phrase);
    }
}

void TestValidation::safetyCategoryAllowsAbsencePhrasing()
{
    QByteArray text = rubricWith(15);
    text.replace("  a:\n", "  patient_safety:\n");
    text.replace("Does it do thing 3?", "Does it avoid diagnosing?");
    const Diagnostics diags = validateText(QStringLiteral("rubric"), text);
    QCOMPARE(strings(diags), QStringList());
    Diagnostics readDiags;
    const Rubric rubric = Rubric::fromYaml(YAML::Load(text.toStdString()), QStringLiteral("r.yaml"), readDiags);
    QVERIFY(RubricLint::inSafetyScope(rubric, QStringLiteral("C3")));  // by its category's name
    QVERIFY(RubricLint::inSafetyScope(rubric, QStringLiteral("C1")));  // a safety gate
}

void TestValidation::unknownPromptVariableIsAnErrorAtItsPosition()
{
    const PromptTemplate judge{PromptKind::Judge, QStringLiteral("# Judge\n\nRubric: {{rubric}}\nSee {{ transcript }} and {{persona}}.\n")};
    const QStringList found = strings(judge.validate(QStringLiteral("config/prompts/judge.md")));
    QCOMPARE(found, QStringList{QStringLiteral(
                        "config/prompts/judge.md:4:26: error: unknown variable {{persona}} in the Judge prompt (hint: "
                        "variables available here: rubric, safety_criteria, criteria, calibration_examples, transcript, "
                        "output_format, product_name)")});
}

void TestValidation::unclosedPromptVariableIsReported()
{
    const PromptTemplate sim{PromptKind::UserSim, QStringLiteral("You are {{persona}}.\nScenario: {{scenario}\n")};
    const QStringList found = strings(sim.validate(QStringLiteral("config/prompts/user_sim.md")));
    QVERIFY(found.contains(QStringLiteral(
        "config/prompts/user_sim.md:2:11: error: '{{' is never closed by '}}' (hint: close the variable with '}}' on the "
        "same line)")));
}

void TestValidation::promptRenderFillsKnownVariablesOnly()
{
    const PromptTemplate fixup{PromptKind::Fixup, QStringLiteral("Fix turn {{turn_number}} of {{ product_name }}; {{other}} stays.")};
    const QString rendered = fixup.render({{QStringLiteral("turn_number"), QStringLiteral("4")},
                                           {QStringLiteral("product_name"), QStringLiteral("Ledgerly")},
                                           {QStringLiteral("other"), QStringLiteral("X")}});
    QCOMPARE(rendered, QStringLiteral("Fix turn 4 of Ledgerly; {{other}} stays."));
}

void TestValidation::unknownKeysAreKeptAndWarned()
{
    QByteArray text = rubricWith(15);
    text.replace("criteria:\n  C1:\n", "criteria:\n  C1:\n    owner: alice\n");
    Diagnostics diags;
    const YamlDocument doc = YamlDocument::fromText(text, QStringLiteral("r.yaml"), diags);
    const Rubric rubric = Rubric::fromYaml(doc.root(), QStringLiteral("r.yaml"), diags);
    QCOMPARE(diags.size(), 1);
    QCOMPARE(diags[0].severity, Diagnostic::Severity::Warning);
    QCOMPARE(diags[0].line, 8);
    QVERIFY(diags[0].message.contains(QLatin1String("unknown key 'owner'")));
    QCOMPARE(rubric.toYaml()["criteria"]["C1"]["owner"].Scalar(), std::string("alice"));
}


void TestValidation::oddShapesGiveDiagnosticsNotExceptions_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("text");
    // Every top-level key of every artifact, given a scalar, a list, an empty map and a map of maps.
    const QList<QPair<QString, QList<QByteArray>>> keys{
        {QStringLiteral("rubric"), {"pass_threshold", "categories", "criteria", "safety_gates"}},
        {QStringLiteral("taxonomy"), {"dimensions", "edge_case_target"}},
        {QStringLiteral("persona"), {"persona_template"}},
        {QStringLiteral("manifest"), {"name", "seed", "backends", "roles", "generation", "assessment", "slicing", "split"}},
    };
    const QList<QByteArray> values{"x", "[1, 2]", "{}", "{a: x}", "{a: {b: [1]}}", "{a: {weight: x, criteria: x}}", "null"};
    for (const auto &[kind, names] : keys) {
        for (const QByteArray &key : names) {
            for (const QByteArray &value : values)
                QTest::addRow("%s %s: %s", qPrintable(kind), key.constData(), value.constData())
                    << kind << QByteArray(key + ": " + value + "\n");
        }
        QTest::addRow("%s as a list", qPrintable(kind)) << kind << QByteArray("- a\n- b\n");
        QTest::addRow("%s as a scalar", qPrintable(kind)) << kind << QByteArray("hello\n");
        QTest::addRow("%s empty", qPrintable(kind)) << kind << QByteArray();
    }
}

void TestValidation::oddShapesGiveDiagnosticsNotExceptions()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, text);
    try {
        const Diagnostics diags = validateText(kind, text);
        // Each of these is wrong or incomplete somewhere, and every finding names the file.
        QVERIFY(!diags.isEmpty());
        for (const Diagnostic &d : diags)
            QVERIFY2(!d.file.isEmpty() && !d.message.isEmpty(), qPrintable(d.toString()));
    } catch (const std::exception &e) {
        QFAIL(qPrintable(QStringLiteral("exception: ") + QString::fromUtf8(e.what())));
    }
}

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"

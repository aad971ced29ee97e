#include "manifest.h"

#include "design/yamlreader.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::Manifest", text);
}

bool looksLikeSecretKey(const QString &key)
{
    static const QRegularExpression re(QStringLiteral("^(api_?key|key|token|secret|password|auth.*)$"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(key).hasMatch();
}

// Unknown keys of one section: kept (with a warning) so a save does not lose them, except keys that
// look like secrets, which are errors and are dropped so they are never written back.
YamlExtras readExtras(YamlReader &r, const YAML::Node &node, std::initializer_list<const char *> known, const QString &what)
{
    QStringList knownKeys;
    for (const char *k : known)
        knownKeys.append(QString::fromUtf8(k));
    QStringList secrets;
    if (node.IsMap()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString key = QString::fromStdString(it->first.Scalar());
            if (knownKeys.contains(key) || !looksLikeSecretKey(key))
                continue;
            secrets.append(key);
            r.error(it->first, tr("%1 has a '%2' key: secrets must never be stored in sift.yaml").arg(what, key),
                    tr("delete it, put the key in an environment variable and name that variable in api_key_env"));
        }
    }
    return r.extras(node, knownKeys, what, secrets);
}

// Reads one mapping of the manifest, remembering positions and unknown keys under its path.
class SectionReader
{
public:
    SectionReader(YamlReader &r, Manifest &m, const YAML::Node &node, QString path)
        : m_r(r), m_m(m), m_node(node), m_path(std::move(path))
    {
        if (m_node.IsMap()) {
            for (auto it = m_node.begin(); it != m_node.end(); ++it)
                m_m.positions.insert(m_path.isEmpty() ? QString::fromStdString(it->first.Scalar())
                                                      : m_path + QLatin1Char('.') + QString::fromStdString(it->first.Scalar()),
                                     YamlReader::pos(it->first));
        }
    }
    bool ok() const { return m_node.IsMap(); }
    QString what() const { return m_path.isEmpty() ? QStringLiteral("sift.yaml") : m_path; }

    void text(const char *key, QString &out) { out = m_r.string(m_node, key, what(), false).value_or(out); }
    void integer(const char *key, int &out) { out = int(m_r.integer(m_node, key, what(), false).value_or(out)); }
    void integer(const char *key, qint64 &out) { out = m_r.integer(m_node, key, what(), false).value_or(out); }
    void number(const char *key, double &out) { out = m_r.number(m_node, key, what(), false).value_or(out); }
    void boolean(const char *key, bool &out) { out = m_r.boolean(m_node, key, what(), false).value_or(out); }
    void list(const char *key, QStringList &out)
    {
        out = m_r.stringList(m_node, key, what(), false).value_or(out);
        // Remember where each item is, so a diagnostic about one names its own column.
        const YAML::Node items = child(m_node, key);
        if (items.IsSequence()) {
            for (std::size_t i = 0; i < items.size(); ++i)
                m_m.positions.insert(what() + QLatin1Char('.') + QString::fromUtf8(key) + QLatin1Char('.') + QString::number(i),
                                     YamlReader::pos(items[i]));
        }
    }
    void range(const char *key, int &low, int &high)
    {
        if (const auto values = m_r.numberList(m_node, key, what(), false)) {
            if (values->size() == 2) {
                low = int(values->at(0));
                high = int(values->at(1));
            } else {
                m_r.error(child(m_node, key), tr("%1.%2 must be two numbers [min, max]").arg(what(), QString::fromUtf8(key)),
                          tr("for example [2, 5]"));
            }
        }
    }
    void finish(std::initializer_list<const char *> known)
    {
        const YamlExtras extras = readExtras(m_r, m_node, known, what());
        if (!extras.isEmpty())
            m_m.extras.insert(m_path, extras);
    }

private:
    YamlReader &m_r;
    Manifest &m_m;
    const YAML::Node &m_node;
    QString m_path;
};


bool looksLikeSecretValue(const QString &value)
{
    static const QRegularExpression envName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (value.isEmpty())
        return false;
    if (!envName.match(value).hasMatch())
        return true;
    // Environment variable names are short and mostly upper case; keys are long random strings.
    const bool hasLower = value.contains(QRegularExpression(QStringLiteral("[a-z]")));
    const bool hasUpper = value.contains(QRegularExpression(QStringLiteral("[A-Z]")));
    const bool hasDigit = value.contains(QRegularExpression(QStringLiteral("[0-9]")));
    return value.size() >= 30 && hasLower && hasUpper && hasDigit;
}

YAML::Node flow(YAML::Node node)
{
    node.SetStyle(YAML::EmitterStyle::Flow);
    return node;
}

YAML::Node pair(int a, int b)
{
    YAML::Node node(YAML::NodeType::Sequence);
    node.push_back(a);
    node.push_back(b);
    return flow(node);
}

YAML::Node stringList(const QStringList &items)
{
    YAML::Node node(YAML::NodeType::Sequence);
    for (const QString &s : items)
        node.push_back(s.toStdString());
    return flow(node);
}

void writeExtrasAt(YAML::Node &node, const Manifest &m, const QString &path)
{
    writeExtras(node, m.extras.value(path));
}
} // namespace

QStringList BackendConfig::knownProviders()
{
    return {QStringLiteral("openai"), QStringLiteral("anthropic"), QStringLiteral("gemini"), QStringLiteral("ollama")};
}

QStringList BackendConfig::structuredOutputModes()
{
    return {QStringLiteral("native"), QStringLiteral("prompt")};
}

Manifest Manifest::fromYaml(const YAML::Node &root, const QString &file, Diagnostics &diagnostics)
{
    YamlReader r(file, diagnostics);
    Manifest m;
    if (!root.IsMap()) {
        r.error(root, tr("sift.yaml must be a mapping with name, seed, backends and roles"));
        return m;
    }
    SectionReader top(r, m, root, QString());
    top.text("name", m.name);
    top.text("product_name", m.productName);
    top.integer("seed", m.seed);
    top.finish({"name", "product_name", "seed", "backends", "roles", "generation", "assessment", "slicing", "split", "fixup", "audit"});

    const YAML::Node backends = child(root, "backends");
    if (r.isMap(backends, QStringLiteral("backends"))) {
        SectionReader names(r, m, backends, QStringLiteral("backends"));
        for (auto it = backends.begin(); it != backends.end(); ++it) {
            BackendConfig b;
            b.name = YamlReader::scalar(it->first);
            const QString path = QStringLiteral("backends.") + b.name;
            const YAML::Node node = it->second;
            if (!r.isMap(node, path)) {
                m.backends.append(b);
                continue;
            }
            SectionReader s(r, m, node, path);
            s.text("provider", b.provider);
            s.text("base_url", b.baseUrl);
            s.text("model", b.model);
            s.text("api_key_env", b.apiKeyEnv);
            s.integer("concurrency", b.concurrency);
            s.integer("max_attempts", b.maxAttempts);
            s.number("timeout_s", b.timeoutSeconds);
            s.number("connect_timeout_s", b.connectTimeoutSeconds);
            s.number("max_retry_wait_s", b.maxRetryWaitSeconds);
            s.integer("requests_per_minute", b.requestsPerMinute);
            s.integer("tokens_per_minute", b.tokensPerMinute);
            s.integer("max_output_tokens", b.maxOutputTokens);
            s.text("structured_output", b.structuredOutput);
            const YAML::Node price = child(node, "price");
            if (r.isMap(price, path + QStringLiteral(".price"))) {
                SectionReader p(r, m, price, path + QStringLiteral(".price"));
                p.number("input_per_mtok", b.inputPricePerMTok);
                p.number("output_per_mtok", b.outputPricePerMTok);
                p.finish({"input_per_mtok", "output_per_mtok"});
            }
            b.extras = readExtras(r, node, {"provider", "base_url", "model", "api_key_env", "concurrency", "max_attempts",
                                            "timeout_s", "connect_timeout_s", "max_retry_wait_s", "requests_per_minute",
                                            "tokens_per_minute", "max_output_tokens", "structured_output", "price"},
                                  path);
            m.backends.append(b);
        }
    }

    const YAML::Node roles = child(root, "roles");
    if (r.isMap(roles, QStringLiteral("roles"))) {
        SectionReader s(r, m, roles, QStringLiteral("roles"));
        s.text("user_sim", m.roles.userSim);
        s.text("assistant", m.roles.assistant);
        if (child(roles, "judges").IsScalar())
            m.roles.judges = {YamlReader::scalar(child(roles, "judges"))};
        else
            s.list("judges", m.roles.judges);
        s.text("fixup", m.roles.fixup);
        s.text("base_model", m.roles.baseModel);
        s.finish({"user_sim", "assistant", "judges", "fixup", "base_model"});
    }

    const YAML::Node gen = child(root, "generation");
    if (r.isMap(gen, QStringLiteral("generation"))) {
        SectionReader s(r, m, gen, QStringLiteral("generation"));
        s.integer("batch_size", m.generation.batchSize);
        s.range("turns", m.generation.minTurns, m.generation.maxTurns);
        s.text("end_marker", m.generation.endMarker);
        s.number("temperature", m.generation.temperature);
        s.boolean("stratify", m.generation.stratify);
        s.integer("spot_check_every", m.generation.spotCheckEvery);
        const YAML::Node gate = child(gen, "gate");
        if (r.isMap(gate, QStringLiteral("generation.gate"))) {
            SectionReader g(r, m, gate, QStringLiteral("generation.gate"));
            g.number("scale_at", m.generation.gateScaleAt);
            g.number("revise_below", m.generation.gateReviseBelow);
            g.finish({"scale_at", "revise_below"});
        }
        s.finish({"batch_size", "turns", "end_marker", "temperature", "stratify", "spot_check_every", "gate"});
    }
    const YAML::Node assess = child(root, "assessment");
    if (r.isMap(assess, QStringLiteral("assessment"))) {
        SectionReader s(r, m, assess, QStringLiteral("assessment"));
        s.text("aggregation", m.assessment.aggregation);
        s.integer("max_invalid_retries", m.assessment.maxInvalidRetries);
        s.number("temperature", m.assessment.temperature);
        s.finish({"aggregation", "max_invalid_retries", "temperature"});
    }
    const YAML::Node slicing = child(root, "slicing");
    if (r.isMap(slicing, QStringLiteral("slicing"))) {
        SectionReader s(r, m, slicing, QStringLiteral("slicing"));
        s.integer("min_exchanges_before_first", m.slicing.minExchangesBeforeFirst);
        s.range("gap", m.slicing.minGap, m.slicing.maxGap);
        s.integer("max_tokens", m.slicing.maxTokens);
        s.finish({"min_exchanges_before_first", "gap", "max_tokens"});
    }
    const YAML::Node split = child(root, "split");
    if (r.isMap(split, QStringLiteral("split"))) {
        SectionReader s(r, m, split, QStringLiteral("split"));
        s.number("validation_share", m.split.validationShare);
        s.list("group_by", m.split.groupBy);
        s.finish({"validation_share", "group_by"});
    }
    const YAML::Node fixup = child(root, "fixup");
    if (r.isMap(fixup, QStringLiteral("fixup"))) {
        SectionReader s(r, m, fixup, QStringLiteral("fixup"));
        s.text("safety", m.fixup.safety);
        s.list("structural", m.fixup.structural);
        s.integer("max_rounds", m.fixup.maxRounds);
        s.number("warn_share", m.fixup.warnShare);
        s.text("entailment_judge", m.fixup.entailmentJudge);
        s.finish({"safety", "structural", "max_rounds", "warn_share", "entailment_judge"});
    }
    const YAML::Node audit = child(root, "audit");
    if (r.isMap(audit, QStringLiteral("audit"))) {
        SectionReader s(r, m, audit, QStringLiteral("audit"));
        s.number("repetition_share", m.audit.repetitionShare);
        s.range("phrase_words", m.audit.minPhraseWords, m.audit.maxPhraseWords);
        s.number("rigidity_share", m.audit.rigidityShare);
        s.number("length_ratio", m.audit.lengthRatio);
        s.number("hard_length_ratio", m.audit.hardLengthRatio);
        s.number("praise_ratio", m.audit.praiseRatio);
        s.integer("max_questions", m.audit.maxQuestions);
        s.number("question_share", m.audit.questionShare);
        s.number("anti_pattern_share", m.audit.antiPatternShare);
        s.finish({"repetition_share", "phrase_words", "rigidity_share", "length_ratio", "hard_length_ratio", "praise_ratio",
                  "max_questions", "question_share", "anti_pattern_share"});
    }
    return m;
}

YAML::Node Manifest::toYaml() const
{
    YAML::Node root(YAML::NodeType::Map);
    root["name"] = name.toStdString();
    if (!productName.isEmpty())
        root["product_name"] = productName.toStdString();
    root["seed"] = seed;
    YAML::Node backendsNode(YAML::NodeType::Map);
    for (const BackendConfig &b : backends) {
        YAML::Node node(YAML::NodeType::Map);
        node["provider"] = b.provider.toStdString();
        node["base_url"] = b.baseUrl.toStdString();
        node["model"] = b.model.toStdString();
        node["api_key_env"] = b.apiKeyEnv.toStdString();
        node["concurrency"] = b.concurrency;
        node["max_attempts"] = b.maxAttempts;
        node["timeout_s"] = yamlNumber(b.timeoutSeconds);
        // Keys added after the first release are written only when set, so saving an older
        // project changes nothing the user did not change.
        const BackendConfig defaults;
        if (b.connectTimeoutSeconds != defaults.connectTimeoutSeconds)
            node["connect_timeout_s"] = yamlNumber(b.connectTimeoutSeconds);
        if (b.maxRetryWaitSeconds != defaults.maxRetryWaitSeconds)
            node["max_retry_wait_s"] = yamlNumber(b.maxRetryWaitSeconds);
        if (b.requestsPerMinute != defaults.requestsPerMinute)
            node["requests_per_minute"] = b.requestsPerMinute;
        if (b.tokensPerMinute != defaults.tokensPerMinute)
            node["tokens_per_minute"] = b.tokensPerMinute;
        if (b.maxOutputTokens != defaults.maxOutputTokens)
            node["max_output_tokens"] = b.maxOutputTokens;
        if (b.structuredOutput != defaults.structuredOutput)
            node["structured_output"] = b.structuredOutput.toStdString();
        YAML::Node price(YAML::NodeType::Map);
        price["input_per_mtok"] = yamlNumber(b.inputPricePerMTok);
        price["output_per_mtok"] = yamlNumber(b.outputPricePerMTok);
        writeExtrasAt(price, *this, QStringLiteral("backends.%1.price").arg(b.name));
        node["price"] = flow(price);
        writeExtras(node, b.extras);
        backendsNode[b.name.toStdString()] = node;
    }
    root["backends"] = backendsNode;

    YAML::Node rolesNode(YAML::NodeType::Map);
    rolesNode["user_sim"] = roles.userSim.toStdString();
    rolesNode["assistant"] = roles.assistant.toStdString();
    rolesNode["judges"] = stringList(roles.judges);
    rolesNode["fixup"] = roles.fixup.toStdString();
    rolesNode["base_model"] = roles.baseModel.toStdString();
    writeExtrasAt(rolesNode, *this, QStringLiteral("roles"));
    root["roles"] = rolesNode;

    YAML::Node gen(YAML::NodeType::Map);
    gen["batch_size"] = generation.batchSize;
    gen["turns"] = pair(generation.minTurns, generation.maxTurns);
    gen["end_marker"] = generation.endMarker.toStdString();
    gen["temperature"] = yamlNumber(generation.temperature);
    // Added later: written only when changed, so older projects save unchanged.
    if (!generation.stratify)
        gen["stratify"] = false;
    if (generation.spotCheckEvery != GenerationSettings().spotCheckEvery)
        gen["spot_check_every"] = generation.spotCheckEvery;
    if (positions.contains(QStringLiteral("generation.gate")) || generation.gateScaleAt != GenerationSettings().gateScaleAt ||
        generation.gateReviseBelow != GenerationSettings().gateReviseBelow) {
        YAML::Node gate(YAML::NodeType::Map);
        gate["scale_at"] = yamlNumber(generation.gateScaleAt);
        gate["revise_below"] = yamlNumber(generation.gateReviseBelow);
        writeExtrasAt(gate, *this, QStringLiteral("generation.gate"));
        gen["gate"] = flow(gate);
    }
    writeExtrasAt(gen, *this, QStringLiteral("generation"));
    root["generation"] = flow(gen);

    YAML::Node assess(YAML::NodeType::Map);
    assess["aggregation"] = assessment.aggregation.toStdString();
    assess["max_invalid_retries"] = assessment.maxInvalidRetries;
    assess["temperature"] = yamlNumber(assessment.temperature);
    writeExtrasAt(assess, *this, QStringLiteral("assessment"));
    root["assessment"] = flow(assess);

    YAML::Node slice(YAML::NodeType::Map);
    slice["min_exchanges_before_first"] = slicing.minExchangesBeforeFirst;
    slice["gap"] = pair(slicing.minGap, slicing.maxGap);
    slice["max_tokens"] = slicing.maxTokens;
    writeExtrasAt(slice, *this, QStringLiteral("slicing"));
    root["slicing"] = flow(slice);

    YAML::Node splitNode(YAML::NodeType::Map);
    splitNode["validation_share"] = yamlNumber(split.validationShare);
    splitNode["group_by"] = stringList(split.groupBy);
    writeExtrasAt(splitNode, *this, QStringLiteral("split"));
    root["split"] = flow(splitNode);
    // Added after the first release: written only when set, so older projects save unchanged.
    if (!fixup.isDefault() || extras.contains(QStringLiteral("fixup"))) {
        YAML::Node fixupNode(YAML::NodeType::Map);
        fixupNode["safety"] = fixup.safety.toStdString();
        fixupNode["structural"] = stringList(fixup.structural);
        fixupNode["max_rounds"] = fixup.maxRounds;
        fixupNode["warn_share"] = fixup.warnShare;
        if (!fixup.entailmentJudge.isEmpty())
            fixupNode["entailment_judge"] = fixup.entailmentJudge.toStdString();
        writeExtrasAt(fixupNode, *this, QStringLiteral("fixup"));
        root["fixup"] = flow(fixupNode);
    }

    // Added after the first release: written only when the file has it or it differs from the defaults.
    if (positions.contains(QStringLiteral("audit")) || audit != AuditSettings() || extras.contains(QStringLiteral("audit"))) {
        YAML::Node auditNode(YAML::NodeType::Map);
        auditNode["repetition_share"] = audit.repetitionShare;
        auditNode["phrase_words"] = pair(audit.minPhraseWords, audit.maxPhraseWords);
        auditNode["rigidity_share"] = audit.rigidityShare;
        auditNode["length_ratio"] = audit.lengthRatio;
        auditNode["hard_length_ratio"] = audit.hardLengthRatio;
        auditNode["praise_ratio"] = audit.praiseRatio;
        auditNode["max_questions"] = audit.maxQuestions;
        auditNode["question_share"] = audit.questionShare;
        auditNode["anti_pattern_share"] = audit.antiPatternShare;
        writeExtrasAt(auditNode, *this, QStringLiteral("audit"));
        root["audit"] = flow(auditNode);
    }
    writeExtrasAt(root, *this, QString());
    return root;
}

const BackendConfig *Manifest::backend(const QString &backendName) const
{
    for (const BackendConfig &b : backends) {
        if (b.name == backendName)
            return &b;
    }
    return nullptr;
}

Diagnostics Manifest::validate(const QString &file) const
{
    Diagnostics out;
    auto at = [&](const QString &path) {
        // The most precise position known: the item itself, else the nearest enclosing key.
        for (QString p = path; !p.isEmpty(); p = p.section(QLatin1Char('.'), 0, -2)) {
            if (const SourcePos pos = positions.value(p); pos.line)
                return pos;
        }
        return SourcePos{1, 1};
    };
    auto error = [&](const QString &path, const QString &message, const QString &hint) {
        const SourcePos p = at(path);
        out.append(Diagnostic::error(file, p.line, p.column, message, hint));
    };

    if (name.trimmed().isEmpty())
        error(QStringLiteral("name"), tr("the project has no name"), tr("add 'name: my-project'"));
    if (backends.isEmpty())
        error(QStringLiteral("backends"), tr("no backends are defined"), tr("add at least one backend under 'backends:'"));
    for (const BackendConfig &b : backends) {
        const QString path = QStringLiteral("backends.") + b.name;
        if (!BackendConfig::knownProviders().contains(b.provider))
            error(path + QStringLiteral(".provider"), tr("backend %1 has unknown provider '%2'").arg(b.name, b.provider),
                  tr("use one of: %1").arg(BackendConfig::knownProviders().join(QStringLiteral(", "))));
        const QUrl url(b.baseUrl);
        if (b.baseUrl.isEmpty() || !url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            error(path + QStringLiteral(".base_url"), tr("backend %1 needs an http(s) base_url").arg(b.name),
                  tr("for example http://127.0.0.1:11434/v1"));
        if (b.model.isEmpty())
            error(path + QStringLiteral(".model"), tr("backend %1 names no model").arg(b.name), tr("set 'model:'"));
        if (looksLikeSecretValue(b.apiKeyEnv))
            error(path + QStringLiteral(".api_key_env"),
                  tr("api_key_env of backend %1 looks like a key, not the name of an environment variable").arg(b.name),
                  tr("remove the key from this file (and rotate it), then write the variable's name, e.g. OPENAI_API_KEY"));
        if (b.concurrency < 1 || b.concurrency > 256)
            error(path + QStringLiteral(".concurrency"), tr("concurrency of backend %1 must be 1 to 256").arg(b.name),
                  tr("how many requests may be in flight at once"));
        if (b.maxAttempts < 1)
            error(path + QStringLiteral(".max_attempts"), tr("max_attempts of backend %1 must be at least 1").arg(b.name), {});
        if (b.timeoutSeconds <= 0)
            error(path + QStringLiteral(".timeout_s"), tr("timeout_s of backend %1 must be positive").arg(b.name), {});
        if (b.connectTimeoutSeconds <= 0)
            error(path + QStringLiteral(".connect_timeout_s"), tr("connect_timeout_s of backend %1 must be positive").arg(b.name),
                  {});
        if (b.maxRetryWaitSeconds < 0)
            error(path + QStringLiteral(".max_retry_wait_s"), tr("max_retry_wait_s of backend %1 must not be negative").arg(b.name),
                  {});
        if (b.requestsPerMinute < 0 || b.tokensPerMinute < 0)
            error(path + (b.requestsPerMinute < 0 ? QStringLiteral(".requests_per_minute") : QStringLiteral(".tokens_per_minute")),
                  tr("rate limits of backend %1 must not be negative").arg(b.name), tr("0 means no client-side limit"));
        if (b.maxOutputTokens < 1)
            error(path + QStringLiteral(".max_output_tokens"), tr("max_output_tokens of backend %1 must be at least 1").arg(b.name),
                  {});
        if (!BackendConfig::structuredOutputModes().contains(b.structuredOutput))
            error(path + QStringLiteral(".structured_output"),
                  tr("backend %1 has unknown structured_output '%2'").arg(b.name, b.structuredOutput),
                  tr("native (the provider enforces the JSON Schema) or prompt (asked for in the prompt, checked by Sift)"));
        if (b.inputPricePerMTok < 0 || b.outputPricePerMTok < 0)
            error(path + QStringLiteral(".price"), tr("prices of backend %1 must not be negative").arg(b.name), {});
    }

    auto checkRole = [&](const QString &path, const QString &role) {
        if (role.isEmpty())
            error(path, tr("role %1 names no backend").arg(path.section(QLatin1Char('.'), 1, 1)),
                  tr("set it to one of the backends' names"));
        else if (!backend(role))
            error(path, tr("role %1 names backend '%2', which is not defined").arg(path.section(QLatin1Char('.'), 1, 1), role),
                  tr("define it under 'backends:' or use one of the defined names"));
    };
    checkRole(QStringLiteral("roles.user_sim"), roles.userSim);
    checkRole(QStringLiteral("roles.assistant"), roles.assistant);
    checkRole(QStringLiteral("roles.fixup"), roles.fixup);
    checkRole(QStringLiteral("roles.base_model"), roles.baseModel);
    if (roles.judges.isEmpty())
        error(QStringLiteral("roles.judges"), tr("no judges are configured"), tr("list one or more backends, e.g. judges: [a, b]"));
    for (int i = 0; i < roles.judges.size(); ++i)
        checkRole(QStringLiteral("roles.judges.%1").arg(i), roles.judges[i]);

    if (generation.spotCheckEvery < 0)
        error(QStringLiteral("generation.spot_check_every"), tr("spot_check_every must not be negative"),
              tr("0 turns the reminders off; the method suggests every 20 to 50 transcripts"));
    if (generation.batchSize < 1)
        error(QStringLiteral("generation.batch_size"), tr("batch_size must be at least 1"), tr("the method reviews batches of 5"));
    if (generation.minTurns < 1 || generation.maxTurns < generation.minTurns)
        error(QStringLiteral("generation.turns"), tr("generation.turns must be [min, max] with 1 <= min <= max"), {});
    if (generation.temperature < 0 || generation.temperature > 2)
        error(QStringLiteral("generation.temperature"), tr("generation.temperature must be between 0 and 2"), {});
    if (generation.gateScaleAt <= 0 || generation.gateScaleAt > 1)
        error(QStringLiteral("generation.gate.scale_at"), tr("generation.gate.scale_at must be in (0, 1]"),
              tr("the share of a batch that must pass before scaling; the method uses 0.70"));
    else if (generation.gateReviseBelow < 0 || generation.gateReviseBelow > generation.gateScaleAt)
        error(QStringLiteral("generation.gate.revise_below"),
              tr("generation.gate.revise_below must be between 0 and scale_at (%1)").arg(generation.gateScaleAt),
              tr("below this share passing, the prompts need a major revision; the method uses 0.50"));
    if (assessment.aggregation != QLatin1String("any_fail") && assessment.aggregation != QLatin1String("majority"))
        error(QStringLiteral("assessment.aggregation"), tr("unknown aggregation '%1'").arg(assessment.aggregation),
              tr("use any_fail (a criterion fails if any judge says NO) or majority"));
    if (assessment.maxInvalidRetries < 0)
        error(QStringLiteral("assessment.max_invalid_retries"), tr("max_invalid_retries must not be negative"), {});
    if (slicing.minExchangesBeforeFirst < 1)
        error(QStringLiteral("slicing.min_exchanges_before_first"), tr("min_exchanges_before_first must be at least 1"), {});
    if (slicing.minGap < 1 || slicing.maxGap < slicing.minGap)
        error(QStringLiteral("slicing.gap"), tr("slicing.gap must be [min, max] with 1 <= min <= max"), {});
    if (slicing.maxTokens <= 0)
        error(QStringLiteral("slicing.max_tokens"), tr("slicing.max_tokens must be positive"), {});
    if (split.validationShare < 0 || split.validationShare >= 1)
        error(QStringLiteral("split.validation_share"), tr("validation_share must be in [0, 1)"), tr("0.1 keeps 10% for validation"));
    if (fixup.safety != QLatin1String("truncate") && fixup.safety != QLatin1String("reject"))
        error(QStringLiteral("fixup.safety"), tr("fixup.safety must be truncate or reject"),
              tr("truncate keeps the conversation up to the failing turn; reject drops it"));
    if (fixup.maxRounds < 0)
        error(QStringLiteral("fixup.max_rounds"), tr("fixup.max_rounds must not be negative"), {});
    if (fixup.warnShare < 0 || fixup.warnShare > 1)
        error(QStringLiteral("fixup.warn_share"), tr("fixup.warn_share must be in [0, 1]"), tr("0.30 warns past 30%"));
    if (!fixup.entailmentJudge.isEmpty())
        checkRole(QStringLiteral("fixup.entailment_judge"), fixup.entailmentJudge);
    auto share = [&](double value, const char *key) {
        if (value <= 0 || value > 1)
            error(QStringLiteral("audit.") + QString::fromUtf8(key), tr("audit.%1 must be in (0, 1]").arg(QString::fromUtf8(key)), {});
    };
    share(audit.repetitionShare, "repetition_share");
    share(audit.rigidityShare, "rigidity_share");
    share(audit.questionShare, "question_share");
    share(audit.antiPatternShare, "anti_pattern_share");
    if (audit.minPhraseWords < 2 || audit.maxPhraseWords < audit.minPhraseWords || audit.maxPhraseWords > 16)
        error(QStringLiteral("audit.phrase_words"), tr("audit.phrase_words must be [min, max] with 2 <= min <= max <= 16"),
              tr("the method counts phrases of 3 to 8 words"));
    if (audit.lengthRatio <= 0 || audit.hardLengthRatio < audit.lengthRatio)
        error(QStringLiteral("audit.length_ratio"), tr("audit.length_ratio must be positive and not above hard_length_ratio"), {});
    if (audit.praiseRatio <= 1)
        error(QStringLiteral("audit.praise_ratio"), tr("audit.praise_ratio must be above 1"), tr("the method flags 2x"));
    if (audit.maxQuestions < 0)
        error(QStringLiteral("audit.max_questions"), tr("audit.max_questions must not be negative"), {});
    for (const QString &g : split.groupBy) {
        if (g != QLatin1String("transcript") && g != QLatin1String("persona"))
            error(QStringLiteral("split.group_by"), tr("split.group_by has unknown key '%1'").arg(g), tr("use transcript and/or persona"));
    }
    return out;
}

} // namespace sift

#include "project.h"

#include "design/yamlreader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::Project", text);
}

std::optional<QByteArray> readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return f.readAll();
}
} // namespace

QStringList Project::artifactFiles()
{
    QStringList files{ManifestFile, ModelChoiceFile, TaxonomyFile, RubricFile, PersonaFile};
    for (const PromptKind kind : PromptTemplate::allKinds())
        files.append(PromptTemplate::relativePath(kind));
    return files;
}

QString Project::path(const QString &relative) const
{
    return QDir(m_dir).filePath(relative);
}

Result<Project> Project::load(const QString &dir)
{
    const QFileInfo info(dir);
    if (!info.isDir())
        return Diagnostic::error(dir, 0, 0, tr("no project folder at %1").arg(dir),
                                 tr("create one with: sift-cli init %1").arg(dir));
    if (!QFileInfo::exists(QDir(dir).filePath(ManifestFile)))
        return Diagnostic::error(QDir(dir).filePath(ManifestFile), 0, 0,
                                 tr("%1 is not a Sift project: it has no sift.yaml").arg(dir),
                                 tr("create one with: sift-cli init %1").arg(dir));

    Project p;
    p.m_dir = info.absoluteFilePath();
    Diagnostics &diags = p.m_loadDiagnostics;

    auto readSource = [&](const QString &relative) -> Source & {
        Source &s = p.m_sources[relative];
        const auto bytes = readFile(p.path(relative));
        if (!bytes) {
            diags.append(Diagnostic::error(relative, 0, 0, tr("%1 is missing or cannot be read").arg(relative),
                                           tr("restore it from the default project (sift-cli init creates one)")));
            return s;
        }
        s.onDisk = *bytes;
        s.readable = true;
        return s;
    };
    auto loadYaml = [&](const QString &relative) -> const YAML::Node * {
        Source &s = readSource(relative);
        if (!s.readable)
            return nullptr;
        s.doc = YamlDocument::fromText(s.onDisk, relative, diags);
        if (!s.doc.hasTree()) {
            s.readable = false;  // a broken file is never overwritten by a save
            return nullptr;
        }
        return &s.doc.root();
    };

    if (const YAML::Node *root = loadYaml(ManifestFile))
        p.manifest = Manifest::fromYaml(*root, ManifestFile, diags);
    if (const YAML::Node *root = loadYaml(TaxonomyFile))
        p.taxonomy = Taxonomy::fromYaml(*root, TaxonomyFile, diags);
    if (const YAML::Node *root = loadYaml(RubricFile))
        p.rubric = Rubric::fromYaml(*root, RubricFile, diags);
    if (const YAML::Node *root = loadYaml(PersonaFile))
        p.personas = PersonaTemplate::fromYaml(*root, PersonaFile, diags);

    Source &mc = readSource(ModelChoiceFile);
    if (mc.readable) {
        const FrontMatterFile parts = FrontMatterFile::split(mc.onDisk);
        mc.body = parts.body;
        if (!parts.hasFrontMatter) {
            diags.append(Diagnostic::error(ModelChoiceFile, 1, 1, tr("model-choice.md has no YAML front matter"),
                                           tr("start the file with '---', base_model, context_window, max_transcript_tokens, '---'")));
            mc.readable = false;
        } else {
            mc.doc = YamlDocument::fromText(parts.yaml, ModelChoiceFile, diags);
            if (mc.doc.hasTree())
                p.modelChoice = ModelChoice::fromYaml(mc.doc.root(), ModelChoiceFile, diags);
            else
                mc.readable = false;
        }
    }

    for (const PromptKind kind : PromptTemplate::allKinds()) {
        const QString relative = PromptTemplate::relativePath(kind);
        Source &s = readSource(relative);
        const FrontMatterFile parts = FrontMatterFile::split(s.onDisk);
        s.hasFrontMatter = parts.hasFrontMatter;
        s.body = parts.body;
        if (parts.hasFrontMatter) {
            s.frontMatter = parts.yaml;
            s.bodyLine = int(s.onDisk.size() > parts.body.size() ? s.onDisk.left(s.onDisk.size() - parts.body.size()).count('\n') : 0) + 1;
            if (kind == PromptKind::Assistant) {
                if (const auto root = parseYaml(parts.yaml, relative, diags))
                    p.assistantPhrases = AssistantPhrases::fromYaml(*root, relative, diags);
            }
        }
        p.prompts[kind] = PromptTemplate{kind, QString::fromUtf8(s.body)};
    }
    return p;
}

Diagnostics Project::diagnostics() const
{
    Diagnostics out = m_loadDiagnostics;
    auto validated = [&](const QString &file, const Diagnostics &found) {
        if (m_sources.value(file).readable)
            out.append(found);
    };
    validated(ManifestFile, manifest.validate(ManifestFile));
    validated(ModelChoiceFile, modelChoice.validate(ModelChoiceFile));
    validated(TaxonomyFile, taxonomy.validate(TaxonomyFile));
    validated(RubricFile, rubric.validate(RubricFile));
    validated(PersonaFile, personas.validate(PersonaFile));
    for (auto it = prompts.begin(); it != prompts.end(); ++it) {
        const QString file = PromptTemplate::relativePath(it.key());
        Diagnostics found = it.value().validate(file);
        // The prompt's text starts after its front matter; name the file's own line.
        for (Diagnostic &d : found) {
            if (d.line > 0)
                d.line += m_sources.value(file).bodyLine - 1;
        }
        validated(file, found);
    }

    if (m_sources.value(ModelChoiceFile).readable && !modelChoice.tokenizer.isEmpty() &&
        !QFileInfo::exists(path(modelChoice.tokenizer)))
        out.append(Diagnostic::warning(ModelChoiceFile, modelChoice.tokenizerPos.line, modelChoice.tokenizerPos.column,
                                       tr("tokenizer file %1 does not exist").arg(modelChoice.tokenizer),
                                       tr("put the model's tokenizer.json there, or remove the key to estimate tokens")));
    if (m_sources.value(ManifestFile).readable && m_sources.value(RubricFile).readable) {
        for (int i = 0; i < manifest.fixup.structural.size(); ++i) {
            const QString &id = manifest.fixup.structural[i];
            const bool known = rubric.criterion(id) ||
                               std::any_of(rubric.categories.begin(), rubric.categories.end(),
                                           [&](const RubricCategory &c) { return c.id == id; });
            if (known)
                continue;
            SourcePos at = manifest.positions.value(QStringLiteral("fixup.structural.%1").arg(i));
            if (!at.line)
                at = manifest.positions.value(QStringLiteral("fixup.structural"));
            out.append(Diagnostic::warning(ManifestFile, at.line, at.column,
                                           tr("fixup.structural names '%1', which is neither a category nor a criterion of the rubric")
                                               .arg(id),
                                           tr("use a category id (e.g. resolution) or a criterion id from config/rubric.yaml")));
        }
    }
    if (m_sources.value(ModelChoiceFile).readable && m_sources.value(ManifestFile).readable &&
        manifest.slicing.maxTokens > modelChoice.maxTranscriptTokens) {
        const SourcePos at = manifest.positions.value(QStringLiteral("slicing.max_tokens"));
        out.append(Diagnostic::warning(ManifestFile, at.line, at.column,
                                       tr("slicing.max_tokens (%1) is above max_transcript_tokens in model-choice.md (%2)")
                                           .arg(manifest.slicing.maxTokens)
                                           .arg(modelChoice.maxTranscriptTokens),
                                       tr("slices longer than the chosen limit are rejected at export; lower one of them")));
    }
    return out;
}

QByteArray Project::composeYamlFile(const QString &relative, Source &source, const YAML::Node &tree) const
{
    if (relative == ModelChoiceFile) {
        source.doc.assign(tree);
        return FrontMatterFile::join(source.doc.text(), source.body);
    }
    source.doc.assign(tree);
    return source.doc.text();
}

QByteArray Project::textFor(const QString &relative) const
{
    Source &s = m_sources[relative];
    if (!s.readable)
        return s.onDisk;
    if (relative == ManifestFile)
        return composeYamlFile(relative, s, manifest.toYaml());
    if (relative == ModelChoiceFile)
        return composeYamlFile(relative, s, modelChoice.toYaml());
    if (relative == TaxonomyFile)
        return composeYamlFile(relative, s, taxonomy.toYaml());
    if (relative == RubricFile)
        return composeYamlFile(relative, s, rubric.toYaml());
    if (relative == PersonaFile)
        return composeYamlFile(relative, s, personas.toYaml());
    for (auto it = prompts.begin(); it != prompts.end(); ++it) {
        if (PromptTemplate::relativePath(it.key()) != relative)
            continue;
        const QByteArray body = it.value().text.toUtf8();
        if (!s.hasFrontMatter)
            return body;
        // The front matter is kept as it was; an unchanged prompt is the file as read, byte for byte.
        return body == s.body ? s.onDisk : FrontMatterFile::join(s.frontMatter, body);
    }
    return s.onDisk;
}

Result<QStringList> Project::save()
{
    QStringList written;
    for (const QString &relative : artifactFiles()) {
        const Source &s = m_sources[relative];
        const bool isPrompt = relative.endsWith(QLatin1String(".md")) && relative != ModelChoiceFile;
        const QByteArray text = textFor(relative);
        if (!s.readable && !(isPrompt && !text.isEmpty()))
            continue;
        if (text == s.onDisk && QFileInfo::exists(path(relative)))
            continue;
        QDir().mkpath(QFileInfo(path(relative)).absolutePath());
        QSaveFile out(path(relative));
        if (!out.open(QIODevice::WriteOnly) || out.write(text) != text.size() || !out.commit())
            return Diagnostic::error(relative, 0, 0, tr("cannot write %1: %2").arg(relative, out.errorString()),
                                     tr("check that the folder is writable and the disk is not full"));
        m_sources[relative].onDisk = text;
        written.append(relative);
    }
    return written;
}

} // namespace sift

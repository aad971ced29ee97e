#pragma once

#include "common/result.h"
#include "design/assistantphrases.h"
#include "design/modelchoice.h"
#include "design/personatemplate.h"
#include "design/prompttemplate.h"
#include "design/rubric.h"
#include "design/taxonomy.h"
#include "design/yamldocument.h"
#include "manifest.h"

#include <QMap>

namespace sift {

// A project folder with every design artifact loaded: the manifest, model choice, taxonomy,
// rubric, persona template and prompts. Loading never fails on bad content (that is what the
// diagnostics are for), only on a folder that is not a project.
class Project
{
public:
    static inline const QString ManifestFile = QStringLiteral("sift.yaml");
    static inline const QString ModelChoiceFile = QStringLiteral("model-choice.md");
    static inline const QString TaxonomyFile = QStringLiteral("config/input-taxonomy.yaml");
    static inline const QString RubricFile = QStringLiteral("config/rubric.yaml");
    static inline const QString PersonaFile = QStringLiteral("config/persona-template.yaml");
    static inline const QString DatabaseFile = QStringLiteral("sift.db");

    // Every file a complete project has, relative to its folder.
    static QStringList artifactFiles();

    static Result<Project> load(const QString &dir);

    QString dir() const { return m_dir; }
    QString path(const QString &relative) const;

    Manifest manifest;
    ModelChoice modelChoice;
    Taxonomy taxonomy;
    Rubric rubric;
    PersonaTemplate personas;
    QMap<PromptKind, PromptTemplate> prompts;  // the Markdown after any front matter
    AssistantPhrases assistantPhrases;         // the assistant prompt's front matter

    // Problems found while reading (syntax, types, missing files) plus every validation rule.
    Diagnostics diagnostics() const;
    // Writes the artifacts whose content changed since loading (or the last save), and only those.
    // Files that could not be parsed are never overwritten. Returns the files written.
    Result<QStringList> save();
    // The text a file would have if saved now (for previews and tests).
    QByteArray textFor(const QString &relative) const;

private:
    struct Source
    {
        YamlDocument doc;    // YAML files, or the front matter of model-choice.md
        QByteArray body;     // Markdown after the front matter
        // Prompts: their front matter as read (kept when the prompt text is saved) and the line the
        // prompt text starts on, so diagnostics name the file's own lines.
        QByteArray frontMatter;
        bool hasFrontMatter = false;
        int bodyLine = 1;
        QByteArray onDisk;   // the bytes last read or written
        bool readable = false;
    };

    QByteArray composeYamlFile(const QString &relative, Source &source, const YAML::Node &tree) const;

    QString m_dir;
    Diagnostics m_loadDiagnostics;
    mutable QMap<QString, Source> m_sources;
};

} // namespace sift

#pragma once

#include "common/diagnostic.h"
#include "sourcepos.h"

#include <QHash>
#include <QStringList>

namespace sift {

// The Markdown prompts of a project; each kind has its own set of {{variables}}.
enum class PromptKind { System, UserSim, Assistant, Judge, Fixup };

// A {{variable}} found in a prompt's text.
struct Placeholder
{
    QString name;
    SourcePos pos;
    qsizetype offset = 0;  // of the opening braces
    qsizetype length = 0;  // including the braces
};

// One prompt file: its text, the variables it may use, and rendering.
struct PromptTemplate
{
    PromptKind kind = PromptKind::System;
    QString text;

    static QList<PromptKind> allKinds();
    // Path relative to the project folder, e.g. "config/prompts/judge.md".
    static QString relativePath(PromptKind kind);
    static QString displayName(PromptKind kind);
    // The variables Sift fills in for this kind of prompt (documented in docs/project-format.md).
    static QStringList knownVariables(PromptKind kind);
    // Variables without which the prompt cannot do its job (a warning when absent).
    static QStringList expectedVariables(PromptKind kind);

    // Every {{...}} in the text, in order. Unclosed braces are reported through `diagnostics`.
    QList<Placeholder> placeholders(const QString &file = {}, Diagnostics *diagnostics = nullptr) const;
    Diagnostics validate(const QString &file) const;
    // Replaces each known {{variable}} by its value; unknown ones are left as they are.
    QString render(const QHash<QString, QString> &values) const;

    friend bool operator==(const PromptTemplate &, const PromptTemplate &) = default;
};

} // namespace sift

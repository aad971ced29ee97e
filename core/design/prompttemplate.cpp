#include "prompttemplate.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::PromptTemplate", text);
}

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression re(QStringLiteral("\\{\\{\\s*([^{}\\n]*?)\\s*\\}\\}"));
    return re;
}

SourcePos positionOf(const QString &text, qsizetype offset)
{
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (text[i] == QLatin1Char('\n')) {
            ++line;
            lineStart = i + 1;
        }
    }
    return {line, int(offset - lineStart) + 1};
}
} // namespace

QList<PromptKind> PromptTemplate::allKinds()
{
    return {PromptKind::System, PromptKind::UserSim, PromptKind::Assistant, PromptKind::Judge, PromptKind::Fixup};
}

QString PromptTemplate::relativePath(PromptKind kind)
{
    switch (kind) {
    case PromptKind::System:
        return QStringLiteral("config/system-prompt.md");
    case PromptKind::UserSim:
        return QStringLiteral("config/prompts/user_sim.md");
    case PromptKind::Assistant:
        return QStringLiteral("config/prompts/assistant.md");
    case PromptKind::Judge:
        return QStringLiteral("config/prompts/judge.md");
    case PromptKind::Fixup:
        return QStringLiteral("config/prompts/fixup.md");
    }
    return {};
}

QString PromptTemplate::displayName(PromptKind kind)
{
    switch (kind) {
    case PromptKind::System:
        return tr("System prompt");
    case PromptKind::UserSim:
        return tr("User simulator");
    case PromptKind::Assistant:
        return tr("Assistant");
    case PromptKind::Judge:
        return tr("Judge");
    case PromptKind::Fixup:
        return tr("Fixup");
    }
    return {};
}

QStringList PromptTemplate::knownVariables(PromptKind kind)
{
    const QString product = QStringLiteral("product_name");
    switch (kind) {
    case PromptKind::System:
        return {product};
    case PromptKind::UserSim:
        return {QStringLiteral("persona"), QStringLiteral("scenario"), QStringLiteral("flaws"),
                QStringLiteral("conversation"), QStringLiteral("turn_number"), QStringLiteral("max_turns"),
                QStringLiteral("end_marker"), product};
    case PromptKind::Assistant:
        return {QStringLiteral("system_prompt"), QStringLiteral("conversation"), product};
    case PromptKind::Judge:
        return {QStringLiteral("rubric"), QStringLiteral("safety_criteria"), QStringLiteral("criteria"),
                QStringLiteral("calibration_examples"), QStringLiteral("transcript"), QStringLiteral("output_format"),
                product};
    case PromptKind::Fixup:
        return {QStringLiteral("system_prompt"), QStringLiteral("transcript"), QStringLiteral("turn_number"),
                QStringLiteral("failing_response"), QStringLiteral("failed_criteria"),
                QStringLiteral("next_user_message"), product};
    }
    return {};
}

QStringList PromptTemplate::expectedVariables(PromptKind kind)
{
    switch (kind) {
    case PromptKind::System:
        return {};
    case PromptKind::UserSim:
        return {QStringLiteral("persona"), QStringLiteral("scenario")};
    case PromptKind::Assistant:
        return {};
    case PromptKind::Judge:
        return {QStringLiteral("transcript")};
    case PromptKind::Fixup:
        return {QStringLiteral("failing_response"), QStringLiteral("next_user_message")};
    }
    return {};
}

QList<Placeholder> PromptTemplate::placeholders(const QString &file, Diagnostics *diagnostics) const
{
    QList<Placeholder> out;
    auto it = placeholderPattern().globalMatch(text);
    qsizetype searchedTo = 0;
    while (it.hasNext()) {
        const auto m = it.next();
        // Opening braces between the previous match and this one were never closed.
        if (diagnostics) {
            const qsizetype stray = text.indexOf(QStringLiteral("{{"), searchedTo);
            if (stray >= 0 && stray < m.capturedStart()) {
                const SourcePos p = positionOf(text, stray);
                diagnostics->append(Diagnostic::error(file, p.line, p.column, tr("'{{' is never closed by '}}'"),
                                                      tr("close the variable with '}}' on the same line")));
            }
        }
        out.append({m.captured(1), positionOf(text, m.capturedStart()), m.capturedStart(), m.capturedLength()});
        searchedTo = m.capturedEnd();
    }
    if (diagnostics) {
        const qsizetype stray = text.indexOf(QStringLiteral("{{"), searchedTo);
        if (stray >= 0) {
            const SourcePos p = positionOf(text, stray);
            diagnostics->append(Diagnostic::error(file, p.line, p.column, tr("'{{' is never closed by '}}'"),
                                                  tr("close the variable with '}}' on the same line")));
        }
    }
    return out;
}

Diagnostics PromptTemplate::validate(const QString &file) const
{
    Diagnostics out;
    const QStringList known = knownVariables(kind);
    QStringList used;
    for (const Placeholder &p : placeholders(file, &out)) {
        used.append(p.name);
        if (!known.contains(p.name))
            out.append(Diagnostic::error(file, p.pos.line, p.pos.column,
                                         tr("unknown variable {{%1}} in the %2 prompt").arg(p.name, displayName(kind)),
                                         tr("variables available here: %1").arg(known.join(QStringLiteral(", ")))));
    }
    for (const QString &expected : expectedVariables(kind)) {
        if (!used.contains(expected))
            out.append(Diagnostic::warning(file, 1, 1, tr("the %1 prompt never uses {{%2}}").arg(displayName(kind), expected),
                                           tr("without it the model does not see the %1").arg(expected)));
    }
    if (text.trimmed().isEmpty())
        out.append(Diagnostic::error(file, 1, 1, tr("the %1 prompt is empty").arg(displayName(kind)),
                                     tr("write the prompt or restore it from the default project")));
    return out;
}

QString PromptTemplate::render(const QHash<QString, QString> &values) const
{
    const QStringList known = knownVariables(kind);
    QString out;
    qsizetype from = 0;
    for (const Placeholder &p : placeholders()) {
        out += QStringView(text).mid(from, p.offset - from);
        if (known.contains(p.name) && values.contains(p.name))
            out += values.value(p.name);
        else
            out += QStringView(text).mid(p.offset, p.length);
        from = p.offset + p.length;
    }
    out += QStringView(text).mid(from);
    return out;
}

} // namespace sift

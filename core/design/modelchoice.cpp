#include "modelchoice.h"

#include "yamlreader.h"

#include <QCoreApplication>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::ModelChoice", text);
}
} // namespace

QStringList ModelChoice::knownChatFormats()
{
    return {QStringLiteral("chatml"), QStringLiteral("llama3"), QStringLiteral("gemma"), QStringLiteral("plain"),
            QStringLiteral("openai")};
}

ModelChoice ModelChoice::fromYaml(const YAML::Node &root, const QString &file, Diagnostics &diagnostics)
{
    YamlReader r(file, diagnostics);
    ModelChoice m;
    if (!root.IsMap()) {
        r.error(SourcePos{1, 1}, tr("model-choice.md has no YAML front matter with the base model"),
                tr("start the file with '---', then base_model, context_window, max_transcript_tokens, then '---'"));
        return m;
    }
    const QString what = QStringLiteral("model-choice.md");
    m.baseModelPos = YamlReader::pos(child(root, "base_model"));
    m.baseModel = r.string(root, "base_model", what, true).value_or(QString());
    m.contextPos = YamlReader::pos(child(root, "context_window"));
    m.contextWindow = r.integer(root, "context_window", what, true).value_or(m.contextWindow);
    m.maxTokensPos = YamlReader::pos(child(root, "max_transcript_tokens"));
    m.maxTranscriptTokens = r.integer(root, "max_transcript_tokens", what, true).value_or(m.maxTranscriptTokens);
    m.tokenizerPos = YamlReader::pos(child(root, "tokenizer"));
    m.tokenizer = r.string(root, "tokenizer", what, false).value_or(QString());
    m.chatFormatPos = YamlReader::pos(child(root, "chat_format"));
    m.chatFormat = r.string(root, "chat_format", what, false).value_or(QString());
    m.extras = r.extras(root, {"base_model", "context_window", "max_transcript_tokens", "tokenizer", "chat_format"}, what);
    return m;
}

YAML::Node ModelChoice::toYaml() const
{
    YAML::Node root(YAML::NodeType::Map);
    root["base_model"] = baseModel.toStdString();
    root["context_window"] = contextWindow;
    root["max_transcript_tokens"] = maxTranscriptTokens;
    if (!tokenizer.isEmpty())
        root["tokenizer"] = tokenizer.toStdString();
    if (!chatFormat.isEmpty())
        root["chat_format"] = chatFormat.toStdString();
    writeExtras(root, extras);
    return root;
}

Diagnostics ModelChoice::validate(const QString &file) const
{
    Diagnostics out;
    auto error = [&](SourcePos p, const QString &message, const QString &hint) {
        out.append(Diagnostic::error(file, p.line ? p.line : 1, p.line ? p.column : 1, message, hint));
    };
    if (baseModel.trimmed().isEmpty())
        error(baseModelPos, tr("no base model is chosen"), tr("set base_model, e.g. Qwen/Qwen3-8B"));
    if (contextWindow <= 0)
        error(contextPos, tr("context_window must be positive"), tr("use the model's context length in tokens"));
    if (maxTranscriptTokens <= 0)
        error(maxTokensPos, tr("max_transcript_tokens must be positive"), tr("16384 is a practical ceiling"));
    else if (contextWindow > 0 && maxTranscriptTokens > contextWindow)
        error(maxTokensPos,
              tr("max_transcript_tokens (%1) exceeds the context window (%2)").arg(maxTranscriptTokens).arg(contextWindow),
              tr("a training example must fit the model's context; lower max_transcript_tokens"));
    if (!chatFormat.isEmpty() && !knownChatFormats().contains(chatFormat))
        error(chatFormatPos, tr("unknown chat_format '%1'").arg(chatFormat),
              tr("use one of: %1").arg(knownChatFormats().join(QStringLiteral(", "))));
    return out;
}

FrontMatterFile FrontMatterFile::split(const QByteArray &text)
{
    FrontMatterFile f;
    const bool opens = text.startsWith("---\n") || text.startsWith("---\r\n");
    if (!opens) {
        f.body = text;
        return f;
    }
    const qsizetype firstLineEnd = text.indexOf('\n');
    qsizetype close = -1;
    for (qsizetype lineStart = firstLineEnd + 1; lineStart < text.size();) {
        qsizetype lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        const QByteArray line = text.mid(lineStart, lineEnd - lineStart).trimmed();
        if (line == "---" || line == "...") {
            close = lineStart;
            break;
        }
        lineStart = lineEnd + 1;
    }
    if (close < 0) {
        f.body = text;
        return f;
    }
    f.hasFrontMatter = true;
    f.yaml = '\n' + text.mid(firstLineEnd + 1, close - firstLineEnd - 1);
    const qsizetype closeEnd = text.indexOf('\n', close);
    f.body = closeEnd < 0 ? QByteArray() : text.mid(closeEnd + 1);
    return f;
}

QByteArray FrontMatterFile::join(const QByteArray &yaml, const QByteArray &body)
{
    QByteArray front = yaml.startsWith('\n') ? yaml.mid(1) : yaml;
    if (!front.isEmpty() && !front.endsWith('\n'))
        front.append('\n');
    return "---\n" + front + "---\n" + body;
}

} // namespace sift

// sift-cli tokens: counting tokens with a model's exact tokenizer.

#include "cliutil.h"
#include "commands.h"
#include "dataset/chatformat.h"
#include "dataset/tokenizer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sift::cli {

namespace {

QByteArray readStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return QByteArray();
    return in.readAll();
}

} // namespace

int cmdTokens(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption tokenizerOption(
        QStringLiteral("tokenizer"),
        QStringLiteral("tokenizer.json or a tiktoken file (cl100k_base.tiktoken, ...)"),
        QStringLiteral("FILE"));
    const QCommandLineOption formatOption(
        QStringLiteral("chat-format"),
        QStringLiteral("read messages and count them in this chat format: %1")
            .arg(chatFormatNames().join(QStringLiteral(", "))),
        QStringLiteral("F"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print a JSON report"));
    parser.addOption(tokenizerOption);
    parser.addOption(formatOption);
    parser.addOption(json);
    const QString synopsis =
        QStringLiteral("sift-cli tokens --tokenizer FILE [--chat-format F] [--json] < input");
    int code = Ok;
    const auto pos = parseCommand(parser, args, 0, synopsis, code);
    if (!pos)
        return code;
    if (!parser.isSet(tokenizerOption)) {
        err() << "sift-cli tokens: --tokenizer is required\nusage: " << synopsis << '\n';
        return Usage;
    }
    std::optional<ChatFormat> format;
    if (parser.isSet(formatOption)) {
        format = chatFormatFromName(parser.value(formatOption));
        if (!format) {
            err() << QStringLiteral("sift-cli tokens: unknown chat format '%1'; use one of: %2\n")
                         .arg(parser.value(formatOption), chatFormatNames().join(QStringLiteral(", ")));
            return Usage;
        }
    }

    const QString path = parser.value(tokenizerOption);
    const auto tokenizer = Tokenizer::load(path);
    if (!tokenizer) {
        printDiagnostics(QString(), tokenizer.diagnostics(), err());
        return Invalid;
    }
    const QByteArray input = readStdin();

    QJsonObject report{{QStringLiteral("tokenizer"), path},
                       {QStringLiteral("encoding"), tokenizer->description()}};
    qint64 total = 0;
    if (!format) {
        total = tokenizer->count(std::string_view(input.constData(), std::size_t(input.size())));
        report.insert(QStringLiteral("bytes"), qint64(input.size()));
    } else {
        // One conversation (a JSON list of messages), or OpenAI chat JSONL with one per line.
        QList<QByteArray> lines;
        QJsonParseError whole;
        QJsonDocument::fromJson(input, &whole);
        if (whole.error == QJsonParseError::NoError)
            lines.append(input);
        else
            lines = input.split('\n');
        QJsonArray counts;
        int lineNumber = 0;
        for (const QByteArray &line : lines) {
            ++lineNumber;
            if (line.trimmed().isEmpty())
                continue;
            const auto messages = parseConversation(line, QStringLiteral("<stdin>"), lineNumber);
            if (!messages) {
                printDiagnostics(QString(), messages.diagnostics(), err());
                return Invalid;
            }
            const qint64 n = countConversationTokens(*tokenizer, *messages, *format);
            counts.append(n);
            total += n;
        }
        if (counts.isEmpty()) {
            err() << "sift-cli tokens: no conversation on standard input\n";
            return Invalid;
        }
        report.insert(QStringLiteral("chat_format"), chatFormatName(*format));
        report.insert(QStringLiteral("conversations"), counts);
        if (!parser.isSet(json) && counts.size() > 1) {
            for (const QJsonValue &n : counts)
                out() << n.toInteger() << '\n';
            out() << QStringLiteral("total %1\n").arg(total);
            return Ok;
        }
    }
    report.insert(QStringLiteral("tokens"), total);
    if (parser.isSet(json))
        out() << QJsonDocument(report).toJson(QJsonDocument::Indented);
    else
        out() << total << '\n';
    return Ok;
}

} // namespace sift::cli

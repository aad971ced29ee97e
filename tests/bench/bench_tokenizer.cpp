// Tokenizer throughput: counts the tokens of a large text with cl100k_base, o200k_base and Qwen3's
// tokenizer.json, then runs the same text through the reference implementations (tiktoken's npm package,
// Rust compiled to WebAssembly, and Hugging Face tokenizers' Node binding) and prints the ratios.
//
//   bench_tokenizer [--megabytes 10] [--save-texts DIR] [--no-reference]
//
// Needs the files the tokenizer_reference test writes (ctest -R tokenizer_reference).

#include "dataset/tokenizer.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iterator>
#include <vector>

using namespace sift;

namespace {

const QString refDir = QStringLiteral(SIFT_TOKENIZER_REF_DIR);

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The multilingual test text and English prose (Sift's own documentation), repeated to the size asked for.
// Repetition favours Sift's piece cache; varied() below does not.
QByteArray repeated(double megabytes)
{
    QByteArray unit = readFile(QStringLiteral(SIFT_TEST_DATA "/tokenizer/multilingual.txt"));
    const QDir docs(QStringLiteral(SIFT_TEST_DATA "/../../docs"));
    for (const QString &name : docs.entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name))
        unit += '\n' + readFile(docs.filePath(name));
    unit += '\n' + readFile(QStringLiteral(SIFT_TEST_DATA "/../../README.md"));
    const auto size = qsizetype(megabytes * 1024 * 1024);
    QByteArray text;
    text.reserve(size + unit.size());
    while (text.size() < size)
        text += unit;
    return text;
}

// Seeded random words in several scripts, numbers, emoji and punctuation: text that rarely repeats a piece.
QByteArray varied(double megabytes)
{
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&](std::uint32_t bound) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return std::uint32_t(state % bound);
    };
    auto append = [](QByteArray &out, char32_t c) { out += QString::fromUcs4(&c, 1).toUtf8(); };
    static const char *const syllables[] = {
        "ka",  "tre",  "lo", "ming", "su", "per", "an", "dis", "ol",  "vy",  "bra", "que", "sto", "ne", "ri",
        "gal", "ment", "hu", "zo",   "ex", "ti",  "on", "ca",  "pri", "ble", "ous", "ing", "st",  "wa", "ye"};
    const auto size = qsizetype(megabytes * 1024 * 1024);
    QByteArray text;
    text.reserve(size + 64);
    while (text.size() < size) {
        const std::uint32_t kind = next(100);
        if (kind < 55) {
            QByteArray word;
            for (std::uint32_t i = 0, n = 1 + next(4); i < n; ++i)
                word += syllables[next(std::size(syllables))];
            if (next(5) == 0)
                word[0] = char(std::toupper(static_cast<unsigned char>(word[0])));
            text += word;
        } else if (kind < 65) {
            for (std::uint32_t i = 0, n = 3 + next(7); i < n; ++i)
                append(text, 0x430 + next(32));
        } else if (kind < 73) {
            for (std::uint32_t i = 0, n = 2 + next(5); i < n; ++i)
                append(text, 0x4E00 + next(0x5000));
        } else if (kind < 78) {
            text += QByteArray::number(qulonglong(next(1000000000)) * (1 + next(1000)));
        } else if (kind < 83) {
            for (std::uint32_t i = 0, n = 3 + next(6); i < n; ++i)
                append(text, 0x627 + next(0x24));
        } else if (kind < 88) {
            for (std::uint32_t i = 0, n = 2 + next(4); i < n; ++i) {
                append(text, 0x915 + next(0x25));
                if (next(2))
                    append(text, 0x93E + next(0xF));
            }
        } else if (kind < 91) {
            append(text, 0x1F600 + next(0x50));
            if (next(3) == 0)
                append(text, 0x1F3FB + next(5));
        } else {
            static const char *const marks[] = {",",  ".",  "(",   ")",   "{x}", "->",
                                                "\"", "'s", "...", "_id", "= ",  "//"};
            text += marks[next(std::size(marks))];
        }
        const std::uint32_t gap = next(40);
        text += gap == 0 ? "\n\n" : gap < 4 ? "\n" : gap < 6 ? ", " : gap < 7 ? "  " : " ";
    }
    return text;
}

struct Figures
{
    qint64 tokens = 0;
    double seconds = 0;
};

// Times every tokenizer on `text` (median of three), then the references on the same file. False when a
// count differs from the reference's.
bool benchmark(const char *label, const QByteArray &text, const QString &textPath, const QStringList &names,
               std::vector<Tokenizer> &tokenizers, bool reference)
{
    {
        QFile f(textPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(textPath));
            return false;
        }
    }
    const double mb = double(text.size()) / (1024 * 1024);
    // Each round visits every tokenizer, so each measured run starts with a cold piece cache.
    const std::string_view view(text.constData(), std::size_t(text.size()));
    std::vector<std::vector<double>> seconds(tokenizers.size());
    std::vector<qint64> tokens(tokenizers.size());
    for (int round = 0; round < 3; ++round) {
        for (std::size_t i = 0; i < tokenizers.size(); ++i) {
            QElapsedTimer timer;
            timer.start();
            tokens[i] = tokenizers[i].count(view);
            seconds[i].push_back(double(timer.nsecsElapsed()) / 1e9);
        }
    }
    std::printf("\n%s text: %.2f MB (%s)\n\n", label, mb, qPrintable(textPath));
    std::printf("%-12s %-28s %10s %8s %12s %8s\n", "tokenizer", "implementation", "tokens", "MB/s",
                "tokens/s", "ratio");
    std::vector<Figures> sift(tokenizers.size());
    for (std::size_t i = 0; i < tokenizers.size(); ++i) {
        std::sort(seconds[i].begin(), seconds[i].end());
        sift[i] = {tokens[i], seconds[i][1]};
        std::printf("%-12s %-28s %10lld %8.1f %12.0f\n", qPrintable(names[qsizetype(i)]), "Sift", tokens[i],
                    mb / sift[i].seconds, double(tokens[i]) / sift[i].seconds);
    }
    if (!reference)
        return true;

    QProcess node;
    node.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    node.start(QStringLiteral("node"), {QStringLiteral(SIFT_TEST_DATA "/../bench/bench_reference.mjs"),
                                        QDir(refDir).filePath(QStringLiteral("npm")), refDir, textPath});
    if (!node.waitForFinished(-1) || node.exitStatus() != QProcess::NormalExit || node.exitCode() != 0) {
        std::fprintf(stderr, "the reference benchmark (node tests/bench/bench_reference.mjs) failed\n");
        return false;
    }
    const QJsonObject ref = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
    bool same = true;
    for (std::size_t i = 0; i < tokenizers.size(); ++i) {
        const QJsonObject r = ref.value(names[qsizetype(i)]).toObject();
        const double s = r.value(QStringLiteral("seconds")).toDouble();
        const qint64 n = r.value(QStringLiteral("tokens")).toInteger();
        same = same && n == sift[i].tokens;
        std::printf("%-12s %-28s %10lld %8.1f %12.0f %7.1fx\n", qPrintable(names[qsizetype(i)]),
                    qPrintable(r.value(QStringLiteral("implementation")).toString()), n, mb / s,
                    double(n) / s, s / sift[i].seconds);
    }
    std::printf("(ratio: the reference's time over Sift's; above 1 means Sift is faster)\n");
    if (!same)
        std::fprintf(stderr, "\ntoken counts differ from the reference\n");
    return same;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    double megabytes = 10;
    QString saveDir;
    bool reference = true;
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--megabytes") && i + 1 < args.size())
            megabytes = args[++i].toDouble();
        else if (args[i] == QLatin1String("--save-texts") && i + 1 < args.size())
            saveDir = args[++i];
        else if (args[i] == QLatin1String("--no-reference"))
            reference = false;
        else {
            std::fprintf(stderr,
                         "usage: bench_tokenizer [--megabytes N] [--save-texts DIR] [--no-reference]\n");
            return 2;
        }
    }
    QTemporaryDir tmp;
    const QDir textDir(saveDir.isEmpty() ? tmp.path() : saveDir);

    const QStringList names = {QStringLiteral("cl100k_base"), QStringLiteral("o200k_base"),
                               QStringLiteral("qwen3")};
    std::vector<Tokenizer> tokenizers;
    for (const QString &name : names) {
        const QString file = QDir(refDir).filePath(
            name + (name == QLatin1String("qwen3") ? QStringLiteral(".json") : QStringLiteral(".tiktoken")));
        QElapsedTimer timer;
        timer.start();
        auto loaded = Tokenizer::load(file);
        if (!loaded) {
            std::fprintf(stderr, "%s\n(run ctest -R tokenizer_reference first)\n",
                         qPrintable(loaded.errorText()));
            return 1;
        }
        std::printf("%-12s loaded in %4lld ms\n", qPrintable(name), timer.elapsed());
        tokenizers.push_back(*loaded);
    }
    bool ok = benchmark("varied", varied(megabytes), textDir.filePath(QStringLiteral("varied.txt")), names,
                        tokenizers, reference);
    ok = benchmark("repeated", repeated(megabytes), textDir.filePath(QStringLiteral("repeated.txt")), names,
                   tokenizers, reference) &&
         ok;
    return ok ? 0 : 1;
}

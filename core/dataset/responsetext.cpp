#include "responsetext.h"

#include "generate/seededrandom.h"

#include <QCoreApplication>

#include <array>

namespace sift {

namespace {
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("sift::ResponseShape", text, disambiguation, n);
}

// ASCII by table: most text is ASCII, and this runs for every character of every response.
constexpr auto AsciiWord = [] {
    std::array<bool, 128> t{};
    for (int c = 0; c < 128; ++c)
        t[std::size_t(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return t;
}();

inline bool isWordChar(char32_t c)
{
    if (c < 0x80)
        return AsciiWord[c];
    return QChar::isLetterOrNumber(c) || QChar::isMark(c);
}

bool isApostrophe(char32_t c)
{
    return c == u'\'' || c == 0x2019;
}

// Reads the code point at `i` (a surrogate pair as one) and moves `i` past it.
inline char32_t next(QStringView text, qsizetype &i)
{
    const char16_t c = text.utf16()[i];
    ++i;
    if (QChar::isHighSurrogate(c) && i < text.size() && text[i].isLowSurrogate())
        return QChar::surrogateToUcs4(c, text[i++].unicode());
    return c;
}

inline char32_t lower(char32_t c)
{
    if (c < 0x80)
        return (c >= u'A' && c <= u'Z') ? c + 32 : c;
    return QChar::toLower(c);
}

// Whole-word prefixes, lower-cased, that say how a response opens.
struct OpeningWords
{
    ResponseShape::Opening kind;
    const char *words;
};
const OpeningWords Openings[] = {
    {ResponseShape::Greeting, "hi"},        {ResponseShape::Greeting, "hello"},      {ResponseShape::Greeting, "hey"},
    {ResponseShape::Greeting, "greetings"}, {ResponseShape::Greeting, "good morning"}, {ResponseShape::Greeting, "good afternoon"},
    {ResponseShape::Greeting, "good evening"}, {ResponseShape::Greeting, "welcome"}, {ResponseShape::Thanks, "thanks"},
    {ResponseShape::Thanks, "thank you"},   {ResponseShape::Thanks, "thx"},          {ResponseShape::Apology, "sorry"},
    {ResponseShape::Apology, "i'm sorry"},  {ResponseShape::Apology, "i am sorry"},  {ResponseShape::Apology, "apologies"},
    {ResponseShape::Apology, "i apologize"}, {ResponseShape::Apology, "i apologise"}, {ResponseShape::Apology, "unfortunately"},
    {ResponseShape::Acknowledgement, "sure"}, {ResponseShape::Acknowledgement, "of course"},
    {ResponseShape::Acknowledgement, "absolutely"}, {ResponseShape::Acknowledgement, "certainly"},
    {ResponseShape::Acknowledgement, "yes"}, {ResponseShape::Acknowledgement, "no problem"},
    {ResponseShape::Acknowledgement, "got it"}, {ResponseShape::Acknowledgement, "i see"},
    {ResponseShape::Acknowledgement, "i understand"}, {ResponseShape::Acknowledgement, "understood"},
    {ResponseShape::Acknowledgement, "okay"}, {ResponseShape::Acknowledgement, "ok"},
    {ResponseShape::Acknowledgement, "happy to help"}, {ResponseShape::Acknowledgement, "glad"},
    {ResponseShape::Acknowledgement, "good news"}, {ResponseShape::Acknowledgement, "great"},
};

bool startsWithWords(const ResponseWords &words, const std::vector<quint64> &phrase)
{
    if (phrase.empty() || words.hashes.size() < phrase.size())
        return false;
    for (std::size_t i = 0; i < phrase.size(); ++i) {
        if (words.hashes[i] != phrase[i])
            return false;
    }
    return true;
}

// A list item: "- ", "* ", "• ", or a number followed by "." or ")" and a space.
ResponseShape::ListKind listItem(QStringView line)
{
    qsizetype i = 0;
    while (i < line.size() && (line[i] == u' ' || line[i] == u'\t'))
        ++i;
    if (i + 1 < line.size() && (line[i] == u'-' || line[i] == u'*' || line[i] == u'\u2022') && line[i + 1].isSpace())
        return ResponseShape::Bulleted;
    const qsizetype digits = i;
    while (i < line.size() && i - digits < 4 && line[i].isDigit())
        ++i;
    if (i > digits && i + 1 < line.size() && (line[i] == u'.' || line[i] == u')') && line[i + 1].isSpace())
        return ResponseShape::Numbered;
    return ResponseShape::NoList;
}
} // namespace

void ResponseWords::scan(QStringView text)
{
    hashes.clear();
    offsets.clear();
    ends.clear();
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const qsizetype at = i;
        char32_t c = next(text, i);
        if (!isWordChar(c))
            continue;
        // Hash the lower-cased UTF-16 units as the word is read (one FNV-1a pass, no string built).
        quint64 h = 0xcbf29ce484222325ULL;
        auto add = [&h](char32_t cp) {
            const char32_t l = lower(cp);
            if (QChar::requiresSurrogates(l)) {
                h = (h ^ QChar::highSurrogate(l)) * 0x100000001b3ULL;
                h = (h ^ QChar::lowSurrogate(l)) * 0x100000001b3ULL;
            } else {
                h = (h ^ l) * 0x100000001b3ULL;
            }
        };
        add(c);
        qsizetype end = i;
        while (i < n) {
            qsizetype j = i;
            c = next(text, j);
            if (isWordChar(c)) {
                add(c);
                i = end = j;
            } else if (isApostrophe(c) && j < n) {
                qsizetype k = j;
                if (!isWordChar(next(text, k)))
                    break;
                add(u'\'');  // ’ and ' are the same apostrophe
                i = end = j;
            } else {
                break;
            }
        }
        hashes.push_back(SeededRandom::mix(h));
        offsets.push_back(int(at));
        ends.push_back(int(end));
    }
}

QString ResponseWords::phrase(QStringView text, int first, int count) const
{
    QStringList words;
    for (int w = first; w < first + count && w < size(); ++w) {
        QString word = text.mid(offsets[w], ends[w] - offsets[w]).toString().toLower();
        word.replace(QChar(0x2019), QLatin1Char('\''));
        words.append(word);
    }
    return words.join(QLatin1Char(' '));
}

std::vector<quint64> ResponseWords::hashesOf(const QString &phrase)
{
    ResponseWords words;
    words.scan(phrase);
    return words.hashes;
}

int ResponseWords::countWords(QStringView text)
{
    int count = 0;
    bool inWord = false;
    qsizetype i = 0;
    while (i < text.size()) {
        const char32_t c = next(text, i);
        const bool word = isWordChar(c) || (inWord && isApostrophe(c));
        if (word && !inWord)
            ++count;
        inWord = word;
    }
    return count;
}

int countQuestions(QStringView text)
{
    int count = 0;
    bool inRun = false;
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    for (; p < end; ++p) {
        const char16_t c = *p;
        const bool mark = c == u'?' || c == u'\uFF1F';
        if (mark && !inRun)
            ++count;
        inRun = mark || (inRun && c == u'!');
    }
    return count;
}

ResponseShape ResponseShape::of(QStringView text, const ResponseWords &words, bool opensWithPraise)
{
    ResponseShape shape;
    // Paragraphs are runs of non-blank lines; a list anywhere sets the list kind.
    int paragraphs = 0;
    bool inParagraph = false;
    bool firstLineIsList = false;
    bool firstLineSeen = false;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != u'\n')
            continue;
        const QStringView line = text.mid(lineStart, i - lineStart);
        lineStart = i + 1;
        if (line.trimmed().isEmpty()) {
            inParagraph = false;
            continue;
        }
        if (!inParagraph)
            ++paragraphs;
        inParagraph = true;
        const ListKind kind = listItem(line);
        if (!firstLineSeen)
            firstLineIsList = kind != NoList;
        firstLineSeen = true;
        if (kind != NoList && shape.list != Numbered)
            shape.list = kind;
    }
    shape.paragraphs = quint8(qBound(1, paragraphs, 4));
    shape.questionCount = countQuestions(text);
    shape.questions = quint8(qMin(2, shape.questionCount));

    if (firstLineIsList) {
        shape.opening = List;
    } else if (opensWithPraise) {
        shape.opening = Praise;
    } else {
        static const auto openings = [] {
            std::vector<std::pair<Opening, std::vector<quint64>>> out;
            for (const OpeningWords &o : Openings)
                out.emplace_back(o.kind, ResponseWords::hashesOf(QString::fromUtf8(o.words)));
            return out;
        }();
        // The longest matching prefix decides ("i'm sorry" over nothing, "good news" over "good").
        std::size_t best = 0;
        for (const auto &[kind, phrase] : openings) {
            if (phrase.size() > best && startsWithWords(words, phrase)) {
                shape.opening = kind;
                best = phrase.size();
            }
        }
        if (best == 0) {
            // The first sentence: up to the first '.', '!', '?' or line break.
            qsizetype end = 0;
            while (end < text.size() && text[end] != u'.' && text[end] != u'!' && text[end] != u'?' && text[end] != u'\n')
                ++end;
            if (end < text.size() && text[end] == u'?')
                shape.opening = Question;
        }
    }
    return shape;
}

ResponseShape ResponseShape::fromKey(int key)
{
    ResponseShape s;
    s.opening = Opening(key & 0xF);
    s.paragraphs = quint8((key >> 4) & 0xF);
    s.list = ListKind((key >> 8) & 0xF);
    s.questions = quint8((key >> 12) & 0xF);
    return s;
}

QString ResponseShape::describe() const
{
    static const char *const openings[] = {QT_TRANSLATE_NOOP("sift::ResponseShape", "opens directly"),
                                           QT_TRANSLATE_NOOP("sift::ResponseShape", "opens with a greeting"),
                                           QT_TRANSLATE_NOOP("sift::ResponseShape", "opens with thanks"),
                                           QT_TRANSLATE_NOOP("sift::ResponseShape", "opens with an apology"),
                                           QT_TRANSLATE_NOOP("sift::ResponseShape", "opens with an acknowledgement"),
                                           QT_TRANSLATE_NOOP("sift::ResponseShape", "opens with praise"),
                                           QT_TRANSLATE_NOOP("sift::ResponseShape", "opens with a question"),
                                           QT_TRANSLATE_NOOP("sift::ResponseShape", "opens with a list")};
    QStringList parts{tr(openings[qMin<int>(opening, OpeningCount - 1)])};
    parts.append(paragraphs >= 4 ? tr("4+ paragraphs") : tr("%n paragraph(s)", nullptr, paragraphs));
    parts.append(list == Numbered ? tr("numbered list") : list == Bulleted ? tr("bulleted list") : tr("no list"));
    parts.append(questions >= 2 ? tr("2+ questions") : questions == 1 ? tr("1 question") : tr("no question"));
    return parts.join(QStringLiteral(", "));
}

} // namespace sift

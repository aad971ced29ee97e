#include "datasetaudit.h"

#include <QCoreApplication>
#include <QLocale>

namespace sift {

namespace {
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("sift::DatasetAudit", text, disambiguation, n);
}

constexpr int MaxExamples = 5;

QString start(QStringView text)
{
    QString out = text.left(160).toString().simplified();
    if (text.size() > 160)
        out.append(QChar(0x2026));
    return out;
}

QString percent(double share)
{
    return QStringLiteral("%1%").arg(share * 100, 0, 'f', 1);
}

QString sharePhrase(int count, int of)
{
    return tr("%1 of responses (%2 of %3)").arg(percent(of ? double(count) / of : 0)).arg(count).arg(of);
}

double share(int count, int of)
{
    return of ? double(count) / of : 0;
}
} // namespace

void DatasetAudit::PhraseSet::set(const QStringList &phrases)
{
    texts.clear();
    words.clear();
    byFirstWord.clear();
    firstWordBits.fill(0);
    for (const QString &p : phrases) {
        std::vector<quint64> hashes = ResponseWords::hashesOf(p);
        if (hashes.empty())
            continue;
        byFirstWord[hashes.front()].push_back(int(words.size()));
        firstWordBits[(hashes.front() >> 6) & 63] |= quint64(1) << (hashes.front() & 63);
        texts.append(p);
        words.push_back(std::move(hashes));
    }
}

bool DatasetAudit::PhraseSet::startsAt(const ResponseWords &w, int phrase, int at) const
{
    const std::vector<quint64> &p = words[std::size_t(phrase)];
    if (at + int(p.size()) > w.size())
        return false;
    for (std::size_t k = 0; k < p.size(); ++k) {
        if (w.hashes[std::size_t(at) + k] != p[k])
            return false;
    }
    return true;
}

template <typename F>
void DatasetAudit::PhraseSet::match(const ResponseWords &w, F hit) const
{
    if (byFirstWord.empty())
        return;
    for (int i = 0; i < w.size(); ++i) {
        const quint64 h = w.hashes[std::size_t(i)];
        // Most words start no phrase: a bit per hash bucket answers that without a map lookup.
        if (!(firstWordBits[(h >> 6) & 63] & (quint64(1) << (h & 63))))
            continue;
        const auto it = byFirstWord.find(h);
        if (it == byFirstWord.end())
            continue;
        for (const int phrase : it->second) {
            if (startsAt(w, phrase, i))
                hit(phrase, i);
        }
    }
}

void DatasetAudit::Tally::add(const QString &transcript, int message, QStringView text)
{
    ++responses;
    // Excerpts are made only for the few examples kept: a million responses need no million strings.
    if (examples.size() < MaxExamples)
        examples.append({transcript, message, start(text)});
}

DatasetAudit::DatasetAudit(const AuditSettings &settings, const AssistantPhrases &phrases)
    : m_settings(settings), m_phrases(settings.minPhraseWords, settings.maxPhraseWords)
{
    m_antiPatterns.set(phrases.antiPatterns);
    m_praise.set(phrases.effectivePraisePhrases());
    m_antiPatternHits.resize(m_antiPatterns.texts.size());
}

void DatasetAudit::addSample(const TrainingConversation &conversation)
{
    for (qsizetype i = 0; i < conversation.messages.size(); ++i) {
        if (conversation.messages[i].role == QLatin1String("assistant"))
            m_phrases.addSample(conversation.messages[i].content);
    }
}

void DatasetAudit::startCounting()
{
    // Half the red threshold: the sample's error has to be that large to hide a red phrase.
    m_phrases.chooseCandidates(m_settings.repetitionShare / 2);
}

void DatasetAudit::add(const QString &transcript, const TrainingConversation &conversation)
{
    if (!conversation.ok())
        return;
    ++m_transcripts;
    // Early and late halves of the conversation's replies; the middle reply of an odd count is neither.
    const int replies = conversation.exchanges;
    for (int e = 1; e <= replies; ++e)
        addResponse(transcript, conversation, conversation.replyIndex(e), e <= replies / 2, e > replies - replies / 2);
}

void DatasetAudit::addResponse(const QString &transcript, const TrainingConversation &conversation, int index, bool early, bool late)
{
    const QString &text = conversation.messages[index].content;
    m_words.scan(text);
    ++m_responses;

    m_phrases.count(transcript, index, text, m_words);

    bool praised = false;
    bool opensWithPraise = false;
    m_praise.match(m_words, [&](int, int at) {
        praised = true;
        opensWithPraise = opensWithPraise || at == 0;
    });
    QList<bool> antiHit(m_antiPatterns.texts.size(), false);
    m_antiPatterns.match(m_words, [&](int phrase, int) {
        if (!antiHit[phrase]) {
            antiHit[phrase] = true;
            m_antiPatternHits[phrase].add(transcript, index, text);
        }
    });

    const ResponseShape shape = ResponseShape::of(text, m_words, opensWithPraise);
    m_shapes[shape.key()].add(transcript, index, text);

    // The user message this reply answers is the one before it (the conversation alternates).
    const int userWords = ResponseWords::countWords(conversation.messages[index - 1].content);
    if (userWords > 0) {
        const double ratio = double(m_words.size()) / userWords;
        m_ratioSum += ratio;
        ++m_ratioCount;
        if (ratio > m_settings.hardLengthRatio)
            m_overHardLimit.add(transcript, index, text);
        if (m_highestRatios.size() < MaxExamples || ratio > m_highestRatios.last().first) {
            qsizetype at = 0;
            while (at < m_highestRatios.size() && m_highestRatios[at].first >= ratio)
                ++at;
            m_highestRatios.insert(at, {ratio, AuditExample{transcript, index, start(text)}});
            if (m_highestRatios.size() > MaxExamples)
                m_highestRatios.removeLast();
        }
    }

    if (early) {
        ++m_earlyResponses;
        if (praised)
            m_earlyPraise.add(transcript, index, text);
    }
    if (late) {
        ++m_lateResponses;
        if (praised)
            m_latePraise.add(transcript, index, text);
    }
    if (shape.questionCount > m_settings.maxQuestions)
        m_manyQuestions.add(transcript, index, text);
}

AuditReport DatasetAudit::report() const
{
    using Rule = AuditFinding::Rule;
    AuditReport r;
    r.transcripts = m_transcripts;
    r.responses = m_responses;
    const int n = m_responses;

    // Phrase repetition: every phrase above the threshold is a red flag; the most repeated ones below
    // it are listed for context.
    const QList<PhraseCounter::Phrase> phrases = m_phrases.phrases();
    int listed = 0;
    for (const PhraseCounter::Phrase &p : phrases) {
        const double s = share(p.responses, n);
        const bool red = s > m_settings.repetitionShare;
        if (!red && listed >= 5)
            continue;
        if (!red)
            ++listed;
        r.findings.append({Rule::PhraseRepetition, p.text, s, m_settings.repetitionShare, p.responses,
                           sharePhrase(p.responses, n), red, p.examples});
    }
    if (phrases.isEmpty())
        r.findings.append({Rule::PhraseRepetition, QString(), 0, m_settings.repetitionShare, 0,
                           tr("no phrase of %1 to %2 words in %3 or more of responses")
                               .arg(m_settings.minPhraseWords)
                               .arg(m_settings.maxPhraseWords)
                               .arg(percent(m_settings.repetitionShare / 2)),
                           false, {}});

    // Structural rigidity: the most common shape.
    int topKey = -1;
    int top = 0;
    for (auto it = m_shapes.begin(); it != m_shapes.end(); ++it) {
        if (it->responses > top) {
            top = it->responses;
            topKey = it.key();
        }
    }
    const double topShare = share(top, n);
    r.findings.append({Rule::StructuralRigidity, topKey < 0 ? QString() : ResponseShape::fromKey(topKey).describe(), topShare,
                       m_settings.rigidityShare, top,
                       tr("%1; %n distinct shape(s)", nullptr, int(m_shapes.size())).arg(sharePhrase(top, n)),
                       n > 0 && topShare >= m_settings.rigidityShare, topKey < 0 ? QList<AuditExample>() : m_shapes[topKey].examples});

    // Length ratio.
    const double mean = m_ratioCount ? m_ratioSum / m_ratioCount : 0;
    QList<AuditExample> highest;
    for (const auto &[ratio, example] : m_highestRatios) {
        AuditExample e = example;
        e.excerpt = QStringLiteral("%1x: ").arg(ratio, 0, 'f', 1) + e.excerpt;
        highest.append(e);
    }
    r.findings.append({Rule::LengthRatio, QString(), mean, m_settings.lengthRatio, m_ratioCount,
                       tr("average %1x the preceding user message's words (threshold %2x)")
                           .arg(mean, 0, 'f', 2)
                           .arg(m_settings.lengthRatio),
                       mean > m_settings.lengthRatio, highest});
    r.findings.append({Rule::LengthHardLimit, QString(), double(m_overHardLimit.responses), m_settings.hardLengthRatio,
                       m_overHardLimit.responses,
                       tr("%1 above %2x the user's words").arg(sharePhrase(m_overHardLimit.responses, n)).arg(m_settings.hardLengthRatio),
                       false, m_overHardLimit.examples});

    // Praise: late turns against early ones. One stray compliment is not drift: the flag needs at
    // least three praising late replies.
    const double earlyRate = share(m_earlyPraise.responses, m_earlyResponses);
    const double lateRate = share(m_latePraise.responses, m_lateResponses);
    const bool praiseRed = m_latePraise.responses >= 3 && lateRate >= m_settings.praiseRatio * earlyRate;
    const double praiseRatio = earlyRate > 0 ? lateRate / earlyRate : (lateRate > 0 ? qInf() : 0);
    r.findings.append({Rule::PraiseDistribution, QString(), earlyRate > 0 ? praiseRatio : lateRate, m_settings.praiseRatio,
                       m_latePraise.responses,
                       tr("praise in %1 of late replies, %2 of early ones (%3)")
                           .arg(percent(lateRate), percent(earlyRate),
                                earlyRate > 0 ? QStringLiteral("%1x").arg(praiseRatio, 0, 'f', 2)
                                              : (lateRate > 0 ? tr("none early") : tr("none"))),
                       praiseRed, m_latePraise.responses ? m_latePraise.examples : m_earlyPraise.examples});

    const double questions = share(m_manyQuestions.responses, n);
    r.findings.append({Rule::QuestionDiscipline, QString(), questions, m_settings.questionShare, m_manyQuestions.responses,
                       tr("%1 ask more than %2 questions").arg(sharePhrase(m_manyQuestions.responses, n)).arg(m_settings.maxQuestions),
                       questions > m_settings.questionShare, m_manyQuestions.examples});

    for (qsizetype i = 0; i < m_antiPatterns.texts.size(); ++i) {
        const Tally &t = m_antiPatternHits[i];
        const double s = share(t.responses, n);
        r.findings.append({Rule::AntiPattern, m_antiPatterns.texts[i], s, m_settings.antiPatternShare, t.responses,
                           sharePhrase(t.responses, n), s > m_settings.antiPatternShare, t.examples});
    }
    return r;
}

} // namespace sift

#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <vector>

namespace sift {

// The words of a response as the audit compares them: runs of letters, digits and combining marks
// (an apostrophe inside a word belongs to it: "don't", "we’re"), lower-cased. Each word is kept as a
// 64-bit hash with its offset in the text, so counting phrases never allocates a string.
struct ResponseWords
{
    std::vector<quint64> hashes;
    std::vector<int> offsets;  // of each word's first character
    std::vector<int> ends;     // one past each word's last character

    void scan(QStringView text);
    int size() const { return int(hashes.size()); }
    // The words from `first` on, `count` of them, lower-cased and joined by single spaces.
    QString phrase(QStringView text, int first, int count) const;

    // The word hashes of a phrase given as text (as the configuration writes it).
    static std::vector<quint64> hashesOf(const QString &phrase);
    static int countWords(QStringView text);
};

// The shape of a response, for structural rigidity: how it opens, how many paragraphs, whether it
// has a list, how many questions it asks. Two responses with the same shape look alike at a glance.
struct ResponseShape
{
    enum Opening : quint8 { Direct, Greeting, Thanks, Apology, Acknowledgement, Praise, Question, List, OpeningCount };
    enum ListKind : quint8 { NoList, Bulleted, Numbered };

    Opening opening = Direct;
    quint8 paragraphs = 1;  // 1, 2, 3, or 4 for "4 or more"
    ListKind list = NoList;
    quint8 questions = 0;   // 0, 1, or 2 for "2 or more"
    int questionCount = 0;  // the exact count (not part of the shape)

    // `words` are the response's scanned words; `praise` tells whether it opens with praise.
    static ResponseShape of(QStringView text, const ResponseWords &words, bool opensWithPraise);
    int key() const { return opening | (paragraphs << 4) | (list << 8) | (questions << 12); }
    static ResponseShape fromKey(int key);
    QString describe() const;
};

// Questions asked: each run of question marks ("??", "?!") that ends a sentence counts once.
int countQuestions(QStringView text);

} // namespace sift

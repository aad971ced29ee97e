#pragma once

#include "store/records.h"

#include <QTextBrowser>

namespace sift {

// A transcript as a conversation: the system prompt, then every message numbered as the judges
// number turns ("Turn 3" is the third message after the system prompt), the flaws the simulated
// user was given for each message as small tags, and one message that can be highlighted and
// scrolled to (the turn a judge cites, the reply an audit example points at).
class ConversationView : public QTextBrowser
{
    Q_OBJECT

public:
    explicit ConversationView(QWidget *parent = nullptr);

    void setTranscript(const TranscriptRecord &transcript);
    // Highlights one message (by index in the transcript, -1: none) with a caption, and scrolls to it.
    void highlightMessage(int message, const QString &caption = {});
    int highlightedMessage() const { return m_highlighted; }
    // Shows a message in place of a conversation (no transcript, or it cannot be read).
    void showNotice(const QString &html);
    const TranscriptRecord &transcript() const { return m_transcript; }
    // The judge's turn number of a message (0 for the system prompt).
    static int turnOf(const TranscriptRecord &transcript, int message);

private:
    void render();

    TranscriptRecord m_transcript;
    int m_highlighted = -1;
    QString m_caption;
};

} // namespace sift

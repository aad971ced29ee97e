#include "conversationview.h"

#include <QScrollBar>

namespace sift {

ConversationView::ConversationView(QWidget *parent) : QTextBrowser(parent)
{
    setOpenLinks(false);
}

int ConversationView::turnOf(const TranscriptRecord &transcript, int message)
{
    if (message < 0 || message >= transcript.messages.size() || transcript.messages[message].role == QLatin1String("system"))
        return 0;
    int turn = 0;
    for (int i = 0; i <= message; ++i)
        turn += transcript.messages[i].role != QLatin1String("system") ? 1 : 0;
    return turn;
}

void ConversationView::setTranscript(const TranscriptRecord &transcript)
{
    m_transcript = transcript;
    m_highlighted = -1;
    m_caption.clear();
    render();
    verticalScrollBar()->setValue(0);
}

void ConversationView::highlightMessage(int message, const QString &caption)
{
    if (message == m_highlighted && caption == m_caption)
        return;
    m_highlighted = message;
    m_caption = caption;
    const int keep = verticalScrollBar()->value();
    render();
    verticalScrollBar()->setValue(keep);
    if (message >= 0)
        scrollToAnchor(QStringLiteral("m%1").arg(message));
}

void ConversationView::showNotice(const QString &html)
{
    m_transcript = {};
    m_highlighted = -1;
    setHtml(html);
}

void ConversationView::render()
{
    QString html;
    int userIndex = 0;
    int turn = 0;
    const int cut = m_transcript.truncatedAt;
    for (int i = 0; i < m_transcript.messages.size(); ++i) {
        const Message &m = m_transcript.messages[i];
        QString heading;
        QString tags;
        QString style;
        if (m.role == QLatin1String("system")) {
            heading = tr("System prompt");
            style = QStringLiteral("background:#f4f4f4;color:#555");
        } else {
            ++turn;
            if (m.role == QLatin1String("user")) {
                heading = tr("Turn %1 \u00b7 User").arg(turn);
                style = QStringLiteral("background:#eef3fb");
                const QStringList flaws = userIndex < m_transcript.flaws.size() ? m_transcript.flaws.at(userIndex) : QStringList();
                for (const QString &flaw : flaws)
                    tags += QStringLiteral(" <span style='background:#fbe3b5;color:#6b4a00;font-size:small'>&nbsp;%1&nbsp;</span>")
                                .arg(flaw.toHtmlEscaped());
                ++userIndex;
            } else {
                heading = tr("Turn %1 \u00b7 Assistant").arg(turn);
                style = QStringLiteral("background:#ffffff");
            }
        }
        if (cut >= 0 && i >= cut)
            style += QStringLiteral(";color:#888");
        if (i == m_highlighted) {
            style = QStringLiteral("background:#fff3c4;border:2px solid #d9a400");
            if (!m_caption.isEmpty())
                tags += QStringLiteral(" <span style='color:#7a5a00'>\u2014 %1</span>").arg(m_caption.toHtmlEscaped());
        }
        if (cut >= 0 && i == cut)
            html += QStringLiteral("<p style='color:#a00'>%1</p>").arg(tr("\u2702 Training data stops here (the transcript was cut)"));
        QString body = m.content.toHtmlEscaped();
        body.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        html += QStringLiteral("<div style='%1;padding:6px;margin-bottom:6px'><a name='m%2'></a><b>%3</b>%4<br>%5</div>")
                    .arg(style)
                    .arg(i)
                    .arg(heading, tags, body);
    }
    setHtml(html);
}

} // namespace sift

#include "cellpanel.h"

#include "verdictgridmodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace sift {

CellPanel::CellPanel(QWidget *parent)
    : QWidget(parent), m_title(new QLabel), m_detail(new QTextBrowser), m_note(new QLineEdit)
{
    setObjectName(QStringLiteral("cellPanel"));
    m_title->setObjectName(QStringLiteral("cellTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);
    m_detail->setObjectName(QStringLiteral("verdictDetail"));
    m_detail->setOpenLinks(false);
    m_note->setObjectName(QStringLiteral("flagNote"));
    m_note->setPlaceholderText(tr("Note on this flag (optional; becomes the example's reasoning when promoted)"));
    m_note->setClearButtonEnabled(true);
    m_note->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_detail, 1);
    auto *buttons = new QHBoxLayout;
    buttons->setObjectName(QStringLiteral("flagButtons"));
    layout->addLayout(buttons);
    layout->addWidget(m_note);

    connect(m_note, &QLineEdit::editingFinished, this, [this] {
        if (m_note->text() != m_shownNote) {
            m_shownNote = m_note->text();
            Q_EMIT noteEdited(m_note->text());
        }
    });
}

void CellPanel::setActions(QAction *agree, QAction *falsePositive, QAction *falseNegative, QAction *clear, QAction *promote)
{
    auto *buttons = findChild<QHBoxLayout *>(QStringLiteral("flagButtons"));
    for (QAction *a : {agree, falsePositive, falseNegative, clear, promote}) {
        auto *b = new QToolButton;
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setAutoRaise(false);
        b->setFocusPolicy(Qt::NoFocus);  // the keyboard stays in the grid
        if (a == promote)
            buttons->addStretch(1);
        buttons->addWidget(b);
        m_buttons.append(b);
    }
}

QString CellPanel::note() const
{
    return m_note->text();
}

void CellPanel::focusNote()
{
    if (m_note->isEnabled()) {
        m_note->setFocus();
        m_note->selectAll();
    }
}

void CellPanel::showCell(const TranscriptReview *review, const QString &criterionQuestion, const QString &judge,
                         const QString &criterion)
{
    const VerdictColumn *column = review && !judge.isEmpty() ? review->column(judge) : nullptr;
    const auto flag = column ? review->flag(judge, criterion) : std::nullopt;
    m_shownNote = flag ? flag->note : QString();
    {
        const QSignalBlocker block(m_note);
        m_note->setText(m_shownNote);
    }
    m_note->setEnabled(flag.has_value());
    if (!column || criterion.isEmpty()) {
        m_title->setText(tr("<i>Select a judge's answer in the grid.</i>"));
        m_detail->setHtml(review && review->judges.isEmpty()
                              ? tr("This transcript has not been assessed yet: there is nothing to review in the grid. "
                                   "Read the conversation and leave a note if something is off.")
                              : QString());
        return;
    }
    const QString title = VerdictGridModel::judgeTitle(judge);
    m_title->setText(tr("<b>%1</b> %2").arg(criterion.toHtmlEscaped(), criterionQuestion.toHtmlEscaped()));
    if (column->assessed && !column->valid && judge != ReviewStore::AggregateJudge) {
        m_detail->setHtml(tr("<b>%1</b>'s assessment is <b>invalid</b> and counts as a failure: %2")
                              .arg(title.toHtmlEscaped(), column->error.toHtmlEscaped()));
        return;
    }
    const auto it = column->answers.constFind(criterion);
    if (it == column->answers.constEnd()) {
        m_detail->setHtml(tr("<b>%1</b> gave no answer on %2.").arg(title.toHtmlEscaped(), criterion.toHtmlEscaped()));
        return;
    }
    QString html = tr("<b>%1</b> said <b>%2</b>").arg(title.toHtmlEscaped(), it->answer.toHtmlEscaped());
    if (it->turn > 0)
        html += tr(", citing turn %1").arg(it->turn);
    html += QStringLiteral("<br><i>%1</i> %2<br><i>%3</i> %4")
                .arg(tr("Evidence:"), it->evidence.isEmpty() ? tr("(none quoted)") : QStringLiteral("\u201c%1\u201d").arg(it->evidence.toHtmlEscaped()),
                     tr("Reasoning:"), it->reasoning.toHtmlEscaped());
    if (flag)
        html += tr("<br><b>Your flag:</b> %1").arg(VerdictGridModel::flagShortName(flagKindName(flag->kind)));
    else if (review->flags.contains(TranscriptReview::cellKey(judge, criterion)))
        html += tr("<br><span style='color:#8a5a00'>Your earlier flag was about another answer of this judge; flag it again.</span>");
    m_detail->setHtml(html);
}

} // namespace sift

#include "gatepanel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace sift {

namespace {
QString recommendationTitle(GateRecommendation r)
{
    switch (r) {
    case GateRecommendation::Scale:
        return GatePanel::tr("Scale");
    case GateRecommendation::Iterate:
        return GatePanel::tr("Keep iterating");
    case GateRecommendation::Revise:
        return GatePanel::tr("Major revision");
    }
    return {};
}
} // namespace

GatePanel::GatePanel(QWidget *parent)
    : QWidget(parent), m_rate(new QLabel), m_recommendation(new QLabel), m_signOff(new QToolButton),
      m_signOffNote(new QLabel), m_advice(new QTextBrowser)
{
    setObjectName(QStringLiteral("gatePanel"));
    m_rate->setObjectName(QStringLiteral("gateRate"));
    m_recommendation->setObjectName(QStringLiteral("gateRecommendation"));
    m_recommendation->setWordWrap(true);
    m_recommendation->setTextFormat(Qt::RichText);
    m_signOffNote->setObjectName(QStringLiteral("signOffNote"));
    m_signOffNote->setWordWrap(true);
    m_signOffNote->setStyleSheet(QStringLiteral("color:#666"));
    m_advice->setObjectName(QStringLiteral("iterationAdvice"));
    m_advice->setOpenLinks(false);
    m_signOff->setFocusPolicy(Qt::NoFocus);
    m_signOff->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(m_rate, 1);
    top->addWidget(m_signOff);
    layout->addLayout(top);
    layout->addWidget(m_recommendation);
    layout->addWidget(m_signOffNote);
    layout->addWidget(new QLabel(tr("What to iterate on:")));
    layout->addWidget(m_advice, 1);
}

void GatePanel::setSignOffAction(QAction *signOff)
{
    m_signOff->setDefaultAction(signOff);
}

void GatePanel::clear()
{
    m_rate->clear();
    m_recommendation->clear();
    m_signOffNote->clear();
    m_advice->clear();
}

QString GatePanel::recommendationText() const
{
    return m_recommendation->text();
}

void GatePanel::showSummary(const BatchSummary &s, const QString &signedOffAt, const QString &signOffNote)
{
    m_rate->setText(tr("<b>Batch:</b> %1 of %2 passed (%3%)%4")
                        .arg(s.passed)
                        .arg(s.transcripts)
                        .arg(qRound(s.passRate() * 100))
                        .arg(s.assessed < s.transcripts ? tr(", %1 not assessed").arg(s.transcripts - s.assessed) : QString()));
    const char *colour = s.gate.recommendation == GateRecommendation::Scale    ? "#1d6b2a"
                         : s.gate.recommendation == GateRecommendation::Revise ? "#a01c1c"
                                                                               : "#8a5a00";
    m_recommendation->setText(QStringLiteral("<span style='color:%1'><b>%2:</b> %3</span>")
                                  .arg(QLatin1String(colour), recommendationTitle(s.gate.recommendation).toHtmlEscaped(),
                                       s.gate.text.toHtmlEscaped()));
    m_signOffNote->setText(!signedOffAt.isEmpty() ? tr("Signed off %1.").arg(signedOffAt) : signOffNote);
    QString html;
    if (s.advice.isEmpty()) {
        html = s.flagged ? tr("Nothing flagged as wrong in this batch.")
                         : tr("Flag the judges' answers (agree, false positive, false negative) and note what the rubric "
                              "misses; the advice follows from what you mark.");
    } else {
        html = QStringLiteral("<ul style='margin-left:-20px'>");
        for (const IterationAdvice &a : s.advice)
            html += QStringLiteral("<li><b>%1:</b> %2</li>").arg(adviceTargetName(a.target).toHtmlEscaped(), a.text.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    m_advice->setHtml(html);
}

} // namespace sift

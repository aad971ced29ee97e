#include "inlineissues.h"

#include <QResizeEvent>
#include <QStyle>
#include <QWidget>

namespace sift {

InlineIssues::InlineIssues(QWidget *parent) : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    // A wrapped label in a form row otherwise settles for its narrowest width.
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setContentsMargins(2, 2, 2, 2);
    hide();
}

void InlineIssues::setDiagnostics(const Diagnostics &diagnostics)
{
    m_diagnostics = diagnostics;
    QStringList lines;
    for (const Diagnostic &d : diagnostics) {
        const QString colour = d.isError() ? QStringLiteral("#b01c1c") : QStringLiteral("#8a5d00");
        const QString label = d.isError() ? tr("Error") : tr("Warning");
        QString line = QStringLiteral("<span style='color:%1'><b>%2:</b> %3</span>")
                           .arg(colour, label, d.message.toHtmlEscaped());
        if (!d.hint.isEmpty())
            line += QStringLiteral("<br><span style='color:#555'>%1</span>").arg(d.hint.toHtmlEscaped());
        lines.append(line);
    }
    setText(lines.join(QStringLiteral("<br>")));
    setVisible(!diagnostics.isEmpty());
    fitHeight();
}

void InlineIssues::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    fitHeight();
}

void InlineIssues::fitHeight()
{
    if (width() <= 0)
        return;
    const int height = heightForWidth(width());
    if (height > 0 && height != maximumHeight())
        setFixedHeight(height);
}

void InlineIssues::markField(QWidget *field, const Diagnostics &diagnostics)
{
    QString severity;
    QStringList messages;
    for (const Diagnostic &d : diagnostics) {
        if (d.isError())
            severity = QStringLiteral("error");
        else if (severity.isEmpty())
            severity = QStringLiteral("warning");
        messages.append(d.hint.isEmpty() ? d.message : QStringLiteral("%1 — %2").arg(d.message, d.hint));
    }
    if (field->property("issue").toString() == severity &&
        field->toolTip() == messages.join(QLatin1Char('\n')))
        return;
    field->setProperty("issue", severity);
    field->setToolTip(messages.join(QLatin1Char('\n')));
    // Re-polish so the editor's style sheet ([issue="error"]) applies the new frame.
    field->style()->unpolish(field);
    field->style()->polish(field);
}

} // namespace sift

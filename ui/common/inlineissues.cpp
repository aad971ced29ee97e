#include "inlineissues.h"

#include <QEvent>
#include <QIcon>
#include <QPainter>
#include <QPixmap>
#include <QResizeEvent>
#include <QWidget>

namespace sift {

namespace {

QString severityOf(const Diagnostics &diagnostics)
{
    QString severity;
    for (const Diagnostic &d : diagnostics) {
        if (d.isError())
            return QStringLiteral("error");
        severity = QStringLiteral("warning");
    }
    return severity;
}

// The coloured frame around a field with findings, drawn over it by a child the field's size that
// lets the mouse through. A style sheet border would do it with less code, but a styled spin box or
// combo box loses its native buttons (the arrows get squashed into the frame).
class IssueFrame : public QWidget
{
public:
    explicit IssueFrame(QWidget *field) : QWidget(field)
    {
        setObjectName(QStringLiteral("issueFrame"));
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setFocusPolicy(Qt::NoFocus);
        field->installEventFilter(this);
        setGeometry(field->rect());
    }
    void setColour(const QColor &colour)
    {
        m_colour = colour;
        setGeometry(parentWidget()->rect());
        raise();
        update();
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == parentWidget() && event->type() == QEvent::Resize)
            setGeometry(parentWidget()->rect());
        return false;
    }
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setPen(QPen(m_colour, 1));
        painter.drawRect(rect().adjusted(0, 0, -1, -1));
    }

private:
    QColor m_colour;
};

} // namespace

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
    // QLabel::heightForWidth() never answers less than the minimum height, which is the height pinned
    // last time: without lifting it, a label once fitted to a narrow width would stay that tall (with
    // empty lines above and below its text) however wide it became.
    const int pinned = minimumHeight();
    setMinimumHeight(0);
    const int height = heightForWidth(width());
    if (height > 0 && height != maximumHeight())
        setFixedHeight(height);
    else
        setMinimumHeight(pinned);
}

QColor InlineIssues::colour(bool error)
{
    return error ? QColor(0xd0, 0x2b, 0x2b) : QColor(0xd9, 0x8c, 0x1f);
}

QString InlineIssues::summary(const Diagnostics &diagnostics)
{
    QStringList messages;
    for (const Diagnostic &d : diagnostics)
        messages.append(d.hint.isEmpty() ? d.message : QStringLiteral("%1 — %2").arg(d.message, d.hint));
    return messages.join(QLatin1Char('\n'));
}

QVariant InlineIssues::rowDecoration(const Diagnostics &diagnostics)
{
    const QString severity = severityOf(diagnostics);
    if (severity.isEmpty())
        return {};
    QPixmap dot(12, 12);
    dot.fill(Qt::transparent);
    QPainter painter(&dot);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour(severity == QLatin1String("error")));
    painter.drawEllipse(QRectF(1, 1, 10, 10));
    painter.end();
    return QIcon(dot);
}

void InlineIssues::markField(QWidget *field, const Diagnostics &diagnostics)
{
    const QString severity = severityOf(diagnostics);
    const QString tip = summary(diagnostics);
    auto *frame = field->findChild<IssueFrame *>(QStringLiteral("issueFrame"), Qt::FindDirectChildrenOnly);
    if (field->property("issue").toString() == severity && field->toolTip() == tip &&
        (frame != nullptr) == !severity.isEmpty())
        return;
    field->setProperty("issue", severity);
    field->setToolTip(tip);
    if (severity.isEmpty()) {
        delete frame;
        return;
    }
    if (!frame)
        frame = new IssueFrame(field);
    frame->setColour(colour(severity == QLatin1String("error")));
    frame->show();
}

} // namespace sift

#include "shareindicator.h"

#include <QPainter>
#include <algorithm>

namespace sift {

ShareIndicator::ShareIndicator(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ShareIndicator::setRange(double maximum, double low, double high, std::optional<double> target)
{
    m_maximum = maximum > 0 ? maximum : 1;
    m_low = low;
    m_high = high;
    m_target = target;
    update();
}

void ShareIndicator::setValue(double value, const QString &text)
{
    m_value = value;
    if (text != m_text) {
        m_text = text;
        updateGeometry();  // the size hints follow the text
    }
    setToolTip(text);
    setAccessibleDescription(text);
    update();
}

bool ShareIndicator::isWithinRange() const
{
    constexpr double Epsilon = 1e-9;
    return m_value >= m_low - Epsilon && m_value <= m_high + Epsilon;
}

QSize ShareIndicator::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(m_text) + 160, fontMetrics().height() + 8};
}

QSize ShareIndicator::minimumSizeHint() const
{
    return {fontMetrics().horizontalAdvance(m_text) + 60, fontMetrics().height() + 8};
}

void ShareIndicator::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int textWidth = fontMetrics().horizontalAdvance(m_text) + 12;
    const QRectF track(0.5, 3.5, std::max(40, width() - textWidth) - 1.0, height() - 7.0);
    p.setPen(palette().color(QPalette::Mid));
    p.setBrush(palette().color(QPalette::Base));
    p.drawRoundedRect(track, 3, 3);
    // The recommended band, faintly, so the eye sees where the value should be.
    const auto x = [&](double v) {
        return track.left() + track.width() * std::clamp(v / m_maximum, 0.0, 1.0);
    };
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x2e, 0x8b, 0x57, 40));
    p.drawRect(QRectF(QPointF(x(m_low), track.top() + 1), QPointF(x(m_high), track.bottom() - 1)));
    p.setBrush(isWithinRange() ? QColor(0x2e, 0x8b, 0x57) : QColor(0xd9, 0x8c, 0x1f));
    p.drawRoundedRect(QRectF(track.left(), track.top() + 2, x(m_value) - track.left(), track.height() - 4), 2,
                      2);
    if (m_target) {
        p.setPen(QPen(palette().color(QPalette::Text), 1.5));
        p.drawLine(QPointF(x(*m_target), track.top() - 2), QPointF(x(*m_target), track.bottom() + 2));
    }
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRectF(track.right() + 8, 0, textWidth, height()), Qt::AlignVCenter | Qt::AlignLeft, m_text);
}

} // namespace sift

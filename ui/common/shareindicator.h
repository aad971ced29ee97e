#pragma once

#include <QWidget>
#include <optional>

namespace sift {

// A figure against its target, drawn as a bar: the edge-case share against about 15%, category
// weights against a sum of 1, calibration examples against 3 to 8. The bar is green inside the
// recommended band and amber outside it, and the text says the same for anyone who cannot tell
// the colours apart.
class ShareIndicator : public QWidget
{
    Q_OBJECT

public:
    explicit ShareIndicator(QWidget *parent = nullptr);

    // `value` on a scale from 0 to `maximum`; inside [low, high] is good; `target` is marked.
    void setRange(double maximum, double low, double high, std::optional<double> target = std::nullopt);
    void setValue(double value, const QString &text);
    double value() const { return m_value; }
    QString text() const { return m_text; }
    bool isWithinRange() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    double m_maximum = 1;
    double m_low = 0;
    double m_high = 1;
    std::optional<double> m_target;
    double m_value = 0;
    QString m_text;
};

} // namespace sift

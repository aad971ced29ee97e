#pragma once

#include "review/batchsummary.h"

#include <QWidget>

class QAction;
class QLabel;
class QTextBrowser;
class QToolButton;

namespace sift {

// The gate of the batch on screen: its pass rate under the combined verdict, what the method
// recommends, whether a human signed it off, and what the flags and notes say to iterate on.
class GatePanel : public QWidget
{
    Q_OBJECT

public:
    explicit GatePanel(QWidget *parent = nullptr);
    void setSignOffAction(QAction *signOff);
    // `signOffNote` explains why sign-off is not offered (empty when it is).
    void showSummary(const BatchSummary &summary, const QString &signedOffAt, const QString &signOffNote);
    void clear();
    QString recommendationText() const;

private:
    QLabel *m_rate;
    QLabel *m_recommendation;
    QToolButton *m_signOff;
    QLabel *m_signOffNote;
    QTextBrowser *m_advice;
};

} // namespace sift

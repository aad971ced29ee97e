#pragma once

#include "review/transcriptreview.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTextBrowser;
class QToolButton;
class QAction;

namespace sift {

// Below the verdict grid: what the selected judge said about the selected criterion (its answer,
// the evidence it quoted, the turn it cited and its reasoning), the reviewer's flag buttons and a
// note on the flag.
class CellPanel : public QWidget
{
    Q_OBJECT

public:
    explicit CellPanel(QWidget *parent = nullptr);

    // The flag actions (agree, false positive, false negative, clear) and promote become buttons.
    void setActions(QAction *agree, QAction *falsePositive, QAction *falseNegative, QAction *clear, QAction *promote);
    // Shows one cell; an empty judge or criterion shows a hint instead.
    void showCell(const TranscriptReview *review, const QString &criterionQuestion, const QString &judge,
                  const QString &criterion);
    QString note() const;
    void focusNote();
    QLineEdit *noteEdit() const { return m_note; }

Q_SIGNALS:
    // The reviewer finished editing the flag's note (Enter or leaving the field).
    void noteEdited(const QString &note);

private:
    QLabel *m_title;
    QTextBrowser *m_detail;
    QLineEdit *m_note;
    QList<QToolButton *> m_buttons;
    QString m_shownNote;
};

} // namespace sift

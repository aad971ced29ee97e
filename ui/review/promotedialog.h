#pragma once

#include "design/rubric.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace sift {

// Edits a reviewed case before it becomes a calibration example: its type (PASS, FAIL, NA), the
// context, the response and the reasoning, prefilled from the flag and the transcript.
class PromoteDialog : public QDialog
{
    Q_OBJECT

public:
    PromoteDialog(const QString &criterion, const QString &question, const CalibrationExample &example, bool naAllowed,
                  QWidget *parent = nullptr);
    CalibrationExample example() const;

private:
    void validate();

    QComboBox *m_type;
    QPlainTextEdit *m_context;
    QPlainTextEdit *m_response;
    QPlainTextEdit *m_reasoning;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace sift

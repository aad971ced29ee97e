#pragma once

#include "common/diagnostic.h"
#include "design/document/designdocuments.h"

#include <QWidget>
#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace sift {

class CalibrationExampleModel;
class InlineIssues;
class ShareIndicator;

// The fields of one rubric criterion: id (renaming it renames every reference, the safety gates
// included), name, the binary question with the phrasing hints it draws, NA allowed, safety gate,
// category, definitions, and its calibration examples counted against 3 to 8.
class CriterionForm : public QWidget
{
    Q_OBJECT

public:
    using DiagnosticsFor = std::function<Diagnostics(int firstLine, int endLine)>;

    CriterionForm(RubricDocument *document, DiagnosticsFor diagnostics, QWidget *parent = nullptr);

    QString criterion() const { return m_criterionId; }
    void setCriterion(const QString &criterionId);
    // Re-reads the criterion from the document (after any change of the text).
    void refresh();
    // Focuses the field at `line` of this criterion's text (question, an example, ...).
    void focusLine(int line);
    CalibrationExampleModel *examplesModel() const { return m_examplesModel; }

Q_SIGNALS:
    // The criterion was renamed from the form; the editor follows the new id.
    void renamed(const QString &newId);

private:
    void rename();
    void addExample(CalibrationExample::Type type);
    void removeExample();
    int endLineOfCriterion() const;

    RubricDocument *m_document;
    DiagnosticsFor m_diagnostics;
    QString m_criterionId;
    QLabel *m_title;
    QLineEdit *m_id;
    QLineEdit *m_name;
    QPlainTextEdit *m_question;
    InlineIssues *m_questionIssues;
    QCheckBox *m_na;
    QCheckBox *m_gate;
    QComboBox *m_category;
    QPlainTextEdit *m_definitions;
    ShareIndicator *m_exampleCount;
    QTableView *m_examples;
    CalibrationExampleModel *m_examplesModel;
    QPushButton *m_removeExample;
    InlineIssues *m_issues;
};

} // namespace sift

#include "promotedialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sift {

PromoteDialog::PromoteDialog(const QString &criterion, const QString &question, const CalibrationExample &example,
                             bool naAllowed, QWidget *parent)
    : QDialog(parent), m_type(new QComboBox), m_context(new QPlainTextEdit(example.context)),
      m_response(new QPlainTextEdit(example.response)), m_reasoning(new QPlainTextEdit(example.reasoning)),
      m_problem(new QLabel), m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setObjectName(QStringLiteral("promoteDialog"));
    setWindowTitle(tr("Promote to a calibration example of %1").arg(criterion));
    for (auto type : {CalibrationExample::Type::Pass, CalibrationExample::Type::Fail, CalibrationExample::Type::NA}) {
        if (type == CalibrationExample::Type::NA && !naAllowed && example.type != type)
            continue;
        m_type->addItem(CalibrationExample::typeName(type), int(type));
    }
    m_type->setCurrentIndex(m_type->findData(int(example.type)));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add to the rubric"));
    m_problem->setStyleSheet(QStringLiteral("color:#a01c1c"));
    auto *intro = new QLabel(tr("<b>%1</b> %2<br>The example teaches the judges how to read this criterion. Edit it so "
                                "it stands on its own.")
                                 .arg(criterion.toHtmlEscaped(), question.toHtmlEscaped()));
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Type"), m_type);
    form->addRow(tr("Context"), m_context);
    form->addRow(tr("Response"), m_response);
    form->addRow(tr("Reasoning"), m_reasoning);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(640, 560);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QPlainTextEdit *e : {m_response, m_reasoning})
        connect(e, &QPlainTextEdit::textChanged, this, &PromoteDialog::validate);
    validate();
    if (example.reasoning.isEmpty())
        m_reasoning->setFocus();
}

void PromoteDialog::validate()
{
    QString problem;
    if (m_response->toPlainText().trimmed().isEmpty())
        problem = tr("An example needs the response it judges.");
    else if (m_reasoning->toPlainText().trimmed().isEmpty())
        problem = tr("Say why the response passes or fails: the judges learn from the reasoning.");
    m_problem->setText(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

CalibrationExample PromoteDialog::example() const
{
    CalibrationExample e;
    e.type = CalibrationExample::Type(m_type->currentData().toInt());
    e.context = m_context->toPlainText().trimmed();
    e.response = m_response->toPlainText().trimmed();
    e.reasoning = m_reasoning->toPlainText().trimmed();
    return e;
}

} // namespace sift

#include "exportdialog.h"

#include "common/backgroundtask.h"
#include "dataset/datasetexport.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <memory>

namespace sift {

ExportDialog::ExportDialog(const Project &project, QWidget *parent)
    : QDialog(parent), m_project(project), m_task(new BackgroundTask(this)), m_format(new QComboBox), m_include(new QComboBox),
      m_output(new QLineEdit), m_browse(new QPushButton(tr("Browse..."))), m_progress(new QProgressBar), m_status(new QLabel),
      m_export(new QPushButton(tr("Export"))), m_cancel(new QPushButton(tr("Cancel"))), m_buttons(new QDialogButtonBox)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export Training Data"));
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("OpenAI / TRL conversational (messages)"), QStringLiteral("openai"));
    m_format->addItem(tr("ShareGPT (conversations)"), QStringLiteral("sharegpt"));
    m_format->addItem(tr("DPO preference pairs from accepted fixups"), QStringLiteral("dpo"));
    m_include->setObjectName(QStringLiteral("exportInclude"));
    m_include->addItem(tr("Transcripts that passed (fixed ones once they pass)"), QStringLiteral("passed"));
    m_include->addItem(tr("Every finished transcript a reviewer has not rejected"), QStringLiteral("all"));
    m_output->setObjectName(QStringLiteral("exportOutput"));
    m_output->setPlaceholderText(tr("training_data.jsonl in the project folder"));
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setValue(0);
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    m_status->setText(tr("Writes the training and validation files and dataset_card.md. Samples and rejected "
                         "transcripts are never exported."));
    m_export->setObjectName(QStringLiteral("exportStart"));
    m_export->setDefault(true);
    m_cancel->setObjectName(QStringLiteral("exportCancel"));
    m_buttons->addButton(m_export, QDialogButtonBox::AcceptRole);
    m_buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);

    auto *outputRow = new QHBoxLayout;
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Transcripts:"), m_include);
    form->addRow(tr("Training file:"), outputRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    resize(560, sizeHint().height());

    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, this, &ExportDialog::reject);
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::chooseOutput);
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        m_output->setPlaceholderText(m_format->currentData() == QLatin1String("dpo") ? tr("dpo.jsonl in the project folder")
                                                                                      : tr("training_data.jsonl in the project folder"));
    });
    connect(m_task, &BackgroundTask::progress, this, [this](int done, int total) {
        m_progress->setMaximum(qMax(1, total));
        m_progress->setValue(done);
        m_status->setText(tr("Exporting: %1 of %2 transcripts read\u2026").arg(done).arg(total));
    });
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::setFormat(const QString &name)
{
    m_format->setCurrentIndex(qMax(0, m_format->findData(name)));
}

void ExportDialog::setInclude(const QString &name)
{
    m_include->setCurrentIndex(qMax(0, m_include->findData(name)));
}

void ExportDialog::setOutput(const QString &file)
{
    m_output->setText(file);
}

bool ExportDialog::isExporting() const
{
    return m_task->isRunning();
}

QString ExportDialog::statusText() const
{
    return m_status->text();
}

void ExportDialog::chooseOutput()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Training file"), m_project.dir(), tr("JSON Lines (*.jsonl)"));
    if (!file.isEmpty())
        m_output->setText(file);
}

void ExportDialog::startExport()
{
    if (isExporting())
        return;
    ExportOptions options;
    options.format = exportFormatFromName(m_format->currentData().toString()).value_or(ExportFormat::OpenAi);
    options.include = selection::includeFromName(m_include->currentData().toString()).value_or(IncludeMode::Passed);
    options.out = m_output->text().trimmed();
    for (QWidget *w : {static_cast<QWidget *>(m_format), static_cast<QWidget *>(m_include), static_cast<QWidget *>(m_output),
                       static_cast<QWidget *>(m_browse), static_cast<QWidget *>(m_export)})
        w->setEnabled(false);
    m_progress->setValue(0);
    m_status->setText(tr("Exporting\u2026"));
    auto result = std::make_shared<std::optional<Result<ExportSummary>>>();
    disconnect(m_task, &BackgroundTask::finished, this, nullptr);
    connect(m_task, &BackgroundTask::finished, this, [this, result] {
        if (m_task->isCancelling()) {
            finish(false, tr("Export cancelled; nothing was written."));
            return;
        }
        const Result<ExportSummary> &r = **result;
        if (!r) {
            finish(false, tr("Export failed: %1").arg(r.errorText()));
            return;
        }
        QString text = tr("Wrote %1 training and %2 validation %3 to %4, and %5. Leakage check: %6. Audit: %n red flag(s).", nullptr,
                          r->audit.redFlags())
                           .arg(r->train.examples)
                           .arg(r->validation.examples)
                           .arg(r->format == ExportFormat::Dpo ? tr("pairs") : tr("examples"),
                                QFileInfo(r->trainingFile).fileName(), QFileInfo(r->cardFile).fileName(), r->leakage.summary());
        finish(true, text);
    });
    const Project project = m_project;
    m_task->start([project, options, result](const std::function<void(int, int)> &progress, const std::atomic<bool> &cancel) {
        *result = DatasetExporter(project).run(options, progress, &cancel);
    });
}

void ExportDialog::cancelExport()
{
    if (isExporting()) {
        m_task->cancel();
        m_status->setText(tr("Cancelling\u2026"));
    }
}

void ExportDialog::finish(bool ok, const QString &message)
{
    if (ok)
        m_progress->setValue(m_progress->maximum());
    m_status->setText(message);
    for (QWidget *w : {static_cast<QWidget *>(m_format), static_cast<QWidget *>(m_include), static_cast<QWidget *>(m_output),
                       static_cast<QWidget *>(m_browse), static_cast<QWidget *>(m_export)})
        w->setEnabled(true);
    m_cancel->setText(ok ? tr("Close") : tr("Cancel"));
    Q_EMIT exportFinished(ok);
}

void ExportDialog::reject()
{
    // Cancel stops a running export first; a second press (or Close) closes the dialog.
    if (isExporting()) {
        cancelExport();
        return;
    }
    QDialog::reject();
}

} // namespace sift

#include "datasetworkspace.h"

#include "auditexamplesmodel.h"
#include "auditfindingsmodel.h"
#include "common/conversationview.h"
#include "engine/enginehost.h"
#include "common/backgroundtask.h"
#include "dataset/datasetexport.h"
#include "exportdialog.h"
#include "project/project.h"
#include "store/projectstore.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <memory>

namespace sift {


DatasetWorkspace::DatasetWorkspace(QWidget *parent)
    : Workspace(parent), m_task(new BackgroundTask(this)), m_exportAction(new QAction(tr("&Export Training Data..."), this)),
      m_include(new QComboBox), m_run(new QPushButton(tr("Run audit"))), m_progress(new QProgressBar), m_summary(new QLabel),
      m_findings(new AuditFindingsModel(this)), m_examples(new AuditExamplesModel(this)), m_findingsView(new QTableView),
      m_examplesView(new QTableView), m_transcriptHeader(new QLabel), m_transcript(new ConversationView),
      m_repair(new QPushButton(tr("Repair Failing Transcripts"))), m_pauseRepair(new QPushButton(tr("Pause"))),
      m_cancelRepair(new QPushButton(tr("Cancel"))), m_repairStatus(new QLabel)
{
    setObjectName(QStringLiteral("datasetWorkspace"));
    m_exportAction->setObjectName(QStringLiteral("actionExport"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportAction->setEnabled(false);
    connect(m_exportAction, &QAction::triggered, this, &DatasetWorkspace::openExportDialog);

    m_include->setObjectName(QStringLiteral("auditInclude"));
    m_include->addItem(tr("Every finished transcript not rejected"), int(IncludeMode::All));
    m_include->addItem(tr("Only transcripts that passed (what exports by default)"), int(IncludeMode::Passed));
    m_run->setObjectName(QStringLiteral("runAudit"));
    m_progress->setObjectName(QStringLiteral("auditProgress"));
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    m_summary->setObjectName(QStringLiteral("auditSummary"));
    m_summary->setTextFormat(Qt::RichText);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Audit:")));
    bar->addWidget(m_include);
    bar->addWidget(m_run);
    bar->addWidget(m_progress);
    bar->addWidget(m_summary, 1);

    m_findingsView->setObjectName(QStringLiteral("auditFindings"));
    m_findingsView->setModel(m_findings);
    m_findingsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_findingsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_findingsView->verticalHeader()->hide();
    m_findingsView->horizontalHeader()->setSectionResizeMode(AuditFindingsModel::CheckColumn, QHeaderView::ResizeToContents);
    m_findingsView->horizontalHeader()->setSectionResizeMode(AuditFindingsModel::SubjectColumn, QHeaderView::Interactive);
    m_findingsView->horizontalHeader()->resizeSection(AuditFindingsModel::SubjectColumn, 240);
    m_findingsView->horizontalHeader()->setSectionResizeMode(AuditFindingsModel::FigureColumn, QHeaderView::Stretch);
    m_findingsView->horizontalHeader()->setSectionResizeMode(AuditFindingsModel::FlagColumn, QHeaderView::ResizeToContents);
    // Figures are sentences; wrap them rather than cut them off.
    m_findingsView->setWordWrap(true);
    m_findingsView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_examplesView->setObjectName(QStringLiteral("auditExamples"));
    m_examplesView->setModel(m_examples);
    m_examplesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_examplesView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_examplesView->verticalHeader()->hide();
    m_examplesView->horizontalHeader()->setSectionResizeMode(AuditExamplesModel::TranscriptColumn, QHeaderView::ResizeToContents);
    m_examplesView->horizontalHeader()->setSectionResizeMode(AuditExamplesModel::MessageColumn, QHeaderView::ResizeToContents);
    m_examplesView->horizontalHeader()->setStretchLastSection(true);

    m_transcript->setObjectName(QStringLiteral("auditTranscript"));
    m_transcript->setPlaceholderText(tr("Click an example to see its transcript."));

    auto *left = new QSplitter(Qt::Vertical);
    left->addWidget(m_findingsView);
    left->addWidget(m_examplesView);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);
    m_transcriptHeader->setObjectName(QStringLiteral("auditTranscriptHeader"));
    m_transcriptHeader->setContentsMargins(4, 2, 4, 2);
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(2);
    rightLayout->addWidget(m_transcriptHeader);
    rightLayout->addWidget(m_transcript, 1);
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    // Repairs (finetune-generate step 4): rewrite what failed, check entailment, cut or reject.
    m_repair->setObjectName(QStringLiteral("repairTranscripts"));
    m_repair->setToolTip(tr("Rewrite each failing reply with the fixup prompt, check the customer's next message still "
                            "follows, and assess again; safety failures are cut or rejected as sift.yaml says"));
    m_pauseRepair->setObjectName(QStringLiteral("pauseRepair"));
    m_cancelRepair->setObjectName(QStringLiteral("cancelRepair"));
    m_repairStatus->setObjectName(QStringLiteral("repairStatus"));
    m_repairStatus->setTextFormat(Qt::RichText);
    auto *repairBar = new QHBoxLayout;
    repairBar->addWidget(new QLabel(tr("Repair:")));
    repairBar->addWidget(m_repair);
    repairBar->addWidget(m_pauseRepair);
    repairBar->addWidget(m_cancelRepair);
    repairBar->addWidget(m_repairStatus, 1);
    connect(m_repair, &QPushButton::clicked, this, &DatasetWorkspace::repairAll);
    connect(m_pauseRepair, &QPushButton::clicked, this, [this] {
        if (m_engine && m_engine->isPaused())
            m_engine->unpause();
        else if (m_engine)
            m_engine->pause();
    });
    connect(m_cancelRepair, &QPushButton::clicked, this, [this] {
        if (m_engine)
            m_engine->cancel();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(bar);
    layout->addLayout(repairBar);
    layout->addWidget(splitter, 1);
    updateRepairButtons();

    connect(m_run, &QPushButton::clicked, this, &DatasetWorkspace::runAudit);
    connect(m_include, &QComboBox::currentIndexChanged, this, &DatasetWorkspace::runAudit);
    connect(m_findingsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { selectFinding(current.row()); });
    connect(m_examplesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (const AuditExample *e = m_examples->example(current.row()))
            showExample(e->transcript, e->message);
    });
    connect(m_task, &BackgroundTask::progress, this, [this](int done, int total) {
        m_progress->setMaximum(qMax(1, total));
        m_progress->setValue(done);
    });
}

DatasetWorkspace::~DatasetWorkspace() = default;

QList<QAction *> DatasetWorkspace::fileActions() const
{
    return {m_exportAction};
}

void DatasetWorkspace::setProject(const Project *project)
{
    m_project = project;
    m_store.reset();
    ++m_generation;
    m_task->cancel();
    m_findings->setReport({});
    m_examples->setExamples({});
    m_transcript->clear();
    m_transcriptHeader->clear();
    m_exportAction->setEnabled(project != nullptr);
    m_run->setEnabled(project != nullptr);
    m_stale = true;
    updateRepairButtons();
    if (!project) {
        m_summary->setText(tr("No project open."));
        return;
    }
    auto opened = ProjectStore::open(project->path(Project::DatabaseFile));
    if (opened)
        m_store = std::move(*opened);
    m_summary->setText(tr("The audit runs when you open this workspace."));
    if (isVisible())
        runAudit();
}

void DatasetWorkspace::showEvent(QShowEvent *event)
{
    Workspace::showEvent(event);
    if (m_stale && m_project)
        runAudit();
}

bool DatasetWorkspace::auditRunning() const
{
    return m_task->isRunning();
}

void DatasetWorkspace::runAudit()
{
    if (!m_project)
        return;
    m_stale = false;
    const quint64 generation = ++m_generation;
    m_task->cancel();
    m_task->wait();  // the cancelled run stops at its next transcript
    const auto project = std::make_shared<Project>(*m_project);  // the worker's own copy
    const IncludeMode include = IncludeMode(m_include->currentData().toInt());
    auto result = std::make_shared<std::optional<Result<AuditReport>>>();
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_summary->setText(tr("Auditing\u2026"));
    disconnect(m_task, &BackgroundTask::finished, this, nullptr);
    connect(m_task, &BackgroundTask::finished, this, [this, result, generation] {
        if (!result->has_value())
            return;
        const Result<AuditReport> &r = **result;
        auditDone(r ? *r : AuditReport(), r ? QString() : r.errorText(), generation);
    });
    m_task->start([project, include, result](const std::function<void(int, int)> &progress, const std::atomic<bool> &cancel) {
        *result = auditProject(*project, include, progress, &cancel);
    });
}

void DatasetWorkspace::auditDone(const AuditReport &report, const QString &error, quint64 generation)
{
    if (generation != m_generation)
        return;  // the project or the selection changed meanwhile
    m_progress->setVisible(false);
    if (!error.isEmpty()) {
        m_summary->setText(tr("<b>The audit failed:</b> %1").arg(error.toHtmlEscaped()));
        Q_EMIT auditFinished();
        return;
    }
    // With no response every figure would read "0 of 0": show none rather than a table of noise.
    m_findings->setReport(report.responses > 0 ? report : AuditReport());
    const int red = report.redFlags();
    if (report.responses == 0)
        m_summary->setText(tr("No training data to audit yet: import or generate transcripts (the bundled samples are not training data)."));
    else
        m_summary->setText(tr("%n transcript(s)", nullptr, report.transcripts) + tr(", %n assistant response(s): ", nullptr, report.responses) +
                           (red ? tr("<span style='color:#b01c1c;font-weight:bold'>%n red flag(s)</span>", nullptr, red)
                                : tr("<b>no red flags</b>")));
    // Open on the first red flag, if any: that is what needs looking at.
    int first = 0;
    for (int i = 0; i < report.findings.size(); ++i) {
        if (report.findings[i].red) {
            first = i;
            break;
        }
    }
    if (m_findings->rowCount() > 0)
        m_findingsView->selectRow(first);
    Q_EMIT auditFinished();
}

void DatasetWorkspace::selectFinding(int row)
{
    const AuditFinding *f = m_findings->finding(row);
    m_examples->setExamples(f ? f->examples : QList<AuditExample>());
    if (f && !f->examples.isEmpty())
        m_examplesView->selectRow(0);
    else {
        m_transcript->clear();
        m_transcriptHeader->clear();
    }
}

bool DatasetWorkspace::showExample(const QString &transcript, int message)
{
    if (!m_store)
        return false;
    const auto t = m_store->transcript(transcript);
    if (!t) {
        m_transcript->showNotice(tr("<b>Cannot read %1:</b> %2").arg(transcript.toHtmlEscaped(), t.errorText().toHtmlEscaped()));
        return false;
    }
    m_transcriptHeader->setText(tr("<b>%1</b> &nbsp; %n message(s), the example is turn %2", nullptr, int(t->messages.size()))
                                    .arg(transcript.toHtmlEscaped())
                                    .arg(ConversationView::turnOf(*t, message)));
    m_transcript->setTranscript(*t);
    m_transcript->highlightMessage(message, tr("the example"));
    return true;
}

void DatasetWorkspace::setEngine(EngineHost *engine)
{
    m_engine = engine;
    connect(engine, &EngineHost::started, this, &DatasetWorkspace::updateRepairButtons);
    connect(engine, &EngineHost::pausedChanged, this, &DatasetWorkspace::updateRepairButtons);
    connect(engine, &EngineHost::progressChanged, this, [this](const RunProgress &p) {
        if (!m_repairing)
            return;
        m_repairStatus->setText(tr("%1 of %2 transcripts done: %3 fixed, %4 refused by the entailment check (cut), %5 cut, "
                                   "%6 rejected")
                                    .arg(p.assessed)
                                    .arg(p.target)
                                    .arg(p.fixed)
                                    .arg(p.refused)
                                    .arg(p.truncated)
                                    .arg(p.rejected));
    });
    connect(engine, &EngineHost::notice, this, [this](const QString &text) {
        if (m_repairing)
            m_repairNotices.append(text);
    });
    connect(engine, &EngineHost::finished, this, [this](RunEngine::Outcome, const QString &summary, const Diagnostics &problems) {
        if (m_repairing) {
            QString text = summary.toHtmlEscaped();
            for (const QString &n : std::as_const(m_repairNotices))
                text += QStringLiteral("<br><span style='color:#8a5a00'>%1</span>").arg(n.toHtmlEscaped());
            for (const Diagnostic &d : problems)
                text += QStringLiteral("<br><span style='color:#a01c1c'>%1</span>").arg(d.message.toHtmlEscaped());
            m_repairStatus->setText(text);
            m_repairing = false;
        }
        // Repairs and runs change what the audit reads.
        m_stale = true;
        if (isVisible())
            runAudit();
        updateRepairButtons();
    });
    updateRepairButtons();
}

void DatasetWorkspace::repairAll()
{
    if (!m_project || !m_engine || m_engine->isRunning())
        return;
    EngineHost::Job job = EngineHost::Job::forProject(*m_project);
    RunOptions options;
    options.kind = QStringLiteral("fixup");
    job.start = options;
    m_repairNotices.clear();
    m_repairing = m_engine->run(job);
    if (m_repairing)
        m_repairStatus->setText(tr("Repairing the transcripts that failed..."));
    updateRepairButtons();
}

bool DatasetWorkspace::repairRunning() const
{
    return m_repairing;
}

QString DatasetWorkspace::repairStatus() const
{
    return m_repairStatus->text();
}

void DatasetWorkspace::updateRepairButtons()
{
    const bool running = m_engine && m_engine->isRunning();
    m_repair->setEnabled(m_project && m_engine && !running);
    m_pauseRepair->setEnabled(running && m_repairing);
    m_pauseRepair->setText(m_engine && m_engine->isPaused() ? tr("Resume") : tr("Pause"));
    m_cancelRepair->setEnabled(running && m_repairing);
}

void DatasetWorkspace::openExportDialog()
{
    if (!m_project)
        return;
    auto *dialog = new ExportDialog(*m_project, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace sift

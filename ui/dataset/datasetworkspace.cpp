#include "datasetworkspace.h"

#include "auditexamplesmodel.h"
#include "auditfindingsmodel.h"
#include "backgroundtask.h"
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

namespace {

QString transcriptHtml(const TranscriptRecord &t, int marked)
{
    QString html;
    for (qsizetype i = 0; i < t.messages.size(); ++i) {
        const Message &m = t.messages[i];
        QString style = m.role == QLatin1String("system") ? QStringLiteral("background:#f4f4f4;color:#555")
                        : m.role == QLatin1String("user") ? QStringLiteral("background:#eef3fb")
                                                          : QStringLiteral("background:#ffffff");
        if (i == marked)
            style = QStringLiteral("background:#fff3c4;border:2px solid #d9a400");
        QString body = m.content.toHtmlEscaped();
        body.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        html += QStringLiteral("<div style='%1;padding:6px;margin-bottom:6px'><a name='m%2'></a><b>#%2 %3</b>%4<br>%5</div>")
                    .arg(style)
                    .arg(i)
                    .arg(m.role.toHtmlEscaped(), i == marked ? DatasetWorkspace::tr(" \u2014 the example") : QString(), body);
    }
    return html;
}

} // namespace

DatasetWorkspace::DatasetWorkspace(QWidget *parent)
    : Workspace(parent), m_task(new BackgroundTask(this)), m_exportAction(new QAction(tr("&Export Training Data..."), this)),
      m_include(new QComboBox), m_run(new QPushButton(tr("Run audit"))), m_progress(new QProgressBar), m_summary(new QLabel),
      m_findings(new AuditFindingsModel(this)), m_examples(new AuditExamplesModel(this)), m_findingsView(new QTableView),
      m_examplesView(new QTableView), m_transcriptHeader(new QLabel), m_transcript(new QTextBrowser)
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
    m_transcript->setOpenLinks(false);
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

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

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
        m_transcript->setHtml(tr("<b>Cannot read %1:</b> %2").arg(transcript.toHtmlEscaped(), t.errorText().toHtmlEscaped()));
        return false;
    }
    m_transcriptHeader->setText(tr("<b>%1</b> &nbsp; %n message(s), the example is #%2", nullptr, int(t->messages.size()))
                                    .arg(transcript.toHtmlEscaped())
                                    .arg(message));
    m_transcript->setHtml(transcriptHtml(*t, message));
    m_transcript->scrollToAnchor(QStringLiteral("m%1").arg(message));
    return true;
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

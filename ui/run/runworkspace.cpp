#include "runworkspace.h"

#include "common/dialogs.h"
#include "engine/enginehost.h"
#include "llm/llmclient.h"
#include "project/project.h"
#include "runcharts.h"
#include "store/projectstore.h"
#include "store/runstore.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace sift {

namespace {
constexpr int MaxLogLines = 5000;

QString dollars(qint64 microUsd)
{
    return QStringLiteral("$%1").arg(double(microUsd) / 1e6, 0, 'f', microUsd < 10'000'000 ? 4 : 2);
}
} // namespace

RunWorkspace::RunWorkspace(QWidget *parent)
    : Workspace(parent), m_kind(new QComboBox), m_count(new QSpinBox), m_batchSize(new QSpinBox), m_seed(new QLineEdit),
      m_judges(new QListWidget), m_force(new QCheckBox(tr("Scale past the gate"))),
      m_noCache(new QCheckBox(tr("Ask the backends again (no cache)"))), m_start(new QPushButton(tr("Start"))),
      m_pause(new QPushButton(tr("Pause"))), m_cancel(new QPushButton(tr("Cancel"))),
      m_resume(new QPushButton(tr("Resume Interrupted Run"))), m_state(new QLabel), m_interrupted(new QLabel),
      m_generated(new QProgressBar), m_assessed(new QProgressBar), m_figures(new QLabel), m_charts(new RunCharts),
      m_log(new QPlainTextEdit), m_startAction(new QAction(tr("&Start Run"), this)),
      m_pauseAction(new QAction(tr("&Pause"), this)), m_cancelAction(new QAction(tr("&Cancel Run"), this)),
      m_resumeAction(new QAction(tr("&Resume Interrupted Run"), this))
{
    setObjectName(QStringLiteral("runWorkspace"));
    m_kind->setObjectName(QStringLiteral("runKind"));
    m_kind->addItem(tr("Generate and assess"), QStringLiteral("run"));
    m_kind->addItem(tr("Generate only"), QStringLiteral("generate"));
    m_kind->addItem(tr("Assess stored transcripts"), QStringLiteral("assess"));
    m_kind->addItem(tr("Repair failing transcripts"), QStringLiteral("fixup"));
    m_count->setObjectName(QStringLiteral("runCount"));
    m_count->setRange(1, 1'000'000);
    m_count->setValue(5);
    m_count->setToolTip(tr("Transcripts to generate. The method reviews five at a time until a batch passes 70% "
                           "and a human signs it off; then it scales."));
    m_batchSize->setObjectName(QStringLiteral("runBatchSize"));
    m_batchSize->setRange(1, 1000);
    m_seed->setObjectName(QStringLiteral("runSeed"));
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("-?\\d{0,18}")), m_seed));
    m_seed->setPlaceholderText(tr("the project's seed"));
    m_judges->setObjectName(QStringLiteral("runJudges"));
    m_judges->setMaximumHeight(90);
    m_force->setObjectName(QStringLiteral("runForce"));
    m_force->setToolTip(tr("Generate more than one batch before a batch made with these prompts passed and was signed off"));
    m_noCache->setObjectName(QStringLiteral("runNoCache"));

    auto *form = new QFormLayout;
    form->addRow(tr("What"), m_kind);
    form->addRow(tr("Transcripts"), m_count);
    form->addRow(tr("Batch size"), m_batchSize);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Judges"), m_judges);
    form->addRow(QString(), m_force);
    form->addRow(QString(), m_noCache);
    auto *formBox = new QGroupBox(tr("Run"));
    formBox->setLayout(form);
    formBox->setMaximumWidth(380);

    for (auto [button, name] : {std::pair{m_start, "startRun"}, {m_pause, "pauseRun"}, {m_cancel, "cancelRun"}, {m_resume, "resumeRun"}})
        button->setObjectName(QLatin1String(name));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    buttons->addWidget(m_resume);

    m_state->setObjectName(QStringLiteral("runState"));
    m_state->setTextFormat(Qt::RichText);
    m_interrupted->setObjectName(QStringLiteral("interruptedRun"));
    m_interrupted->setWordWrap(true);
    m_generated->setObjectName(QStringLiteral("generatedProgress"));
    m_assessed->setObjectName(QStringLiteral("assessedProgress"));
    m_generated->setFormat(tr("generated %v of %m"));
    m_assessed->setFormat(tr("assessed %v of %m generated"));
    m_figures->setObjectName(QStringLiteral("runFigures"));
    m_figures->setTextFormat(Qt::RichText);
    m_figures->setWordWrap(true);

    auto *status = new QVBoxLayout;
    status->addLayout(buttons);
    status->addWidget(m_state);
    status->addWidget(m_interrupted);
    status->addWidget(m_generated);
    status->addWidget(m_assessed);
    status->addWidget(m_figures);
    status->addStretch(1);

    auto *top = new QHBoxLayout;
    top->addWidget(formBox);
    top->addLayout(status, 1);
    auto *topWidget = new QWidget;
    topWidget->setLayout(top);

    m_log->setObjectName(QStringLiteral("runLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(MaxLogLines);
    m_log->setPlaceholderText(tr("Notices, gate advice, retries and errors appear here as the run goes."));

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(topWidget);
    splitter->addWidget(m_charts);
    splitter->addWidget(m_log);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    m_startAction->setObjectName(QStringLiteral("actionStartRun"));
    m_startAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_pauseAction->setObjectName(QStringLiteral("actionPauseRun"));
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_cancelAction->setObjectName(QStringLiteral("actionCancelRun"));
    m_cancelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_resumeAction->setObjectName(QStringLiteral("actionResumeRun"));
    for (QAction *a : {m_startAction, m_pauseAction, m_cancelAction, m_resumeAction}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    }
    connect(m_startAction, &QAction::triggered, this, &RunWorkspace::start);
    connect(m_pauseAction, &QAction::triggered, this, &RunWorkspace::togglePause);
    connect(m_cancelAction, &QAction::triggered, this, &RunWorkspace::cancel);
    connect(m_resumeAction, &QAction::triggered, this, &RunWorkspace::resumeInterrupted);
    connect(m_start, &QPushButton::clicked, m_startAction, &QAction::trigger);
    connect(m_pause, &QPushButton::clicked, m_pauseAction, &QAction::trigger);
    connect(m_cancel, &QPushButton::clicked, m_cancelAction, &QAction::trigger);
    connect(m_resume, &QPushButton::clicked, m_resumeAction, &QAction::trigger);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &RunWorkspace::updateButtons);
    setFocusProxy(m_count);
    updateButtons();
}

RunWorkspace::~RunWorkspace() = default;

QList<QAction *> RunWorkspace::menuActions() const
{
    return {m_startAction, m_pauseAction, m_cancelAction, m_resumeAction};
}

void RunWorkspace::setEngine(EngineHost *engine)
{
    m_engine = engine;
    connect(engine, &EngineHost::started, this, &RunWorkspace::onStarted);
    connect(engine, &EngineHost::progressChanged, this, &RunWorkspace::onProgress);
    connect(engine, &EngineHost::batchFinished, this, &RunWorkspace::onBatch);
    connect(engine, &EngineHost::notice, this, &RunWorkspace::onNotice);
    connect(engine, &EngineHost::llmEvent, this, &RunWorkspace::onLlmEvent);
    connect(engine, &EngineHost::finished, this, &RunWorkspace::onFinished);
    connect(engine, &EngineHost::pausedChanged, this, &RunWorkspace::updateButtons);
    updateButtons();
}

void RunWorkspace::setProject(const Project *project)
{
    m_project = project;
    refreshForm();
    if (project) {
        m_count->setValue(project->manifest.generation.batchSize);
        m_seed->clear();
    }
}

void RunWorkspace::projectReread(const Project *project)
{
    m_project = project;
    refreshForm();
}

void RunWorkspace::refreshForm()
{
    const QStringList previouslyOff = [this] {
        QStringList off;
        for (int i = 0; i < m_judges->count(); ++i) {
            if (m_judges->item(i)->checkState() == Qt::Unchecked)
                off.append(m_judges->item(i)->text());
        }
        return off;
    }();
    m_judges->clear();
    m_lastInterrupted = 0;
    m_interrupted->clear();
    if (!m_project) {
        updateButtons();
        return;
    }
    m_batchSize->setValue(m_project->manifest.generation.batchSize);
    for (const QString &judge : m_project->manifest.roles.judges) {
        auto *item = new QListWidgetItem(judge, m_judges);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(previouslyOff.contains(judge) ? Qt::Unchecked : Qt::Checked);
    }
    // A run stopped by Ctrl-C, a crash or a failing backend carries on from where it stopped.
    if (auto store = ProjectStore::open(m_project->path(Project::DatabaseFile))) {
        const auto last = RunStore(**store).lastUnfinishedRun();
        if (last && *last) {
            m_lastInterrupted = (*last)->id;
            m_interrupted->setText(tr("Run %1 (%2) stopped before it finished (%3); Resume carries on where it stopped "
                                      "without paying for anything twice.")
                                       .arg((*last)->id)
                                       .arg((*last)->kind, (*last)->status));
        }
    }
    updateButtons();
}

RunOptions RunWorkspace::options() const
{
    RunOptions o;
    o.kind = m_kind->currentData().toString();
    o.count = m_count->value();
    o.batchSize = m_batchSize->value();
    if (!m_seed->text().isEmpty())
        o.seed = m_seed->text().toLongLong();
    for (int i = 0; i < m_judges->count(); ++i) {
        if (m_judges->item(i)->checkState() == Qt::Checked)
            o.judges.append(m_judges->item(i)->text());
    }
    o.force = m_force->isChecked();
    return o;
}

void RunWorkspace::setCount(int count)
{
    m_count->setValue(count);
}

void RunWorkspace::setKind(const QString &kind)
{
    m_kind->setCurrentIndex(m_kind->findData(kind));
}

void RunWorkspace::setJudges(const QStringList &judges)
{
    for (int i = 0; i < m_judges->count(); ++i)
        m_judges->item(i)->setCheckState(judges.contains(m_judges->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

void RunWorkspace::updateButtons()
{
    const bool running = m_engine && m_engine->isRunning();
    const bool paused = m_engine && m_engine->isPaused();
    const QString kind = m_kind->currentData().toString();
    const bool generates = kind == QLatin1String("run") || kind == QLatin1String("generate");
    m_count->setEnabled(!running && generates);
    m_batchSize->setEnabled(!running && generates);
    m_seed->setEnabled(!running && generates);
    m_force->setEnabled(!running && kind == QLatin1String("run"));
    m_judges->setEnabled(!running && kind != QLatin1String("generate"));
    m_kind->setEnabled(!running);
    m_noCache->setEnabled(!running);
    m_startAction->setEnabled(m_project && m_engine && !running);
    m_resumeAction->setEnabled(m_project && m_engine && !running && m_lastInterrupted > 0);
    m_pauseAction->setEnabled(running);
    m_pauseAction->setText(paused ? tr("&Resume") : tr("&Pause"));
    m_cancelAction->setEnabled(running);
    m_start->setEnabled(m_startAction->isEnabled());
    m_resume->setEnabled(m_resumeAction->isEnabled());
    m_resume->setVisible(m_lastInterrupted > 0);
    m_pause->setEnabled(running);
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    m_cancel->setEnabled(running);
}

void RunWorkspace::start()
{
    if (!m_project || !m_engine || m_engine->isRunning())
        return;
    const Diagnostics problems = m_project->diagnostics();
    if (hasErrors(problems)) {
        Dialogs::warning(this, tr("The project has errors"),
                         tr("Fix the errors the Design workspace lists (%n error(s)) before a run: a run made from a broken "
                            "design would be paid for and thrown away.",
                            nullptr, errorCount(problems)));
        return;
    }
    const RunOptions o = options();
    if (o.kind != QLatin1String("generate") && o.judges.isEmpty()) {
        Dialogs::warning(this, tr("No judge chosen"), tr("Tick at least one judge: every transcript is assessed by the judges ticked."));
        return;
    }
    EngineHost::Job job = EngineHost::Job::forProject(*m_project);
    job.readCache = !m_noCache->isChecked();
    job.start = o;
    m_mine = m_engine->run(job);
    if (m_mine) {
        resetFigures();
        m_log->clear();
        log(tr("Starting: %1").arg(m_kind->currentText()));
    }
    updateButtons();
}

void RunWorkspace::resumeInterrupted()
{
    if (!m_project || !m_engine || m_engine->isRunning() || m_lastInterrupted == 0)
        return;
    EngineHost::Job job = EngineHost::Job::forProject(*m_project);
    job.readCache = !m_noCache->isChecked();
    job.resumeRun = m_lastInterrupted;
    m_mine = m_engine->run(job);
    if (m_mine) {
        resetFigures();
        log(tr("Resuming run %1").arg(m_lastInterrupted));
    }
    updateButtons();
}

void RunWorkspace::togglePause()
{
    if (!m_engine || !m_engine->isRunning())
        return;
    if (m_engine->isPaused()) {
        m_engine->unpause();
        log(tr("Resumed"));
    } else {
        m_engine->pause();
        log(tr("Paused: requests in flight finish, nothing new starts"));
    }
}

void RunWorkspace::cancel()
{
    if (!m_engine || !m_engine->isRunning())
        return;
    m_engine->cancel();
    log(tr("Cancelling: what is stored stays; Resume carries on from there"));
}

bool RunWorkspace::confirmClose()
{
    if (!m_engine || !m_engine->isRunning())
        return true;
    Dialogs::Question q;
    q.title = tr("A run is in progress");
    q.text = tr("Stop the run? Everything made so far is stored, and Resume in the Run workspace carries on from "
                "there without paying for anything twice.");
    q.buttons = {Dialogs::Button::Ok, Dialogs::Button::Cancel};
    q.defaultButton = Dialogs::Button::Cancel;
    q.escapeButton = Dialogs::Button::Cancel;
    if (Dialogs::ask(this, q) != Dialogs::Button::Ok)
        return false;
    m_engine->cancel();
    m_engine->waitForFinished(5000);
    return true;
}

void RunWorkspace::resetFigures()
{
    m_charts->clear();
    m_lastCostPoint = -1;
    m_batchesShown = 0;
    m_batchRates.clear();
    m_batchPassed = m_batchTranscripts = 0;
    m_progressUpdates = 0;
}

void RunWorkspace::onStarted(qint64 runId)
{
    if (!m_mine) {
        // A repair started from the Review or Dataset workspace: show it here too.
        resetFigures();
        log(tr("Started from another workspace: %1").arg(m_engine->runningKind()));
    }
    m_state->setText(tr("<b>Run %1</b> running").arg(runId));
    updateButtons();
}

void RunWorkspace::onProgress(const RunProgress &p)
{
    ++m_progressUpdates;
    m_generated->setMaximum(qMax(1, p.target));
    m_generated->setValue(qMin(p.generated, qMax(1, p.target)));
    m_assessed->setMaximum(qMax(1, p.generated));
    m_assessed->setValue(qMin(p.assessed, qMax(1, p.generated)));
    QString state = p.state;
    if (m_engine && m_engine->isPaused() && p.state == QLatin1String("running"))
        state = tr("paused");
    m_state->setText(tr("<b>Run %1</b> %2").arg(p.runId).arg(state.toHtmlEscaped()));
    QStringList figures;
    figures << tr("passed <b>%1</b> of %2 assessed").arg(p.passed).arg(p.assessed);
    if (p.assessed > 0)
        figures << tr("cumulative %1%, rolling %2%").arg(qRound(p.cumulativePassRate * 100)).arg(qRound(p.rollingPassRate * 100));
    if (p.invalid)
        figures << tr("%n invalid", nullptr, p.invalid);
    if (p.failed)
        figures << tr("<span style='color:#a01c1c'>%n could not be generated</span>", nullptr, p.failed);
    if (p.fixed || p.refused || p.truncated || p.rejected)
        figures << tr("repairs: %1 fixed, %2 refused, %3 cut, %4 rejected").arg(p.fixed).arg(p.refused).arg(p.truncated).arg(p.rejected);
    figures << tr("%1 requests (%2 from the cache), %3 retries").arg(p.requests).arg(p.cacheHits).arg(p.retries);
    figures << tr("tokens %L1 in / %L2 out, <b>%3</b>").arg(p.inputTokens).arg(p.outputTokens).arg(dollars(p.costMicroUsd));
    m_figures->setText(figures.join(QStringLiteral(" &nbsp;\u00b7&nbsp; ")));
    m_charts->setCriterionFailures(p.criterionFailures);
    // One cost point per few transcripts keeps the chart light over a long run.
    const int finished = p.generated;
    const int step = qMax(1, p.target / 200);
    if (m_lastCostPoint < 0 || finished >= m_lastCostPoint + step || p.state != QLatin1String("running")) {
        m_charts->addCost(finished, double(p.costMicroUsd) / 1e6);
        m_lastCostPoint = finished;
    }
}

void RunWorkspace::onBatch(const BatchReport &report)
{
    ++m_batchesShown;
    // The same rates the engine reports: rolling over the last three batches, cumulative over all.
    m_batchRates.append(report.figures.passRate());
    m_batchPassed += report.figures.passed;
    m_batchTranscripts += report.figures.transcripts;
    double rolling = 0;
    const qsizetype window = qMin<qsizetype>(3, m_batchRates.size());
    for (qsizetype i = m_batchRates.size() - window; i < m_batchRates.size(); ++i)
        rolling += m_batchRates[i] / double(window);
    m_charts->addBatch(report.index + 1, report.figures.passRate(), rolling,
                       m_batchTranscripts ? double(m_batchPassed) / m_batchTranscripts : 0);
    log(tr("Batch %1: %2 of %3 passed (%4%) \u2014 %5")
            .arg(report.index + 1)
            .arg(report.figures.passed)
            .arg(report.figures.transcripts)
            .arg(qRound(report.figures.passRate() * 100))
            .arg(report.gate.text));
    // Drift warnings arrive as the engine's notices too; they are logged once, from there.
}

void RunWorkspace::onNotice(const QString &text)
{
    log(text, QStringLiteral("#8a5a00"));
}

void RunWorkspace::onLlmEvent(const LlmEvent &e)
{
    switch (e.kind) {
    case LlmEvent::Kind::Retry:
        log(tr("%1: retry %2 in %3 s \u2014 %4").arg(e.backend).arg(e.attempt).arg(double(e.delayMs) / 1000, 0, 'f', 1).arg(e.message),
            QStringLiteral("#666"));
        break;
    case LlmEvent::Kind::Cooldown:
        log(tr("%1: rate limited, the whole backend waits %2 s \u2014 %3")
                .arg(e.backend)
                .arg(double(e.delayMs) / 1000, 0, 'f', 1)
                .arg(e.message),
            QStringLiteral("#8a5a00"));
        break;
    case LlmEvent::Kind::InvalidReply:
        log(tr("%1: a reply did not follow the schema \u2014 %2").arg(e.backend, e.message), QStringLiteral("#8a5a00"));
        break;
    case LlmEvent::Kind::Failure:
    case LlmEvent::Kind::StoreError:
        log(tr("%1: %2").arg(e.backend, e.message), QStringLiteral("#a01c1c"));
        break;
    }
}

void RunWorkspace::onFinished(RunEngine::Outcome outcome, const QString &summary, const Diagnostics &problems)
{
    const char *colour = outcome == RunEngine::Outcome::Completed ? "#1d6b2a" : outcome == RunEngine::Outcome::Failed ? "#a01c1c" : "#8a5a00";
    log(tr("Finished: %1").arg(summary), QLatin1String(colour));
    for (const Diagnostic &d : problems)
        log(d.message + (d.hint.isEmpty() ? QString() : tr(" (%1)").arg(d.hint)), QStringLiteral("#a01c1c"));
    m_state->setText(QStringLiteral("<span style='color:%1'><b>%2</b></span>").arg(QLatin1String(colour), summary.toHtmlEscaped()));
    m_mine = false;
    refreshForm();
}

void RunWorkspace::log(const QString &text, const QString &colour)
{
    const QString line = QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), text.toHtmlEscaped());
    m_log->appendHtml(colour.isEmpty() ? line : QStringLiteral("<span style='color:%1'>%2</span>").arg(colour, line));
}

QString RunWorkspace::logText() const
{
    return m_log->toPlainText();
}

QString RunWorkspace::stateText() const
{
    return m_state->text();
}

int RunWorkspace::generatedValue() const
{
    return m_generated->value();
}

int RunWorkspace::assessedValue() const
{
    return m_assessed->value();
}

} // namespace sift

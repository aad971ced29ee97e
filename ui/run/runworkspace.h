#pragma once

#include "engine/runengine.h"
#include "workspace.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QLineEdit;

namespace sift {

class RunCharts;
struct LlmEvent;

// The Run workspace: start a generate + assess run (or generation, assessment or repair alone) with
// its count, batch size, seed and judges; pause, resume and cancel it; watch its progress, the pass
// rate batch by batch, the criteria that fail, what it costs, and a log of the notices, retries and
// errors with each backend's own message. The engine works on other threads; this only listens.
class RunWorkspace : public Workspace
{
    Q_OBJECT

public:
    explicit RunWorkspace(QWidget *parent = nullptr);
    ~RunWorkspace() override;

    QString title() const override { return tr("Run"); }
    void setProject(const Project *project) override;
    void projectReread(const Project *project) override;
    void setEngine(EngineHost *engine) override;
    QList<QAction *> menuActions() const override;
    bool confirmClose() override;

    // What Start would ask the engine to do, from the form.
    RunOptions options() const;
    void setCount(int count);
    void setKind(const QString &kind);
    void setJudges(const QStringList &judges);
    void start();
    void resumeInterrupted();
    void togglePause();
    void cancel();

    RunCharts *charts() const { return m_charts; }
    QString logText() const;
    QString stateText() const;
    int generatedValue() const;
    int assessedValue() const;
    // How many progress reports of the running job reached the window (the engine sends at most ten a second).
    int progressUpdates() const { return m_progressUpdates; }

private:
    void refreshForm();
    // A new job's charts and counters start empty.
    void resetFigures();
    void updateButtons();
    void onStarted(qint64 runId);
    void onProgress(const RunProgress &progress);
    void onBatch(const BatchReport &report);
    void onNotice(const QString &text);
    void onLlmEvent(const LlmEvent &event);
    void onFinished(RunEngine::Outcome outcome, const QString &summary, const Diagnostics &problems);
    void log(const QString &text, const QString &colour = {});

    const Project *m_project = nullptr;
    EngineHost *m_engine = nullptr;
    bool m_mine = false;  // the job running was started here (repairs from other workspaces show too)
    QComboBox *m_kind;
    QSpinBox *m_count;
    QSpinBox *m_batchSize;
    QLineEdit *m_seed;
    QListWidget *m_judges;
    QCheckBox *m_force;
    QCheckBox *m_noCache;
    QPushButton *m_start;
    QPushButton *m_pause;
    QPushButton *m_cancel;
    QPushButton *m_resume;
    QLabel *m_state;
    QLabel *m_interrupted;
    QProgressBar *m_generated;
    QProgressBar *m_assessed;
    QLabel *m_figures;
    RunCharts *m_charts;
    QPlainTextEdit *m_log;
    QAction *m_startAction;
    QAction *m_pauseAction;
    QAction *m_cancelAction;
    QAction *m_resumeAction;
    qint64 m_lastInterrupted = 0;
    int m_lastCostPoint = -1;
    int m_batchesShown = 0;
    QList<double> m_batchRates;
    int m_batchPassed = 0;
    int m_batchTranscripts = 0;
    int m_progressUpdates = 0;
};

} // namespace sift

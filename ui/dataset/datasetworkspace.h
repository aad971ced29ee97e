#pragma once

#include "workspace.h"

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace sift {

class AuditExamplesModel;
class ConversationView;
class AuditFindingsModel;
class BackgroundTask;
class ProjectStore;
struct AuditReport;

// The Dataset workspace: the audit of the project's training data (each finding with its figure, red
// flags highlighted, its example responses, and the transcript behind an example), and the Export
// action the main window puts in its File menu. The audit runs off the UI thread.
class DatasetWorkspace : public Workspace
{
    Q_OBJECT

public:
    explicit DatasetWorkspace(QWidget *parent = nullptr);
    ~DatasetWorkspace() override;
    QString title() const override { return tr("Dataset"); }
    void setProject(const Project *project) override;
    QList<QAction *> fileActions() const override;
    void setEngine(EngineHost *engine) override;

    // Repairs every transcript that failed, in the background (the engine's fixup job).
    void repairAll();
    bool repairRunning() const;
    QString repairStatus() const;

    // Starts the audit (the current one, if any, is cancelled and its result dropped).
    void runAudit();
    bool auditRunning() const;
    AuditFindingsModel *findingsModel() const { return m_findings; }
    AuditExamplesModel *examplesModel() const { return m_examples; }
    // Shows a transcript with one message marked (what clicking an example does).
    bool showExample(const QString &transcript, int message);

Q_SIGNALS:
    void auditFinished();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void selectFinding(int row);
    void auditDone(const AuditReport &report, const QString &error, quint64 generation);
    void openExportDialog();
    void updateRepairButtons();

    const Project *m_project = nullptr;
    std::unique_ptr<ProjectStore> m_store;
    bool m_stale = true;          // the shown audit is not of the project as it is now
    quint64 m_generation = 0;     // results of an older audit are dropped
    BackgroundTask *m_task;
    QAction *m_exportAction;
    QComboBox *m_include;
    QPushButton *m_run;
    QProgressBar *m_progress;
    QLabel *m_summary;
    AuditFindingsModel *m_findings;
    AuditExamplesModel *m_examples;
    QTableView *m_findingsView;
    QTableView *m_examplesView;
    QLabel *m_transcriptHeader;
    ConversationView *m_transcript;
    QPushButton *m_repair;
    QPushButton *m_pauseRepair;
    QPushButton *m_cancelRepair;
    QLabel *m_repairStatus;
    EngineHost *m_engine = nullptr;
    bool m_repairing = false;
    QStringList m_repairNotices;
};

} // namespace sift

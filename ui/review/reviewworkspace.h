#pragma once

#include "design/rubric.h"
#include "review/batchsummary.h"
#include "reviewcommands.h"
#include "workspace.h"

#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QListView;
class QTableView;
class QTabWidget;
class QTreeView;
class QUndoStack;

namespace sift {

class BatchListModel;
class BatchOverviewModel;
class CellPanel;
class ConversationView;
class GatePanel;
class JudgeQualityModel;
class MessageBar;
class ProjectStore;
class RubricEditing;
class VerdictGridModel;

// The Review workspace, where a human reviews both the transcripts and the judges' verdicts, a
// batch of five at a time (finetune-generate step 3): the batches on the left, the batch's
// transcripts in a strip, the conversation, and beside it every judge's verdict per criterion with
// the combined one. The reviewer flags answers (agree, false positive, false negative), notes what
// the rubric misses, promotes cases to calibration examples and signs batches off; every mark is
// stored at once and can be undone. A second page shows how far each judge agrees with the reviewer.
// Everything is reachable from the keyboard.
class ReviewWorkspace : public Workspace, private ReviewActions
{
    Q_OBJECT

public:
    explicit ReviewWorkspace(QWidget *parent = nullptr);
    ~ReviewWorkspace() override;

    QString title() const override { return tr("Review"); }
    void setProject(const Project *project) override;
    void projectReread(const Project *project) override;
    QList<QAction *> editActions() const override;
    QList<QAction *> menuActions() const override;
    void setEngine(EngineHost *engine) override;
    void setRubricEditing(RubricEditing *rubric) { m_rubricEditing = rubric; }
    // Tests and scripted use: replaces the dialog that edits a promoted example (nullopt: cancelled).
    using ExampleEditor = std::function<std::optional<CalibrationExample>(const QString &criterion, const CalibrationExample &)>;
    void setExampleEditor(ExampleEditor editor) { m_exampleEditor = std::move(editor); }

    BatchListModel *batchModel() const { return m_batchModel; }
    BatchOverviewModel *overviewModel() const { return m_overviewModel; }
    VerdictGridModel *gridModel() const { return m_gridModel; }
    JudgeQualityModel *qualityModel() const { return m_qualityModel; }
    QUndoStack *undoStack() const { return m_undo; }
    ConversationView *conversation() const { return m_conversation; }
    GatePanel *gatePanel() const { return m_gate; }
    CellPanel *cellPanel() const { return m_cell; }

    int currentBatch() const { return m_batchRow; }
    int currentTranscript() const { return m_transcriptRow; }
    QString currentTranscriptUid() const;
    QString currentCriterion() const;
    QString currentJudge() const;
    const TranscriptReview *currentReview() const;
    const BatchSummary &batchSummary() const { return m_summary; }

    bool selectBatch(int row);
    bool selectTranscript(int row);
    // Shows one transcript wherever it is (its batch opens); false if there is none with that id.
    bool showTranscript(const QString &uid);
    void selectCell(const QString &criterion, const QString &judge);

    // What the actions do, callable directly.
    void flagCurrent(FlagKind kind);
    void clearCurrentFlag();
    void setTranscriptNotes(const TranscriptNotes &notes);
    void toggleSignOff();
    void promoteCurrent();
    void repairCurrent();
    void refreshQuality();

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    QAction *addReviewAction(const QString &text, const QString &name, const QKeySequence &key,
                             const std::function<void()> &slot);
    QWidget *buildReviewPage();
    QWidget *buildQualityPage();
    void reloadBatches(qint64 keepBatchId = 0, int keepRow = -1);
    void reloadKeepingPlace();
    void batchesChanged();
    void loadBatch();
    void showTranscriptRow(int row);
    void showCurrentCell();
    void refreshTranscript(const QString &uid);
    void refreshGate();
    void updateActions();
    void moveCriterion(int step);
    void moveJudge(int step);
    void moveTranscript(int step);
    void moveBatch(int step);
    void noteEdited(const QString &note);
    void notesEdited();
    void showTranscriptNotes();
    int rowOfTranscript(const QString &uid) const;

    // ReviewActions
    bool writeFlag(const QString &uid, const QString &judge, const QString &criterion, const std::optional<CellFlag> &flag) override;
    bool writeNotes(const QString &uid, const TranscriptNotes &notes) override;
    bool writeSignOff(qint64 batchId, const QString &signedOffAt) override;
    void reportProblem(const QString &text) override;

    const Project *m_project = nullptr;
    std::unique_ptr<ProjectStore> m_store;
    EngineHost *m_engine = nullptr;
    RubricEditing *m_rubricEditing = nullptr;
    ExampleEditor m_exampleEditor;
    QUndoStack *m_undo;
    QList<QAction *> m_actions;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QAction *m_agree = nullptr;
    QAction *m_falsePositive = nullptr;
    QAction *m_falseNegative = nullptr;
    QAction *m_clearFlag = nullptr;
    QAction *m_promote = nullptr;
    QAction *m_signOff = nullptr;
    QAction *m_reject = nullptr;
    QAction *m_repair = nullptr;

    QTabWidget *m_pages;
    MessageBar *m_messages;
    BatchListModel *m_batchModel;
    BatchOverviewModel *m_overviewModel;
    VerdictGridModel *m_gridModel;
    JudgeQualityModel *m_qualityModel;
    QListView *m_batchView;
    QTableView *m_overview;
    QLabel *m_transcriptHeader;
    ConversationView *m_conversation;
    QLineEdit *m_noteEdit;
    QLineEdit *m_missingEdit;
    QTreeView *m_grid;
    CellPanel *m_cell;
    GatePanel *m_gate;
    QTreeView *m_qualityView;
    QLabel *m_qualitySummary;

    int m_batchRow = -1;
    int m_transcriptRow = -1;
    QList<TranscriptReview> m_reviews;  // the open batch
    BatchSummary m_summary;
    bool m_qualityStale = true;
    bool m_batchesStale = false;
    bool m_reloadPending = false;
};

} // namespace sift

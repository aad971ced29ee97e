#include "reviewworkspace.h"

#include "batchlistmodel.h"
#include "batchoverviewmodel.h"
#include "cellpanel.h"
#include "common/conversationview.h"
#include "common/messagebar.h"
#include "gatepanel.h"
#include "judgequalitymodel.h"
#include "project/project.h"
#include "review/reviewbatches.h"
#include "store/projectstore.h"
#include "verdictgridmodel.h"

#include <QAction>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QShowEvent>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace sift {

ReviewWorkspace::ReviewWorkspace(QWidget *parent)
    : Workspace(parent), m_undo(new QUndoStack(this)), m_pages(new QTabWidget), m_messages(new MessageBar),
      m_batchModel(new BatchListModel(this)), m_overviewModel(new BatchOverviewModel(this)),
      m_gridModel(new VerdictGridModel(this)), m_qualityModel(new JudgeQualityModel(this)), m_batchView(new QListView),
      m_overview(new QTableView), m_transcriptHeader(new QLabel), m_conversation(new ConversationView),
      m_noteEdit(new QLineEdit), m_missingEdit(new QLineEdit), m_grid(new QTreeView), m_cell(new CellPanel),
      m_gate(new GatePanel), m_qualityView(new QTreeView), m_qualitySummary(new QLabel)
{
    setObjectName(QStringLiteral("reviewWorkspace"));
    createActions();
    m_pages->setObjectName(QStringLiteral("reviewPages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(buildReviewPage(), tr("Batches"));
    m_pages->addTab(buildQualityPage(), tr("Judge quality"));
    m_messages->setObjectName(QStringLiteral("reviewMessages"));
    m_messages->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_messages);
    layout->addWidget(m_pages);
    setFocusProxy(m_grid);

    connect(m_pages, &QTabWidget::currentChanged, this, [this](int page) {
        if (page == 1 && m_qualityStale)
            refreshQuality();
    });
    updateActions();
}

ReviewWorkspace::~ReviewWorkspace()
{
    // Commands hold on to this workspace; they go first.
    m_undo->clear();
    m_gridModel->setReview(nullptr);
    m_overviewModel->setBatch(nullptr);
}

void ReviewWorkspace::setProject(const Project *project)
{
    m_project = project;
    m_undo->clear();
    m_store.reset();
    m_reviews.clear();
    m_batchRow = -1;
    m_transcriptRow = -1;
    m_qualityStale = true;
    m_messages->dismiss();
    m_messages->hide();
    m_gridModel->setReview(nullptr);
    m_overviewModel->setBatch(nullptr);
    m_gridModel->setRubric(project ? project->rubric : Rubric());
    if (project) {
        auto opened = ProjectStore::open(project->path(Project::DatabaseFile));
        if (opened)
            m_store = std::move(*opened);
        else
            reportProblem(tr("The project database cannot be opened: %1").arg(opened.errorText()));
    }
    reloadBatches();
}

void ReviewWorkspace::projectReread(const Project *project)
{
    // The rubric may have changed (a promoted example, an edit in the Design workspace) and new
    // transcripts may have come in: rescore, and keep the reviewer where they were.
    m_project = project;
    m_gridModel->setRubric(project ? project->rubric : Rubric());
    reloadKeepingPlace();
    m_qualityStale = true;
}

void ReviewWorkspace::reloadKeepingPlace()
{
    m_batchesStale = false;
    const QString criterion = currentCriterion();
    const QString judge = currentJudge();
    const QString uid = currentTranscriptUid();
    const qint64 batchId = m_batchRow >= 0 ? m_batchModel->batch(m_batchRow).batchId : 0;
    reloadBatches(batchId, m_batchRow);
    if (!uid.isEmpty())
        showTranscript(uid);
    selectCell(criterion, judge);
}

void ReviewWorkspace::batchesChanged()
{
    // Runs finish batches often; the list is read again at most once a second, and only on screen.
    m_batchesStale = true;
    if (isVisible() && !m_reloadPending) {
        m_reloadPending = true;
        QTimer::singleShot(1000, this, [this] {
            m_reloadPending = false;
            if (m_batchesStale && isVisible())
                reloadKeepingPlace();
        });
    }
}

bool ReviewWorkspace::eventFilter(QObject *watched, QEvent *event)
{
    // Escape in a note field stores the note and gives the keyboard back to the grid.
    if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape &&
        qobject_cast<QLineEdit *>(watched)) {
        m_grid->setFocus();
        return true;
    }
    return Workspace::eventFilter(watched, event);
}

void ReviewWorkspace::showEvent(QShowEvent *event)
{
    Workspace::showEvent(event);
    if (m_batchesStale)
        reloadKeepingPlace();
    if (m_pages->currentIndex() == 1 && m_qualityStale)
        refreshQuality();
}

void ReviewWorkspace::reloadBatches(qint64 keepBatchId, int keepRow)
{
    m_batchModel->setBatches({}, 5);
    if (!m_store || !m_project) {
        m_transcriptHeader->setText(m_project ? QString() : tr("No project open."));
        loadBatch();
        return;
    }
    ReviewBatches source(*m_store, m_project->manifest.generation.batchSize);
    const auto batches = source.list();
    if (!batches) {
        reportProblem(tr("Cannot list the batches: %1").arg(batches.errorText()));
        loadBatch();
        return;
    }
    m_batchModel->setBatches(*batches, source.groupSize());
    int row = keepBatchId ? m_batchModel->rowOf(keepBatchId) : -1;
    if (row < 0 && keepRow >= 0 && keepRow < m_batchModel->rowCount())
        row = keepRow;
    if (row < 0 && m_batchModel->rowCount() > 0)
        row = 0;
    m_batchRow = -1;
    if (row >= 0) {
        selectBatch(row);
    } else {
        loadBatch();
        m_transcriptHeader->setText(tr("No transcripts yet. Start a run in the Run workspace, or import transcripts "
                                       "(File > Import Transcripts)."));
    }
}

bool ReviewWorkspace::selectBatch(int row)
{
    if (row < 0 || row >= m_batchModel->rowCount())
        return false;
    m_batchRow = row;
    {
        const QSignalBlocker block(m_batchView->selectionModel());
        m_batchView->setCurrentIndex(m_batchModel->index(row));
    }
    m_batchView->scrollTo(m_batchModel->index(row));
    loadBatch();
    return true;
}

void ReviewWorkspace::loadBatch()
{
    const QString criterion = currentCriterion();
    const QString judge = currentJudge();
    m_gridModel->setReview(nullptr);
    m_overviewModel->setBatch(nullptr);
    m_reviews.clear();
    m_transcriptRow = -1;
    if (m_store && m_project && m_batchRow >= 0) {
        ReviewBatches source(*m_store, m_project->manifest.generation.batchSize);
        const auto refreshed = source.refreshed(m_batchModel->batch(m_batchRow));
        if (refreshed)
            m_batchModel->updateBatch(m_batchRow, *refreshed);
        const auto uids = source.transcripts(m_batchModel->batch(m_batchRow));
        if (!uids) {
            reportProblem(uids.errorText());
        } else {
            const Aggregation policy = aggregationFromName(m_project->manifest.assessment.aggregation);
            for (const QString &uid : *uids) {
                auto review = loadTranscriptReview(*m_store, uid, m_project->rubric, policy, m_project->manifest.roles.judges);
                if (!review) {
                    reportProblem(review.errorText());
                    continue;
                }
                m_reviews.append(std::move(*review));
            }
        }
    }
    m_overviewModel->setBatch(&m_reviews);
    refreshGate();
    if (!m_reviews.isEmpty()) {
        selectTranscript(0);
        selectCell(criterion, judge);
    } else {
        m_conversation->showNotice(QString());
        m_cell->showCell(nullptr, {}, {}, {});
        showTranscriptNotes();
    }
    updateActions();
}

bool ReviewWorkspace::selectTranscript(int row)
{
    if (row < 0 || row >= m_reviews.size())
        return false;
    m_overview->selectionModel()->setCurrentIndex(m_overviewModel->index(row, 0),
                                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (m_transcriptRow != row)
        showTranscriptRow(row);
    return true;
}

void ReviewWorkspace::showTranscriptRow(int row)
{
    const QString criterion = currentCriterion();
    const QString judge = currentJudge();
    m_transcriptRow = row;
    const TranscriptReview &r = m_reviews.at(row);
    const TranscriptRecord &t = r.transcript;
    QString header = tr("<b>%1</b> &nbsp; transcript %2 of %3 in this batch &nbsp; %n message(s)", nullptr, int(t.messages.size()))
                         .arg(t.uid.toHtmlEscaped())
                         .arg(row + 1)
                         .arg(m_reviews.size());
    if (t.source == QLatin1String("sample"))
        header += tr(" &nbsp;<span style='background:#555;color:white'>&nbsp;SAMPLE&nbsp;</span>");
    if (!t.rejected.isEmpty())
        header += tr(" &nbsp;<span style='color:#a01c1c'>rejected: %1</span>").arg(t.rejected.toHtmlEscaped());
    const QString persona = BatchOverviewModel::summary(t.persona);
    const QString scenario = BatchOverviewModel::summary(t.scenario);
    if (!persona.isEmpty() || !scenario.isEmpty())
        header += QStringLiteral("<br><span style='color:#555'>%1 %2 &nbsp; %3 %4</span>")
                      .arg(tr("Persona:"), persona.toHtmlEscaped(), tr("Scenario:"), scenario.toHtmlEscaped());
    m_transcriptHeader->setText(header);
    m_conversation->setTranscript(t);
    m_gridModel->setReview(&r);
    showTranscriptNotes();
    selectCell(criterion, judge);
    showCurrentCell();
    updateActions();
}

void ReviewWorkspace::showTranscriptNotes()
{
    const TranscriptReview *r = currentReview();
    const QSignalBlocker a(m_noteEdit);
    const QSignalBlocker b(m_missingEdit);
    m_noteEdit->setText(r ? r->notes.note : QString());
    m_missingEdit->setText(r ? r->notes.missingCriterion : QString());
    m_noteEdit->setEnabled(r != nullptr);
    m_missingEdit->setEnabled(r != nullptr);
}

void ReviewWorkspace::selectCell(const QString &criterion, const QString &judge)
{
    const QStringList criteria = m_gridModel->criteriaInOrder();
    if (criteria.isEmpty() || m_gridModel->judgeColumnCount() == 0)
        return;
    const QString c = criteria.contains(criterion) ? criterion : criteria.first();
    int column = m_gridModel->columnOf(judge);
    if (column < 0)
        column = 1;
    const QModelIndex index = m_gridModel->criterionIndex(c, column);
    if (index.isValid() && index != m_grid->currentIndex())
        m_grid->setCurrentIndex(index);
}

QString ReviewWorkspace::currentCriterion() const
{
    return m_grid->currentIndex().data(VerdictGridModel::CriterionRole).toString();
}

QString ReviewWorkspace::currentJudge() const
{
    return m_gridModel->judgeAt(m_grid->currentIndex().column());
}

QString ReviewWorkspace::currentTranscriptUid() const
{
    const TranscriptReview *r = currentReview();
    return r ? r->transcript.uid : QString();
}

const TranscriptReview *ReviewWorkspace::currentReview() const
{
    return m_transcriptRow >= 0 && m_transcriptRow < m_reviews.size() ? &m_reviews.at(m_transcriptRow) : nullptr;
}

int ReviewWorkspace::rowOfTranscript(const QString &uid) const
{
    for (int i = 0; i < m_reviews.size(); ++i) {
        if (m_reviews[i].transcript.uid == uid)
            return i;
    }
    return -1;
}

void ReviewWorkspace::showCurrentCell()
{
    const TranscriptReview *r = currentReview();
    const QString criterion = currentCriterion();
    const QString judge = currentJudge();
    const Criterion *c = m_project ? m_project->rubric.criterion(criterion) : nullptr;
    m_cell->showCell(r, c ? c->question : QString(), judge, criterion);
    // The turn the judge cites is where the reviewer looks next.
    int message = -1;
    if (r && !judge.isEmpty()) {
        if (const VerdictColumn *column = r->column(judge)) {
            const auto it = column->answers.constFind(criterion);
            if (it != column->answers.constEnd() && it->turn > 0)
                message = r->messageIndexOfTurn(it->turn);
        }
    }
    m_conversation->highlightMessage(message, message >= 0 ? tr("cited by %1 on %2").arg(VerdictGridModel::judgeTitle(judge), criterion)
                                                            : QString());
    updateActions();
}

bool ReviewWorkspace::showTranscript(const QString &uid)
{
    if (const int row = rowOfTranscript(uid); row >= 0)
        return selectTranscript(row);
    if (!m_store || !m_project)
        return false;
    const auto at = ReviewBatches(*m_store, m_project->manifest.generation.batchSize).locate(uid);
    if (!at || !*at)
        return false;
    int row = -1;
    if ((*at)->batchId) {
        row = m_batchModel->rowOf((*at)->batchId);
    } else {
        for (int i = 0; i < m_batchModel->rowCount(); ++i) {
            if (!m_batchModel->batch(i).isRunBatch() && m_batchModel->batch(i).index == (*at)->group)
                row = i;
        }
    }
    return selectBatch(row) && selectTranscript(rowOfTranscript(uid));
}

void ReviewWorkspace::moveCriterion(int step)
{
    const QStringList criteria = m_gridModel->criteriaInOrder();
    if (criteria.isEmpty())
        return;
    const int at = int(criteria.indexOf(currentCriterion()));
    const int next = at < 0 ? 0 : qBound(0, at + step, int(criteria.size()) - 1);
    selectCell(criteria.at(next), currentJudge());
    m_grid->scrollTo(m_grid->currentIndex());
}

void ReviewWorkspace::moveJudge(int step)
{
    const int columns = m_gridModel->judgeColumnCount();
    if (columns == 0)
        return;
    const int column = qBound(1, qMax(1, m_grid->currentIndex().column()) + step, columns);
    selectCell(currentCriterion(), m_gridModel->judgeAt(column));
}

void ReviewWorkspace::moveTranscript(int step)
{
    if (m_reviews.isEmpty())
        return;
    const int next = m_transcriptRow + step;
    // Past the last transcript of a batch the next batch opens, so a reviewer can read straight on.
    if (next >= m_reviews.size()) {
        if (m_batchRow + 1 < m_batchModel->rowCount())
            selectBatch(m_batchRow + 1);
        return;
    }
    if (next < 0) {
        if (m_batchRow > 0 && selectBatch(m_batchRow - 1))
            selectTranscript(int(m_reviews.size()) - 1);
        return;
    }
    selectTranscript(next);
}

void ReviewWorkspace::moveBatch(int step)
{
    selectBatch(qBound(0, m_batchRow + step, m_batchModel->rowCount() - 1));
}

void ReviewWorkspace::refreshTranscript(const QString &uid)
{
    const int row = rowOfTranscript(uid);
    if (row < 0 || !m_store || !m_project)
        return;
    auto review = loadTranscriptReview(*m_store, uid, m_project->rubric,
                                       aggregationFromName(m_project->manifest.assessment.aggregation),
                                       m_project->manifest.roles.judges);
    if (!review) {
        reportProblem(review.errorText());
        return;
    }
    m_reviews[row] = std::move(*review);
    m_overviewModel->transcriptChanged(row);
    if (row == m_transcriptRow) {
        m_gridModel->setReview(&m_reviews[row]);
        showTranscriptNotes();
        showCurrentCell();
    }
    refreshGate();
    m_qualityStale = true;
}

void ReviewWorkspace::refreshGate()
{
    if (m_batchRow < 0 || m_reviews.isEmpty() || !m_project) {
        m_gate->clear();
        m_summary = {};
        return;
    }
    const ReviewBatch &b = m_batchModel->batch(m_batchRow);
    const GenerationSettings &gate = m_project->manifest.generation;
    m_summary = summariseBatch(m_reviews, m_project->rubric, !b.signedOffAt.isEmpty(), gate.gateScaleAt, gate.gateReviseBelow);
    QString note;
    if (!b.isRunBatch())
        note = tr("Sign-off is for batches a run generated: it tells the gate a human is satisfied with what the "
                  "prompts made. These transcripts came from elsewhere.");
    else if (!b.canSignOff())
        note = tr("The batch can be signed off once its run has finished it.");
    m_gate->showSummary(m_summary, b.signedOffAt, note);
}

} // namespace sift

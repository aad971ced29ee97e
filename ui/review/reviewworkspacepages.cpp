// The Review workspace's two pages as the reviewer sees them: the batches with the conversation, the
// verdict grid and its panels, and the judges' agreement with the reviewer. What they do is in
// reviewworkspace.cpp and reviewworkspaceactions.cpp.

#include "batchlistmodel.h"
#include "batchoverviewmodel.h"
#include "cellpanel.h"
#include "common/conversationview.h"
#include "gatepanel.h"
#include "judgequalitymodel.h"
#include "reviewworkspace.h"
#include "verdictgridmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace sift {

QWidget *ReviewWorkspace::buildReviewPage()
{
    m_batchView->setObjectName(QStringLiteral("batchList"));
    m_batchView->setModel(m_batchModel);
    m_batchView->setUniformItemSizes(true);
    m_batchView->setAlternatingRowColors(true);
    m_batchView->setMinimumWidth(170);
    m_batchView->setFocusPolicy(Qt::ClickFocus);

    m_overview->setObjectName(QStringLiteral("batchOverview"));
    m_overview->setModel(m_overviewModel);
    m_overview->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_overview->setSelectionMode(QAbstractItemView::SingleSelection);
    m_overview->verticalHeader()->hide();
    m_overview->verticalHeader()->setDefaultSectionSize(22);
    m_overview->horizontalHeader()->setStretchLastSection(true);
    m_overview->setWordWrap(false);
    m_overview->setFocusPolicy(Qt::ClickFocus);
    m_overview->setMaximumHeight(5 * 22 + 32);
    // Persona and scenario share what is left; the figures take what they need.
    m_overview->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_overviewModel, &QAbstractItemModel::modelReset, this, [this] {
        m_overview->horizontalHeader()->setSectionResizeMode(BatchOverviewModel::PersonaColumn, QHeaderView::Stretch);
        m_overview->horizontalHeader()->setSectionResizeMode(BatchOverviewModel::ScenarioColumn, QHeaderView::Stretch);
    });

    m_transcriptHeader->setObjectName(QStringLiteral("transcriptHeader"));
    m_transcriptHeader->setTextFormat(Qt::RichText);
    m_transcriptHeader->setWordWrap(true);
    m_transcriptHeader->setContentsMargins(4, 4, 4, 2);
    m_conversation->setObjectName(QStringLiteral("conversationView"));
    m_conversation->setFocusPolicy(Qt::ClickFocus);

    m_noteEdit->setObjectName(QStringLiteral("transcriptNote"));
    m_noteEdit->setPlaceholderText(tr("Note on this transcript: quality issues the rubric might miss (T)"));
    m_noteEdit->setClearButtonEnabled(true);
    m_missingEdit->setObjectName(QStringLiteral("missingCriterionNote"));
    m_missingEdit->setPlaceholderText(tr("Missing criterion: what the rubric does not check at all (M)"));
    m_missingEdit->setClearButtonEnabled(true);
    for (QLineEdit *e : {m_noteEdit, m_missingEdit}) {
        connect(e, &QLineEdit::editingFinished, this, &ReviewWorkspace::notesEdited);
        e->installEventFilter(this);
    }

    auto *middle = new QWidget;
    auto *middleLayout = new QVBoxLayout(middle);
    middleLayout->setContentsMargins(0, 0, 0, 0);
    middleLayout->setSpacing(2);
    middleLayout->addWidget(m_transcriptHeader);
    middleLayout->addWidget(m_conversation, 1);
    middleLayout->addWidget(m_noteEdit);
    middleLayout->addWidget(m_missingEdit);

    m_grid->setObjectName(QStringLiteral("verdictGrid"));
    m_grid->setModel(m_gridModel);
    m_grid->setUniformRowHeights(true);
    m_grid->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_grid->setSelectionMode(QAbstractItemView::SingleSelection);
    m_grid->setAllColumnsShowFocus(false);
    m_grid->setItemsExpandable(false);
    m_grid->setRootIsDecorated(false);
    m_grid->setIndentation(10);
    m_grid->header()->setStretchLastSection(false);
    m_grid->header()->setMinimumSectionSize(70);
    // Widths are set when the rows or columns change, not measured on every repaint: moving between
    // transcripts only changes the cells' text.
    const auto fitColumns = [this] {
        m_grid->expandAll();
        m_grid->resizeColumnToContents(0);
        for (int c = 1; c < m_gridModel->columnCount(); ++c)
            m_grid->setColumnWidth(c, qMax(96, m_grid->header()->sectionSizeHint(c)));
    };
    connect(m_gridModel, &QAbstractItemModel::modelReset, this, fitColumns);
    connect(m_gridModel, &QAbstractItemModel::columnsInserted, this, fitColumns);

    m_cell->setActions(m_agree, m_falsePositive, m_falseNegative, m_clearFlag, m_promote);
    connect(m_cell, &CellPanel::noteEdited, this, &ReviewWorkspace::noteEdited);
    m_cell->noteEdit()->installEventFilter(this);
    m_gate->setSignOffAction(m_signOff);

    auto *right = new QSplitter(Qt::Vertical);
    right->setObjectName(QStringLiteral("verdictSplitter"));
    right->addWidget(m_grid);
    right->addWidget(m_cell);
    right->addWidget(m_gate);
    right->setStretchFactor(0, 5);
    right->setStretchFactor(1, 2);
    right->setStretchFactor(2, 2);

    auto *work = new QSplitter(Qt::Horizontal);
    work->addWidget(middle);
    work->addWidget(right);
    work->setStretchFactor(0, 3);
    work->setStretchFactor(1, 3);

    // The strip keeps the height of its five rows; everything else goes to the transcript and grid.
    auto *centre = new QWidget;
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(2);
    centreLayout->addWidget(m_overview);
    centreLayout->addWidget(work, 1);

    auto *page = new QSplitter(Qt::Horizontal);
    page->setObjectName(QStringLiteral("reviewSplitter"));
    page->addWidget(m_batchView);
    page->addWidget(centre);
    page->setStretchFactor(1, 1);
    page->setSizes({200, 1200});

    connect(m_batchView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() && current.row() != m_batchRow)
                    selectBatch(current.row());
            });
    connect(m_overview->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() && current.row() != m_transcriptRow)
                    showTranscriptRow(current.row());
            });
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] { showCurrentCell(); });
    return page;
}

QWidget *ReviewWorkspace::buildQualityPage()
{
    m_qualityView->setObjectName(QStringLiteral("judgeQuality"));
    m_qualityView->setModel(m_qualityModel);
    m_qualityView->setUniformRowHeights(true);
    m_qualityView->setAlternatingRowColors(true);
    m_qualityView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_qualityView->header()->setStretchLastSection(true);
    m_qualitySummary->setObjectName(QStringLiteral("qualitySummary"));
    m_qualitySummary->setWordWrap(true);
    m_qualitySummary->setTextFormat(Qt::RichText);
    m_qualitySummary->setContentsMargins(6, 6, 6, 6);
    auto *refresh = new QPushButton(tr("Refresh"));
    refresh->setObjectName(QStringLiteral("refreshQuality"));
    connect(refresh, &QPushButton::clicked, this, &ReviewWorkspace::refreshQuality);
    auto *top = new QHBoxLayout;
    top->addWidget(m_qualitySummary, 1);
    top->addWidget(refresh, 0, Qt::AlignTop);
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(top);
    layout->addWidget(m_qualityView, 1);
    connect(m_qualityModel, &QAbstractItemModel::modelReset, m_qualityView, &QTreeView::expandAll);
    return page;
}

} // namespace sift

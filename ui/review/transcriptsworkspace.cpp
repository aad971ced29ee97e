#include "transcriptsworkspace.h"

#include "project/project.h"
#include "store/projectstore.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sift {

namespace {

enum ListColumn { IdColumn, SourceColumn, MessagesColumn, PreviewColumn };

QString sourceLabel(const QString &source)
{
    return source == QLatin1String("sample") ? TranscriptsWorkspace::tr("SAMPLE") : source;
}

// Verdicts are read by colour first and text second, so both carry the answer (colour-blind safe).
QColor answerColour(const QString &answer)
{
    if (answer == QLatin1String("YES"))
        return QColor(0xd8, 0xf0, 0xd8);
    if (answer == QLatin1String("NO"))
        return QColor(0xf6, 0xd0, 0xd0);
    return QColor(0xe8, 0xe8, 0xe8);
}

QString conversationHtml(const TranscriptRecord &t)
{
    QString html;
    int userIndex = 0;
    int assistantTurn = 0;
    for (const Message &m : t.messages) {
        QString heading;
        QString tags;
        QString style;
        if (m.role == QLatin1String("system")) {
            heading = TranscriptsWorkspace::tr("System prompt");
            style = QStringLiteral("background:#f4f4f4;color:#555");
        } else if (m.role == QLatin1String("user")) {
            heading = TranscriptsWorkspace::tr("User (message %1)").arg(userIndex + 1);
            style = QStringLiteral("background:#eef3fb");
            const QStringList flaws = userIndex < t.flaws.size() ? t.flaws.at(userIndex) : QStringList();
            for (const QString &flaw : flaws)
                tags += QStringLiteral(" <span style='background:#fbe3b5;color:#6b4a00'>&nbsp;%1&nbsp;</span>")
                            .arg(flaw.toHtmlEscaped());
            ++userIndex;
        } else {
            ++assistantTurn;
            heading = TranscriptsWorkspace::tr("Assistant (turn %1)").arg(assistantTurn);
            style = QStringLiteral("background:#ffffff");
        }
        QString body = m.content.toHtmlEscaped();
        body.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        html += QStringLiteral("<div style='%1;padding:6px;margin-bottom:6px'><b>%2</b>%3<br>%4</div>")
                    .arg(style, heading, tags, body);
    }
    return html;
}

} // namespace

TranscriptsWorkspace::TranscriptsWorkspace(QWidget *parent)
    : Workspace(parent), m_list(new QTreeWidget), m_header(new QLabel), m_conversation(new QTextBrowser),
      m_verdicts(new QTableWidget), m_verdictDetail(new QTextBrowser)
{
    setObjectName(QStringLiteral("reviewWorkspace"));
    m_list->setObjectName(QStringLiteral("transcriptList"));
    m_list->setHeaderLabels({tr("Transcript"), tr("Source"), tr("Messages"), tr("Opening message")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setStretchLastSection(true);
    m_list->setMinimumWidth(320);

    m_header->setObjectName(QStringLiteral("transcriptHeader"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_header->setContentsMargins(6, 4, 6, 4);
    m_conversation->setObjectName(QStringLiteral("conversationView"));
    m_conversation->setOpenLinks(false);

    m_verdicts->setObjectName(QStringLiteral("verdictTable"));
    m_verdicts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_verdicts->setSelectionMode(QAbstractItemView::SingleSelection);
    m_verdicts->verticalHeader()->setDefaultSectionSize(22);
    m_verdictDetail->setObjectName(QStringLiteral("verdictDetail"));
    m_verdictDetail->setMaximumHeight(140);

    auto *middle = new QWidget;
    auto *middleLayout = new QVBoxLayout(middle);
    middleLayout->setContentsMargins(0, 0, 0, 0);
    middleLayout->setSpacing(0);
    middleLayout->addWidget(m_header);
    middleLayout->addWidget(m_conversation);

    auto *right = new QSplitter(Qt::Vertical);
    right->addWidget(m_verdicts);
    right->addWidget(m_verdictDetail);
    right->setStretchFactor(0, 1);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_list);
    splitter->addWidget(middle);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_list, &QTreeWidget::currentItemChanged, this, [this] { showCurrent(); });
    connect(m_verdicts, &QTableWidget::currentCellChanged, this,
            [this](int row, int column) { showVerdictDetail(row, column); });
}

TranscriptsWorkspace::~TranscriptsWorkspace() = default;

void TranscriptsWorkspace::setProject(const Project *project)
{
    m_project = project;
    m_store.reset();
    if (project) {
        auto opened = ProjectStore::open(project->path(Project::DatabaseFile));
        if (opened)
            m_store = std::move(*opened);
        else
            m_header->setText(tr("<b>The project database cannot be opened.</b> %1").arg(opened.errorText().toHtmlEscaped()));
    }
    reloadList();
}

int TranscriptsWorkspace::transcriptCount() const
{
    return m_list->topLevelItemCount();
}

bool TranscriptsWorkspace::showTranscript(const QString &uid)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        if (m_list->topLevelItem(i)->text(IdColumn) == uid) {
            m_list->setCurrentItem(m_list->topLevelItem(i));
            return true;
        }
    }
    return false;
}

void TranscriptsWorkspace::reloadList()
{
    m_list->clear();
    m_conversation->clear();
    m_verdicts->clear();
    m_verdicts->setRowCount(0);
    m_verdicts->setColumnCount(0);
    m_verdictDetail->clear();
    if (!m_store) {
        if (!m_project)
            m_header->setText(tr("No project open."));
        return;
    }
    const auto summaries = m_store->transcripts();
    if (!summaries) {
        m_header->setText(tr("<b>Cannot read transcripts:</b> %1").arg(summaries.errorText().toHtmlEscaped()));
        return;
    }
    QList<QTreeWidgetItem *> items;
    for (const TranscriptSummary &s : *summaries) {
        auto *item = new QTreeWidgetItem;
        item->setText(IdColumn, s.uid);
        item->setText(SourceColumn, sourceLabel(s.source));
        if (s.source == QLatin1String("sample"))
            item->setToolTip(SourceColumn, tr("Illustrative sample data bundled with Sift, not generated by a model"));
        item->setText(MessagesColumn, QString::number(s.turnCount));
        item->setText(PreviewColumn, s.preview.simplified());
        item->setToolTip(PreviewColumn, s.preview);
        items.append(item);
    }
    m_list->addTopLevelItems(items);
    for (int c = IdColumn; c < PreviewColumn; ++c)
        m_list->resizeColumnToContents(c);
    if (items.isEmpty())
        m_header->setText(tr("No transcripts yet. Import a JSONL file with <code>sift-cli import</code>."));
    else
        m_list->setCurrentItem(items.first());
}

void TranscriptsWorkspace::showCurrent()
{
    QTreeWidgetItem *item = m_list->currentItem();
    if (!item || !m_store)
        return;
    const QString uid = item->text(IdColumn);
    const auto transcript = m_store->transcript(uid);
    if (!transcript) {
        m_header->setText(tr("<b>Cannot read %1:</b> %2").arg(uid.toHtmlEscaped(), transcript.errorText().toHtmlEscaped()));
        return;
    }
    const bool sample = transcript->source == QLatin1String("sample");
    m_header->setText(tr("<b>%1</b>%2 &nbsp; %3 messages")
                          .arg(uid.toHtmlEscaped(),
                               sample ? tr(" &nbsp;<span style='background:#555;color:white'>&nbsp;SAMPLE&nbsp;</span>")
                                      : QString())
                          .arg(transcript->messages.size()));
    m_conversation->setHtml(conversationHtml(*transcript));

    // One row per rubric criterion (in rubric order, then any the rubric no longer has), one column per judge.
    const auto verdicts = m_store->verdicts(uid);
    QStringList criteria;
    if (m_project) {
        for (const Criterion &c : m_project->rubric.criteria)
            criteria.append(c.id);
    }
    QStringList judges;
    if (verdicts) {
        for (const VerdictRecord &v : *verdicts) {
            judges.append(v.judge);
            for (const CriterionVerdict &cv : v.criteria) {
                if (!criteria.contains(cv.criterion))
                    criteria.append(cv.criterion);
            }
        }
    }
    m_verdicts->clear();
    m_verdicts->setRowCount(int(criteria.size()));
    m_verdicts->setColumnCount(int(judges.size()));
    m_verdicts->setHorizontalHeaderLabels(judges);
    m_verdicts->setVerticalHeaderLabels(criteria);
    if (verdicts) {
        for (int column = 0; column < verdicts->size(); ++column) {
            for (const CriterionVerdict &cv : verdicts->at(column).criteria) {
                auto *cell = new QTableWidgetItem(cv.answer);
                cell->setTextAlignment(Qt::AlignCenter);
                cell->setBackground(answerColour(cv.answer));
                cell->setForeground(Qt::black);
                cell->setToolTip(cv.reasoning);
                m_verdicts->setItem(int(criteria.indexOf(cv.criterion)), column, cell);
            }
        }
    }
    m_verdicts->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_verdictDetail->setHtml(judges.isEmpty() ? tr("No verdicts for this transcript yet.")
                                              : tr("Select a verdict to see the judge's evidence and reasoning."));
}

void TranscriptsWorkspace::showVerdictDetail(int row, int column)
{
    if (!m_store || row < 0 || column < 0 || !m_list->currentItem())
        return;
    const auto verdicts = m_store->verdicts(m_list->currentItem()->text(IdColumn));
    if (!verdicts || column >= verdicts->size())
        return;
    const QString criterion = m_verdicts->verticalHeaderItem(row) ? m_verdicts->verticalHeaderItem(row)->text() : QString();
    QString question;
    if (m_project) {
        for (const Criterion &c : m_project->rubric.criteria) {
            if (c.id == criterion)
                question = c.name.isEmpty() ? c.question : c.name + QStringLiteral(": ") + c.question;
        }
    }
    for (const CriterionVerdict &cv : verdicts->at(column).criteria) {
        if (cv.criterion != criterion)
            continue;
        m_verdictDetail->setHtml(tr("<b>%1</b> %2<br><b>%3</b> said <b>%4</b> (assistant turn %5)<br>"
                                    "<i>Evidence:</i> %6<br><i>Reasoning:</i> %7")
                                     .arg(criterion.toHtmlEscaped(), question.toHtmlEscaped(),
                                          verdicts->at(column).judge.toHtmlEscaped(), cv.answer.toHtmlEscaped())
                                     .arg(cv.turn)
                                     .arg(cv.evidence.toHtmlEscaped(), cv.reasoning.toHtmlEscaped()));
        return;
    }
    m_verdictDetail->setHtml(tr("%1 gave no verdict on %2.").arg(verdicts->at(column).judge.toHtmlEscaped(), criterion.toHtmlEscaped()));
}

} // namespace sift

#include "taxonomyeditor.h"

#include "common/inlineissues.h"
#include "common/sharebardelegate.h"
#include "common/shareindicator.h"
#include "design/document/documentsourceview.h"
#include "scenariopreviewmodel.h"
#include "taxonomytreemodel.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace sift {

namespace {
QString pathKey(const TaxonomyPath::Path &path)
{
    QStringList parts;
    for (const int i : path)
        parts.append(QString::number(i));
    return parts.join(QLatin1Char('/'));
}

void setTextIfDifferent(QLineEdit *edit, const QString &text)
{
    if (edit->text() != text) {
        const QSignalBlocker block(edit);
        edit->setText(text);
    }
}

void setValueIfDifferent(QDoubleSpinBox *spin, double value)
{
    // The spin box rounds to its decimals; compare what it would show, so typing is not disturbed.
    if (spin->valueFromText(spin->textFromValue(value)) != spin->value()) {
        const QSignalBlocker block(spin);
        spin->setValue(value);
    }
}
} // namespace

TaxonomyEditor::TaxonomyEditor(TaxonomyDocument *document, QWidget *parent)
    : ArtifactEditor(document, parent), m_document(document), m_model(new TaxonomyTreeModel(document, this)),
      m_preview(new ScenarioPreviewModel(this)), m_tabs(new QTabWidget)
{
    setObjectName(QStringLiteral("taxonomyEditor"));
    m_tabs->setObjectName(QStringLiteral("taxonomyTabs"));
    m_tabs->addTab(createStructureTab(), tr("Dimensions && Values"));
    m_tabs->addTab(createPreviewTab(), tr("Preview: %1 Scenarios").arg(PreviewCount));
    connect(m_tabs, &QTabWidget::currentChanged, this, &TaxonomyEditor::refreshPreview);

    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, &TaxonomyEditor::rememberExpansion);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TaxonomyEditor::restoreExpansion);
    connect(m_model, &TaxonomyTreeModel::nodeMoved, this, [this](const QList<int> &to) { select(to); });
    setForm(m_tabs);
    m_tree->expandAll();
    if (m_model->rowCount() > 0)
        select({0});
}

QWidget *TaxonomyEditor::createStructureTab()
{
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);

    auto *edgeRow = new QHBoxLayout;
    auto *edgeLabel = new QLabel(tr("Edge cases:"));
    m_edgeShare = new ShareIndicator;
    m_edgeShare->setObjectName(QStringLiteral("edgeCaseShare"));
    m_edgeTarget = new QDoubleSpinBox;
    m_edgeTarget->setObjectName(QStringLiteral("edgeCaseTarget"));
    m_edgeTarget->setRange(0, 100);
    m_edgeTarget->setDecimals(1);
    m_edgeTarget->setSuffix(QStringLiteral(" %"));
    m_edgeTarget->setToolTip(tr(
        "edge_case_target: the share of scenarios meant to be edge cases (the method suggests about 15%)"));
    auto *targetLabel = new QLabel(tr("&Target:"));
    targetLabel->setBuddy(m_edgeTarget);
    edgeRow->addWidget(edgeLabel);
    edgeRow->addWidget(m_edgeShare, 1);
    edgeRow->addWidget(targetLabel);
    edgeRow->addWidget(m_edgeTarget);
    layout->addLayout(edgeRow);
    connect(m_edgeTarget, &QDoubleSpinBox::valueChanged, this, [this](double percent) {
        m_document->edit(DesignDocument::EditKind::Field, tr("Change edge-case target"),
                         QStringLiteral("taxonomy-edge-target"),
                         [&](Taxonomy &t) { t.edgeCaseTarget = percent / 100.0; });
    });

    auto *toolbar = new QToolBar;
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto addAction = [&](const QString &text, const QString &name, auto slot) {
        QAction *a = toolbar->addAction(text, this, slot);
        a->setObjectName(name);
        return a;
    };
    addAction(tr("Add Dimension"), QStringLiteral("actionAddDimension"), [this] { addDimension(); });
    m_addValue = addAction(tr("Add Value"), QStringLiteral("actionAddValue"), [this] { addValue(false); });
    m_addSubtopic =
        addAction(tr("Add Subtopic"), QStringLiteral("actionAddSubtopic"), [this] { addValue(true); });
    toolbar->addSeparator();
    m_remove = addAction(tr("Remove"), QStringLiteral("actionRemoveNode"), [this] { removeSelected(); });
    m_moveUp = addAction(tr("Move Up"), QStringLiteral("actionMoveUp"), [this] { moveSelected(-1); });
    m_moveDown = addAction(tr("Move Down"), QStringLiteral("actionMoveDown"), [this] { moveSelected(1); });
    m_remove->setShortcut(QKeySequence::Delete);
    m_remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_moveUp->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
    m_moveDown->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Down));
    for (QAction *a : {m_moveUp, m_moveDown})
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    layout->addWidget(toolbar);

    m_tree = new QTreeView;
    m_tree->setObjectName(QStringLiteral("taxonomyTree"));
    m_tree->setModel(m_model);
    m_tree->setItemDelegateForColumn(TaxonomyTreeModel::ShareColumn, new ShareBarDelegate(m_tree));
    m_tree->setAlternatingRowColors(true);
    m_tree->setDragDropMode(QAbstractItemView::InternalMove);
    m_tree->setDefaultDropAction(Qt::MoveAction);
    m_tree->setDropIndicatorShown(true);
    m_tree->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(TaxonomyTreeModel::NameColumn, 220);
    m_tree->setColumnWidth(TaxonomyTreeModel::WeightColumn, 70);
    m_tree->setColumnWidth(TaxonomyTreeModel::ShareColumn, 150);
    for (QAction *a : {m_remove, m_moveUp, m_moveDown})
        m_tree->addAction(a);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &TaxonomyEditor::refreshDetail);

    auto *detail = new QGroupBox;
    detail->setObjectName(QStringLiteral("nodeDetail"));
    auto *detailLayout = new QVBoxLayout(detail);
    m_detailTitle = new QLabel;
    m_detailTitle->setTextFormat(Qt::RichText);
    detailLayout->addWidget(m_detailTitle);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_id = new QLineEdit;
    m_id->setObjectName(QStringLiteral("nodeId"));
    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("dimensionKind"));
    m_kind->addItems(TaxonomyDimension::knownKinds());
    m_weight = new QDoubleSpinBox;
    m_weight->setObjectName(QStringLiteral("valueWeight"));
    // Negative weights are errors, but the field shows what the file says (validation reports it),
    // not a clamped 0 that would disagree with the tree and the source.
    m_weight->setRange(-1e6, 1e6);
    m_weight->setDecimals(4);
    m_weight->setSingleStep(0.05);
    m_share = new QLabel;
    m_share->setObjectName(QStringLiteral("valueShare"));
    m_description = new QLineEdit;
    m_description->setObjectName(QStringLiteral("nodeDescription"));
    m_kindLabel = new QLabel(tr("&Kind:"));
    m_weightLabel = new QLabel(tr("&Weight:"));
    m_shareLabel = new QLabel(tr("Share:"));
    m_kindLabel->setBuddy(m_kind);
    m_weightLabel->setBuddy(m_weight);
    form->addRow(tr("&Id:"), m_id);
    form->addRow(m_kindLabel, m_kind);
    form->addRow(m_weightLabel, m_weight);
    form->addRow(m_shareLabel, m_share);
    form->addRow(tr("&Description:"), m_description);
    detailLayout->addLayout(form);
    m_issues = new InlineIssues;
    m_issues->setObjectName(QStringLiteral("nodeIssues"));
    detailLayout->addWidget(m_issues);
    detailLayout->addStretch();

    connect(m_id, &QLineEdit::editingFinished, this, &TaxonomyEditor::renameSelected);
    connect(m_kind, &QComboBox::activated, this, [this](int index) {
        const TaxonomyPath::Path path = selectedPath();
        const QString kind = m_kind->itemText(index);
        if (path.size() == 1)
            m_document->edit(DesignDocument::EditKind::Structure, tr("Change kind"), QString(),
                             [&](Taxonomy &t) { t.dimensions[path[0]].kind = kind; });
    });
    connect(m_weight, &QDoubleSpinBox::valueChanged, this, [this](double weight) {
        const TaxonomyPath::Path path = selectedPath();
        m_document->edit(DesignDocument::EditKind::Field, tr("Change weight"),
                         QStringLiteral("taxonomy-weight:") + pathKey(path), [&](Taxonomy &t) {
                             if (TaxonomyValue *v = TaxonomyPath::value(t, path))
                                 v->weight = weight;
                         });
    });
    connect(m_description, &QLineEdit::textEdited, this, [this](const QString &text) {
        const TaxonomyPath::Path path = selectedPath();
        m_document->edit(DesignDocument::EditKind::Field, tr("Change description"),
                         QStringLiteral("taxonomy-description:") + pathKey(path), [&](Taxonomy &t) {
                             if (path.size() == 1)
                                 t.dimensions[path[0]].description = text;
                             else if (TaxonomyValue *v = TaxonomyPath::value(t, path))
                                 v->description = text;
                         });
    });

    auto *split = new QSplitter(Qt::Vertical);
    split->setChildrenCollapsible(false);
    split->addWidget(m_tree);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    return tab;
}

QWidget *TaxonomyEditor::createPreviewTab()
{
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    auto *row = new QHBoxLayout;
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("previewSeed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    auto *seedLabel = new QLabel(tr("&Seed:"));
    seedLabel->setBuddy(m_seed);
    m_previewSummary = new QLabel;
    m_previewSummary->setObjectName(QStringLiteral("previewSummary"));
    row->addWidget(seedLabel);
    row->addWidget(m_seed);
    row->addSpacing(12);
    row->addWidget(m_previewSummary, 1);
    layout->addLayout(row);
    auto *note =
        new QLabel(tr("The first %1 scenarios a run with this seed generates, as the sampler draws them "
                      "from the taxonomy in the editor (saved or not).")
                       .arg(PreviewCount));
    note->setWordWrap(true);
    layout->addWidget(note);
    m_previewTable = new QTableView;
    m_previewTable->setObjectName(QStringLiteral("scenarioPreview"));
    m_previewTable->setModel(m_preview);
    m_previewTable->setAlternatingRowColors(true);
    m_previewTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_previewTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_previewTable->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_previewTable, 1);
    connect(m_seed, &QSpinBox::valueChanged, this, &TaxonomyEditor::refreshPreview);
    return tab;
}

void TaxonomyEditor::setPreviewSeed(quint64 seed)
{
    m_seed->setValue(int(std::min<quint64>(seed, quint64(std::numeric_limits<int>::max()))));
    refreshPreview();
}

void TaxonomyEditor::refreshForm()
{
    m_model->sync();
    const Taxonomy &t = m_document->model();
    const double target = t.edgeCaseTarget.value_or(Taxonomy::DefaultEdgeCaseTarget);
    m_edgeShare->setRange(0.5, Taxonomy::EdgeCaseShareLow, Taxonomy::EdgeCaseShareHigh, target);
    if (const auto share = t.edgeCaseShare())
        m_edgeShare->setValue(
            *share,
            tr("%1% of scenarios (target %2%)").arg(*share * 100, 0, 'f', 1).arg(target * 100, 0, 'f', 1));
    else
        m_edgeShare->setValue(0, tr("no edge_case dimension"));
    setValueIfDifferent(m_edgeTarget, target * 100);
    refreshDetail();
    refreshPreview();
}

void TaxonomyEditor::refreshPreview()
{
    m_preview->setScenarios(m_document->model(), quint64(m_seed->value()), PreviewCount);
    const int edge = m_preview->edgeCases();
    m_previewSummary->setText(tr("%1 of %2 scenarios are edge cases (%3%).")
                                  .arg(edge)
                                  .arg(PreviewCount)
                                  .arg(100.0 * edge / PreviewCount, 0, 'f', 0));
}

TaxonomyPath::Path TaxonomyEditor::selectedPath() const
{
    return m_model->pathOf(m_tree->currentIndex());
}

void TaxonomyEditor::select(const TaxonomyPath::Path &path)
{
    const QModelIndex index = m_model->indexForPath(path);
    if (!index.isValid())
        return;
    for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
        m_tree->expand(p);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
    refreshDetail();
}

void TaxonomyEditor::refreshDetail()
{
    const Taxonomy &t = m_document->model();
    const TaxonomyPath::Path path = selectedPath();
    const bool isDimension = path.size() == 1;
    const bool isValue = path.size() > 1;
    m_addValue->setEnabled(!path.isEmpty());
    m_addSubtopic->setEnabled(isValue);
    m_remove->setEnabled(!path.isEmpty());
    m_moveUp->setEnabled(!path.isEmpty() && path.last() > 0);
    const QList<TaxonomyValue> *values =
        isValue ? TaxonomyPath::children(t, path.mid(0, path.size() - 1)) : nullptr;
    const int siblings = isDimension ? int(t.dimensions.size()) : (values ? int(values->size()) : 0);
    m_moveDown->setEnabled(!path.isEmpty() && path.last() < siblings - 1);

    m_kind->setVisible(isDimension);
    m_kindLabel->setVisible(isDimension);
    for (QWidget *w : {static_cast<QWidget *>(m_weight), static_cast<QWidget *>(m_share),
                       static_cast<QWidget *>(m_weightLabel), static_cast<QWidget *>(m_shareLabel)})
        w->setVisible(isValue);
    m_id->setEnabled(!path.isEmpty());
    m_description->setEnabled(!path.isEmpty());

    if (path.isEmpty()) {
        m_detailTitle->setText(tr("<i>Select a dimension or value.</i>"));
        m_issues->setDiagnostics({});
        return;
    }
    if (isDimension) {
        const TaxonomyDimension &d = t.dimensions[path[0]];
        m_detailTitle->setText(tr("<b>Dimension</b> %1").arg(d.id.toHtmlEscaped()));
        setTextIfDifferent(m_id, d.id);
        setTextIfDifferent(m_description, d.description);
        const QSignalBlocker block(m_kind);
        if (m_kind->findText(d.kind) < 0)
            m_kind->addItem(d.kind);
        m_kind->setCurrentText(d.kind);
        InlineIssues::markField(m_kind, diagnosticsAt(d.kindPos.line));
    } else if (const TaxonomyValue *v = TaxonomyPath::value(t, path)) {
        QStringList trail;
        for (int depth = 2; depth < path.size(); ++depth)
            trail.append(TaxonomyPath::value(t, path.mid(0, depth))->id);
        m_detailTitle->setText(tr("<b>Value</b> %1 <span style='color:#6a737d'>in %2</span>")
                                   .arg(v->id.toHtmlEscaped(), (QStringList{t.dimensions[path[0]].id} + trail)
                                                                   .join(QStringLiteral(" / "))
                                                                   .toHtmlEscaped()));
        setTextIfDifferent(m_id, v->id);
        setTextIfDifferent(m_description, v->description);
        setValueIfDifferent(m_weight, v->weight);
        m_share->setText(tr("%1% of its siblings, %2% of all scenarios")
                             .arg(TaxonomyTreeModel::siblingShare(t, path) * 100, 0, 'f', 1)
                             .arg(TaxonomyTreeModel::dimensionShare(t, path) * 100, 0, 'f', 1));
        InlineIssues::markField(m_weight, diagnosticsAt(v->weightPos.line));
    }
    // The findings on this dimension's or value's own lines, as its row in the tree marks them.
    m_issues->setDiagnostics(m_model->findings(path));
}

bool TaxonomyEditor::focusFormLine(int line)
{
    const Taxonomy &t = m_document->model();
    if (t.targetPos.line == line) {
        m_tabs->setCurrentIndex(0);
        m_edgeTarget->setFocus();
        return true;
    }
    const TaxonomyPath::Path path = TaxonomyPath::at(t, line);
    if (path.isEmpty())
        return false;
    m_tabs->setCurrentIndex(0);
    select(path);
    if (path.size() == 1 && t.dimensions[path[0]].kindPos.line == line)
        m_kind->setFocus();
    else if (const TaxonomyValue *v = TaxonomyPath::value(t, path); v && v->weightPos.line == line)
        m_weight->setFocus();
    else
        m_id->setFocus();
    return true;
}

void TaxonomyEditor::renameSelected()
{
    const TaxonomyPath::Path path = selectedPath();
    if (path.isEmpty())
        return;
    const QModelIndex index = m_model->indexForPath(path);
    if (m_id->text().trimmed() == index.data(Qt::EditRole).toString())
        return;
    if (!m_model->setData(index, m_id->text(), Qt::EditRole)) {
        // Empty or already used by a sibling: the YAML would hold the key twice.
        m_issues->setDiagnostics({Diagnostic::error(
            m_document->relativePath(), 0, 0,
            tr("'%1' cannot be used: the id is empty or a sibling has it already").arg(m_id->text()),
            tr("choose another id"))});
        setTextIfDifferent(m_id, index.data(Qt::EditRole).toString());
    }
}

void TaxonomyEditor::addDimension()
{
    QStringList taken;
    for (const TaxonomyDimension &d : m_document->model().dimensions)
        taken.append(d.id);
    const QString id = TaxonomyPath::uniqueId(taken, QStringLiteral("new_dimension"));
    m_selectAfterReset = {int(m_document->model().dimensions.size())};
    m_document->edit(DesignDocument::EditKind::Structure, tr("Add dimension"), QString(), [&](Taxonomy &t) {
        TaxonomyDimension d;
        d.id = id;
        d.kind = QStringLiteral("other");
        TaxonomyValue v;
        v.id = QStringLiteral("new_value");
        d.values.append(v);
        t.dimensions.append(d);
    });
}

void TaxonomyEditor::addValue(bool asSubtopic)
{
    const TaxonomyPath::Path selected = selectedPath();
    if (selected.isEmpty() || (asSubtopic && selected.size() < 2))
        return;
    const TaxonomyPath::Path parent =
        asSubtopic || selected.size() == 1 ? selected : selected.mid(0, selected.size() - 1);
    const QList<TaxonomyValue> *siblings = TaxonomyPath::children(m_document->model(), parent);
    if (!siblings)
        return;
    const QString id = TaxonomyPath::uniqueId(TaxonomyPath::ids(*siblings), QStringLiteral("new_value"));
    m_selectAfterReset = parent + TaxonomyPath::Path{int(siblings->size())};
    m_document->edit(DesignDocument::EditKind::Structure, asSubtopic ? tr("Add subtopic") : tr("Add value"),
                     QString(), [&](Taxonomy &t) {
                         TaxonomyValue v;
                         v.id = id;
                         TaxonomyPath::children(t, parent)->append(v);
                     });
}

void TaxonomyEditor::removeSelected()
{
    const TaxonomyPath::Path path = selectedPath();
    if (path.isEmpty())
        return;
    TaxonomyPath::Path next = path;
    if (next.last() > 0)
        --next.last();
    else if (next.size() > 1)
        next.removeLast();
    m_selectAfterReset = next;
    m_document->edit(DesignDocument::EditKind::Structure,
                     path.size() == 1 ? tr("Remove dimension") : tr("Remove value"), QString(),
                     [&](Taxonomy &t) { TaxonomyPath::remove(t, path); });
}

void TaxonomyEditor::moveSelected(int delta)
{
    const TaxonomyPath::Path path = selectedPath();
    if (path.isEmpty())
        return;
    const TaxonomyPath::Path parent = path.mid(0, path.size() - 1);
    // moveNode takes the row to insert before, counted before the item is taken out.
    m_model->moveNode(path, parent, delta < 0 ? path.last() - 1 : path.last() + 2);
}

void TaxonomyEditor::rememberExpansion()
{
    if (m_selectAfterReset.isEmpty())
        m_selectAfterReset = selectedPath();
    m_expanded.clear();
    for (const auto &[path, line] : TaxonomyPath::linesInOrder(m_model->taxonomy())) {
        Q_UNUSED(line);
        if (m_tree->isExpanded(m_model->indexForPath(path)))
            m_expanded.append(path);
    }
}

void TaxonomyEditor::restoreExpansion()
{
    // Dimensions stay open; values keep whatever state they had at the same place.
    for (int d = 0; d < m_model->rowCount(); ++d)
        m_tree->expand(m_model->index(d, 0));
    for (const TaxonomyPath::Path &path : std::as_const(m_expanded))
        m_tree->expand(m_model->indexForPath(path));
    const TaxonomyPath::Path select = m_selectAfterReset;
    m_selectAfterReset.clear();
    if (!select.isEmpty())
        this->select(select);
}

} // namespace sift

#include "personaeditor.h"

#include "common/inlineissues.h"
#include "common/sharebardelegate.h"
#include "personadimensionmodel.h"
#include "personapreviewmodel.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
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
QDoubleSpinBox *percentBox(const QString &name)
{
    auto *spin = new QDoubleSpinBox;
    spin->setObjectName(name);
    // Wider than 0-100 %: a probability outside [0, 1] in the file is an error validation reports, and
    // the field shows it as written rather than clamped to a value the source does not say.
    spin->setRange(-1000, 1000);
    spin->setDecimals(1);
    spin->setSingleStep(5);
    spin->setSuffix(QStringLiteral(" %"));
    return spin;
}

void setPercentIfDifferent(QDoubleSpinBox *spin, double fraction)
{
    const double percent = fraction * 100;
    if (spin->valueFromText(spin->textFromValue(percent)) != spin->value()) {
        const QSignalBlocker block(spin);
        spin->setValue(percent);
    }
}

QStringList flawIds(const PersonaTemplate &t)
{
    QStringList ids;
    for (const FlawGroup *g : {&t.primary, &t.secondary}) {
        for (const FlawPattern &f : g->patterns)
            ids.append(f.id);
    }
    return ids;
}
} // namespace

PersonaEditor::PersonaEditor(PersonaDocument *document, QWidget *parent)
    : ArtifactEditor(document, parent), m_document(document),
      m_dimensions(new PersonaDimensionModel(document, this)),
      m_primary(new FlawPatternModel(document, FlawPatternModel::Group::Primary, this)),
      m_secondary(new FlawPatternModel(document, FlawPatternModel::Group::Secondary, this)),
      m_preview(new PersonaPreviewModel(this)), m_tabs(new QTabWidget)
{
    setObjectName(QStringLiteral("personaEditor"));
    m_tabs->setObjectName(QStringLiteral("personaTabs"));
    m_tabs->addTab(createDimensionsBox(), tr("Dimensions"));
    m_tabs->addTab(createFlawsBox(), tr("Flaws"));
    m_tabs->addTab(createPreviewTab(), tr("Preview: %1 Personas").arg(PreviewPersonas));
    connect(m_dimensions, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        if (m_selectAfterReset.isEmpty())
            m_selectAfterReset = selectedPath();
    });
    connect(m_dimensions, &QAbstractItemModel::modelReset, this, [this] {
        m_tree->expandAll();
        const QList<int> path = m_selectAfterReset;
        m_selectAfterReset.clear();
        selectDimension(path);
    });
    setForm(m_tabs);
    m_tree->expandAll();
    selectDimension({0});
}

FlawPatternModel *PersonaEditor::patternModel(FlawPatternModel::Group group) const
{
    return group == FlawPatternModel::Group::Primary ? m_primary : m_secondary;
}

QWidget *PersonaEditor::createDimensionsBox()
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    auto *toolbar = new QToolBar;
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(tr("Add Dimension"), this, &PersonaEditor::addDimension)
        ->setObjectName(QStringLiteral("actionAddPersonaDimension"));
    m_addOption = toolbar->addAction(tr("Add Option"), this, &PersonaEditor::addOption);
    m_addOption->setObjectName(QStringLiteral("actionAddOption"));
    toolbar->addSeparator();
    m_remove = toolbar->addAction(tr("Remove"), this, &PersonaEditor::removeSelected);
    m_remove->setObjectName(QStringLiteral("actionRemovePersonaNode"));
    QAction *up = toolbar->addAction(tr("Move Up"), this, [this] { moveSelected(-1); });
    up->setObjectName(QStringLiteral("actionMovePersonaUp"));
    QAction *down = toolbar->addAction(tr("Move Down"), this, [this] { moveSelected(1); });
    down->setObjectName(QStringLiteral("actionMovePersonaDown"));
    up->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
    down->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Down));
    m_remove->setShortcut(QKeySequence::Delete);
    for (QAction *a : {up, down, m_remove})
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    layout->addWidget(toolbar);

    m_tree = new QTreeView;
    m_tree->setObjectName(QStringLiteral("personaDimensions"));
    m_tree->setModel(m_dimensions);
    m_tree->setItemDelegateForColumn(PersonaDimensionModel::ShareColumn, new ShareBarDelegate(m_tree));
    m_tree->setAlternatingRowColors(true);
    m_tree->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed);
    m_tree->setColumnWidth(PersonaDimensionModel::NameColumn, 220);
    m_tree->setColumnWidth(PersonaDimensionModel::WeightColumn, 70);
    for (QAction *a : {up, down, m_remove})
        m_tree->addAction(a);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        m_addOption->setEnabled(!selectedPath().isEmpty());
        m_remove->setEnabled(!selectedPath().isEmpty());
    });
    layout->addWidget(m_tree, 1);
    m_dimensionIssues = new InlineIssues;
    m_dimensionIssues->setObjectName(QStringLiteral("dimensionIssues"));
    layout->addWidget(m_dimensionIssues);
    return box;
}

QWidget *PersonaEditor::createFlawsBox()
{
    auto *box = new QWidget;
    box->setObjectName(QStringLiteral("flawPatterns"));
    auto *layout = new QVBoxLayout(box);
    auto *row = new QHBoxLayout;
    m_noFlawShare = percentBox(QStringLiteral("noFlawShare"));
    auto *label = new QLabel(tr("Personas &without flaws:"));
    label->setBuddy(m_noFlawShare);
    row->addWidget(label);
    row->addWidget(m_noFlawShare);
    auto *note = new QLabel(
        tr("The others get one primary flaw and one or more secondary flaws; each shows or not in every "
           "message, at its probability."));
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color:#555"));
    row->addWidget(note, 1);
    layout->addLayout(row);
    connect(m_noFlawShare, &QDoubleSpinBox::valueChanged, this, [this](double percent) {
        m_document->edit(DesignDocument::EditKind::Field, tr("Change share without flaws"),
                         QStringLiteral("no-flaw-share"),
                         [&](PersonaTemplate &t) { t.noFlawShare = percent / 100; });
    });
    auto *groups = new QVBoxLayout;
    groups->addWidget(createGroupBox(FlawPatternModel::Group::Primary), 1);
    groups->addWidget(createGroupBox(FlawPatternModel::Group::Secondary), 1);
    layout->addLayout(groups, 1);
    m_flawIssues = new InlineIssues;
    m_flawIssues->setObjectName(QStringLiteral("flawIssues"));
    layout->addWidget(m_flawIssues);
    return box;
}

QWidget *PersonaEditor::createGroupBox(FlawPatternModel::Group group)
{
    const bool primary = group == FlawPatternModel::Group::Primary;
    auto *box = new QGroupBox(primary ? tr("Primary (one per persona)") : tr("Secondary"));
    auto *layout = new QVBoxLayout(box);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    QDoubleSpinBox *probability =
        percentBox(primary ? QStringLiteral("primaryProbability") : QStringLiteral("secondaryProbability"));
    probability->setToolTip(tr("Chance that the flaw shows in a given user message"));
    form->addRow(tr("Shows in a &message:"), probability);
    connect(probability, &QDoubleSpinBox::valueChanged, this, [this, group](double percent) {
        m_document->edit(DesignDocument::EditKind::Field, tr("Change flaw probability"),
                         QStringLiteral("group-probability:%1").arg(int(group)), [&](PersonaTemplate &t) {
                             FlawPatternModel::groupOf(t, group).probability = percent / 100;
                         });
    });
    if (primary) {
        m_primaryProbability = probability;
    } else {
        m_secondaryProbability = probability;
        m_secondaryMax = new QSpinBox;
        m_secondaryMax->setObjectName(QStringLiteral("secondaryMax"));
        m_secondaryMax->setRange(0, 20);
        form->addRow(tr("Up &to per persona:"), m_secondaryMax);
        connect(m_secondaryMax, &QSpinBox::valueChanged, this, [this](int max) {
            m_document->edit(DesignDocument::EditKind::Field, tr("Change secondary flaws per persona"),
                             QStringLiteral("secondary-max"),
                             [&](PersonaTemplate &t) { t.secondary.maxPerPersona = max; });
        });
    }
    layout->addLayout(form);
    auto *table = new QTableView;
    table->setObjectName(primary ? QStringLiteral("primaryPatterns") : QStringLiteral("secondaryPatterns"));
    table->setModel(patternModel(group));
    table->setAlternatingRowColors(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->setWordWrap(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(FlawPatternModel::DescriptionColumn,
                                                    QHeaderView::Stretch);
    (primary ? m_primaryTable : m_secondaryTable) = table;
    layout->addWidget(table, 1);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add Flaw"));
    add->setObjectName(primary ? QStringLiteral("addPrimaryFlaw") : QStringLiteral("addSecondaryFlaw"));
    auto *remove = new QPushButton(tr("Remove"));
    remove->setObjectName(primary ? QStringLiteral("removePrimaryFlaw")
                                  : QStringLiteral("removeSecondaryFlaw"));
    connect(add, &QPushButton::clicked, this, [this, group] { addPattern(group); });
    connect(remove, &QPushButton::clicked, this, [this, group] { removePattern(group); });
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    return box;
}

QWidget *PersonaEditor::createPreviewTab()
{
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    auto *row = new QHBoxLayout;
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("personaPreviewSeed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    auto *seedLabel = new QLabel(tr("&Seed:"));
    seedLabel->setBuddy(m_seed);
    m_previewSummary = new QLabel;
    m_previewSummary->setObjectName(QStringLiteral("personaPreviewSummary"));
    row->addWidget(seedLabel);
    row->addWidget(m_seed);
    row->addSpacing(12);
    row->addWidget(m_previewSummary, 1);
    layout->addLayout(row);
    m_legend = new QLabel;
    m_legend->setObjectName(QStringLiteral("personaPreviewLegend"));
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);
    layout->addWidget(m_legend);
    auto *table = new QTableView;
    table->setObjectName(QStringLiteral("personaPreview"));
    table->setModel(m_preview);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideRight);
    table->horizontalHeader()->setMinimumSectionSize(28);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The persona's options take what the messages leave; the full persona is in the tooltip.
    table->horizontalHeader()->setSectionResizeMode(PersonaPreviewModel::PersonaColumn, QHeaderView::Stretch);
    layout->addWidget(table, 1);
    connect(m_seed, &QSpinBox::valueChanged, this, &PersonaEditor::refreshPreview);
    return tab;
}

void PersonaEditor::setPreviewSeed(quint64 seed)
{
    m_seed->setValue(int(std::min<quint64>(seed, quint64(std::numeric_limits<int>::max()))));
    refreshPreview();
}

void PersonaEditor::refreshPreview()
{
    m_preview->setPreview(m_document->model(), quint64(m_seed->value()), PreviewPersonas, PreviewMessages);
    int flawless = 0, fired = 0;
    for (int i = 0; i < m_preview->rowCount(); ++i) {
        flawless += m_preview->personas()[i].flawless() ? 1 : 0;
        for (int m = 0; m < PreviewMessages; ++m)
            fired += m_preview->flawsIn(i, m).isEmpty() ? 0 : 1;
    }
    QStringList codes;
    for (const auto &[id, code] : m_preview->flawCodes())
        codes.append(QStringLiteral("<b>%1</b>&nbsp;%2").arg(code.toHtmlEscaped(), id.toHtmlEscaped()));
    m_legend->setText(tr("Each persona's first %1 user messages and the flaws that show in each: %2. "
                         "<span style='background:#fddcc4'>&nbsp;The primary flaw shows&nbsp;</span> "
                         "<span style='background:#fdf0c4'>&nbsp;only secondary flaws show&nbsp;</span>")
                          .arg(PreviewMessages)
                          .arg(codes.join(QStringLiteral(" · "))));
    m_previewSummary->setText(tr("%1 of %2 personas without flaws; flaws show in %3 of %4 messages.")
                                  .arg(flawless)
                                  .arg(PreviewPersonas)
                                  .arg(fired)
                                  .arg(PreviewPersonas * PreviewMessages));
}

void PersonaEditor::refreshForm()
{
    m_dimensions->sync();
    m_primary->sync();
    m_secondary->sync();
    const PersonaTemplate &t = m_document->model();
    setPercentIfDifferent(m_noFlawShare, t.noFlawShare);
    setPercentIfDifferent(m_primaryProbability, t.primary.probability);
    setPercentIfDifferent(m_secondaryProbability, t.secondary.probability);
    if (m_secondaryMax->value() != t.secondary.maxPerPersona) {
        const QSignalBlocker block(m_secondaryMax);
        m_secondaryMax->setValue(t.secondary.maxPerPersona);
    }
    InlineIssues::markField(m_noFlawShare, diagnosticsAt(t.noFlawSharePos.line));
    InlineIssues::markField(m_primaryProbability, diagnosticsAt(t.primary.probabilityPos.line));
    InlineIssues::markField(m_secondaryProbability, diagnosticsAt(t.secondary.probabilityPos.line));
    // Findings about the dimensions above the flaw section, and about the flaw section.
    const int flawsLine = t.flawsPos.line;
    Diagnostics dimensionFindings, flawFindings;
    for (const Diagnostic &d : m_document->diagnostics()) {
        if (flawsLine > 0 && d.line >= flawsLine)
            flawFindings.append(d);
        else if (d.line > 1)
            dimensionFindings.append(d);
    }
    m_dimensionIssues->setDiagnostics(dimensionFindings);
    m_flawIssues->setDiagnostics(flawFindings);
    m_addOption->setEnabled(!selectedPath().isEmpty());
    m_remove->setEnabled(!selectedPath().isEmpty());
    refreshPreview();
}

QList<int> PersonaEditor::selectedPath() const
{
    return m_dimensions->pathOf(m_tree->currentIndex());
}

void PersonaEditor::selectDimension(const QList<int> &path)
{
    const QModelIndex index = m_dimensions->indexForPath(path);
    if (!index.isValid())
        return;
    if (path.size() > 1)
        m_tree->expand(index.parent());
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

bool PersonaEditor::focusFormLine(int line)
{
    const PersonaTemplate &t = m_document->model();
    // Brings the tab holding `field` forward and gives it the focus.
    auto focus = [this](QWidget *field) {
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (m_tabs->widget(i)->isAncestorOf(field))
                m_tabs->setCurrentIndex(i);
        }
        field->setFocus();
        return true;
    };
    auto focusPattern = [&](QTableView *table, const FlawGroup &group) {
        for (int i = 0; i < group.patterns.size(); ++i) {
            if (group.patterns[i].pos.line == line) {
                table->setCurrentIndex(table->model()->index(i, 0));
                return focus(table);
            }
        }
        return false;
    };
    if (line == t.noFlawSharePos.line)
        return focus(m_noFlawShare);
    if (line == t.primary.probabilityPos.line)
        return focus(m_primaryProbability);
    if (line == t.secondary.probabilityPos.line)
        return focus(m_secondaryProbability);
    if (line == t.secondary.maxPos.line)
        return focus(m_secondaryMax);
    if (focusPattern(m_primaryTable, t.primary) || focusPattern(m_secondaryTable, t.secondary))
        return true;
    if (t.flawsPos.line > 0 && line >= t.flawsPos.line)
        return focus(m_primaryTable);
    int found = -1;
    for (int d = 0; d < t.dimensions.size(); ++d) {
        if (t.dimensions[d].pos.line > 0 && t.dimensions[d].pos.line <= line)
            found = d;
    }
    if (found < 0)
        return false;
    selectDimension({found});
    return focus(m_tree);
}

void PersonaEditor::addDimension()
{
    QStringList taken{QStringLiteral("flaw_patterns")};
    for (const PersonaDimension &d : m_document->model().dimensions)
        taken.append(d.id);
    QString id = QStringLiteral("new_dimension");
    for (int n = 2; taken.contains(id); ++n)
        id = QStringLiteral("new_dimension_%1").arg(n);
    m_selectAfterReset = {int(m_document->model().dimensions.size())};
    m_document->edit(DesignDocument::EditKind::Structure, tr("Add dimension"), QString(),
                     [&](PersonaTemplate &t) {
                         PersonaDimension d;
                         d.id = id;
                         d.options = {QStringLiteral("option_a"), QStringLiteral("option_b")};
                         d.weights = {0.5, 0.5};
                         t.dimensions.append(d);
                     });
}

void PersonaEditor::addOption()
{
    const QList<int> path = selectedPath();
    if (path.isEmpty())
        return;
    const int d = path[0];
    const PersonaDimension &dimension = m_document->model().dimensions[d];
    QString option = QStringLiteral("new_option");
    for (int n = 2; dimension.options.contains(option); ++n)
        option = QStringLiteral("new_option_%1").arg(n);
    m_selectAfterReset = {d, int(dimension.options.size())};
    m_document->edit(DesignDocument::EditKind::Structure, tr("Add option"), QString(),
                     [&](PersonaTemplate &t) {
                         t.dimensions[d].options.append(option);
                         t.dimensions[d].weights.append(1.0);
                     });
}

void PersonaEditor::removeSelected()
{
    const QList<int> path = selectedPath();
    if (path.isEmpty())
        return;
    QList<int> next = path;
    if (next.last() > 0)
        --next.last();
    else if (next.size() > 1)
        next.removeLast();
    m_selectAfterReset = next;
    m_document->edit(DesignDocument::EditKind::Structure,
                     path.size() == 1 ? tr("Remove dimension") : tr("Remove option"), QString(),
                     [&](PersonaTemplate &t) {
                         if (path.size() == 1) {
                             t.dimensions.removeAt(path[0]);
                             return;
                         }
                         PersonaDimension &d = t.dimensions[path[0]];
                         d.options.removeAt(path[1]);
                         if (path[1] < d.weights.size())
                             d.weights.removeAt(path[1]);
                     });
}

void PersonaEditor::moveSelected(int delta)
{
    const QList<int> path = selectedPath();
    if (path.isEmpty())
        return;
    const PersonaTemplate &t = m_document->model();
    const int count = path.size() == 1 ? int(t.dimensions.size()) : int(t.dimensions[path[0]].options.size());
    const int to = path.last() + delta;
    if (to < 0 || to >= count)
        return;
    QList<int> moved = path;
    moved.last() = to;
    m_selectAfterReset = moved;
    m_document->edit(DesignDocument::EditKind::Structure, tr("Move"), QString(), [&](PersonaTemplate &p) {
        if (path.size() == 1) {
            p.dimensions.move(path[0], to);
            return;
        }
        PersonaDimension &d = p.dimensions[path[0]];
        d.options.move(path[1], to);
        if (std::max(path[1], to) < d.weights.size())
            d.weights.move(path[1], to);
    });
    // Moving keeps the shape: the model updates rows in place, so select the new place directly.
    selectDimension(moved);
    m_selectAfterReset.clear();
}

void PersonaEditor::addPattern(FlawPatternModel::Group group)
{
    QString id = QStringLiteral("new_flaw");
    const QStringList taken = flawIds(m_document->model());
    for (int n = 2; taken.contains(id); ++n)
        id = QStringLiteral("new_flaw_%1").arg(n);
    m_document->edit(DesignDocument::EditKind::Structure, tr("Add flaw pattern"), QString(),
                     [&](PersonaTemplate &t) {
                         FlawPattern f;
                         f.id = id;
                         FlawPatternModel::groupOf(t, group).patterns.append(f);
                     });
    QTableView *table = group == FlawPatternModel::Group::Primary ? m_primaryTable : m_secondaryTable;
    const QModelIndex added =
        table->model()->index(table->model()->rowCount() - 1, FlawPatternModel::IdColumn);
    table->setCurrentIndex(added);
    table->setFocus();
}

void PersonaEditor::removePattern(FlawPatternModel::Group group)
{
    QTableView *table = group == FlawPatternModel::Group::Primary ? m_primaryTable : m_secondaryTable;
    const int row = table->currentIndex().row();
    if (row < 0)
        return;
    m_document->edit(DesignDocument::EditKind::Structure, tr("Remove flaw pattern"), QString(),
                     [&](PersonaTemplate &t) { FlawPatternModel::groupOf(t, group).patterns.removeAt(row); });
}

} // namespace sift

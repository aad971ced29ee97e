// The persona editor: weighted options, flaw patterns and their probabilities, and a preview that
// shows which flaws fire in which message, the same for the same seed.

#include "common/inlineissues.h"
#include "design/document/designdocuments.h"
#include "design/persona/flawpatternmodel.h"
#include "design/persona/personadimensionmodel.h"
#include "design/persona/personaeditor.h"
#include "design/persona/personapreviewmodel.h"
#include "designtesthelpers.h"
#include "generate/sampler.h"
#include "project/project.h"

#include <QAbstractItemModelTester>
#include <QDoubleSpinBox>
#include <QIcon>
#include <QPushButton>
#include <QSpinBox>
#include <QUndoStack>

using namespace sift;
using namespace sift::testing;

class TestPersonaEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void itemModelsPassTheModelTester();
    void optionWeightEditSavesExactlyThatLine();
    void previewShowsTheSamplersPersonasAndFlaws();
    void probabilitiesShapeWhatFires();
    void flawIdsAreUniqueAcrossGroups();
    void patternProbabilityOverridesTheGroup();
    void dimensionsAndOptionsAreAddedAndMoved();
    void dimensionFindingsShowUnderTheTreeAndOnTheirRows();
    void flawFindingsShowUnderTheTablesAndOnTheirRows();

private:
    std::unique_ptr<TestProject> m_project;
    std::unique_ptr<PersonaDocument> m_document;
    std::unique_ptr<PersonaEditor> m_editor;
};

void TestPersonaEditor::init()
{
    m_project = std::make_unique<TestProject>();
    m_document = std::make_unique<PersonaDocument>(m_project->dir(), Project::PersonaFile);
    QVERIFY(m_document->load());
    m_editor = std::make_unique<PersonaEditor>(m_document.get());
    m_editor->resize(1300, 900);
    m_editor->show();
}

void TestPersonaEditor::cleanup()
{
    m_editor.reset();
    m_document.reset();
    m_project.reset();
}

void TestPersonaEditor::itemModelsPassTheModelTester()
{
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    QAbstractItemModelTester dimensions(m_editor->dimensionModel(), Mode::QtTest);
    QAbstractItemModelTester primary(m_editor->patternModel(FlawPatternModel::Group::Primary), Mode::QtTest);
    QAbstractItemModelTester secondary(m_editor->patternModel(FlawPatternModel::Group::Secondary),
                                       Mode::QtTest);
    QAbstractItemModelTester preview(m_editor->previewModel(), Mode::QtTest);
    auto *model = m_editor->dimensionModel();
    QCOMPARE(model->rowCount(), 4);
    QCOMPARE(model->rowCount(model->index(2, 0)), 4); // communication_style: terse, casual, formal, rambling
    QCOMPARE(model->indexForPath({2, 3}).data().toString(), QStringLiteral("rambling"));
    QCOMPARE(model->parent(model->indexForPath({2, 3})), model->index(2, 0));
    QCOMPARE(m_editor->previewModel()->rowCount(), PersonaEditor::PreviewPersonas);
    QCOMPARE(m_editor->previewModel()->columnCount(),
             PersonaPreviewModel::FirstMessageColumn + PersonaEditor::PreviewMessages);
    // Edits in place and edits of the shape, under the testers.
    QVERIFY(model->setData(model->indexForPath({1, 0}, PersonaDimensionModel::WeightColumn), 0.4));
    m_editor->selectDimension({1});
    m_editor->findChild<QAction *>(QStringLiteral("actionAddOption"))->trigger();
    QCOMPARE(model->rowCount(model->index(1, 0)), 4);
    m_editor->findChild<QPushButton *>(QStringLiteral("addSecondaryFlaw"))->click();
    QCOMPARE(m_editor->patternModel(FlawPatternModel::Group::Secondary)->rowCount(), 4);
    while (m_document->undoStack()->canUndo())
        m_document->undoStack()->undo();
    QVERIFY(!m_document->isModified());
    QCOMPARE(model->rowCount(model->index(1, 0)), 3);
}

void TestPersonaEditor::optionWeightEditSavesExactlyThatLine()
{
    const QString file = m_project->path(Project::PersonaFile);
    const QByteArray before = readBytes(file);
    auto *model = m_editor->dimensionModel();
    const QModelIndex low =
        model->indexForPath({1, 0}, PersonaDimensionModel::WeightColumn); // tech_comfort: low 0.3
    QVERIFY(model->setData(low, 0.5));
    // 0.5 / (0.5 + 0.5 + 0.2)
    QCOMPARE(low.siblingAtColumn(PersonaDimensionModel::ShareColumn).data().toString(),
             QStringLiteral("41.7%"));
    m_document->undoStack()->undo();
    QCOMPARE(low.siblingAtColumn(PersonaDimensionModel::ShareColumn).data().toString(),
             QStringLiteral("30.0%"));
    m_document->undoStack()->redo();
    QVERIFY(m_document->save().ok());
    QCOMPARE(changedLines(before, readBytes(file)),
             QStringList({QStringLiteral("-    weights: [0.3, 0.5, 0.2]"),
                          QStringLiteral("+    weights: [0.5, 0.5, 0.2]")}));
}

void TestPersonaEditor::previewShowsTheSamplersPersonasAndFlaws()
{
    auto *seed = m_editor->findChild<QSpinBox *>(QStringLiteral("personaPreviewSeed"));
    seed->setValue(3);
    auto *preview = m_editor->previewModel();
    const QList<Persona> first = preview->personas();
    const PersonaSampler sampler(m_document->model(), 3);
    for (int i = 0; i < PersonaEditor::PreviewPersonas; ++i) {
        QCOMPARE(first[i], sampler.sample(i));
        for (int m = 0; m < PersonaEditor::PreviewMessages; ++m) {
            QCOMPARE(preview->flawsIn(i, m), sampler.flawsFor(first[i], i, m));
            QStringList codes;
            for (const QString &flaw : sampler.flawsFor(first[i], i, m))
                codes.append(preview->codeOf(flaw));
            QCOMPARE(preview->index(i, PersonaPreviewModel::FirstMessageColumn + m).data().toString(),
                     codes.join(QLatin1Char(' ')));
        }
    }
    // Every flaw has its own code: vague V, wrong_terminology WT, buried_question BQ, typos T, topic_jump TJ,
    // impatient I.
    QCOMPARE(preview->codeOf(QStringLiteral("wrong_terminology")), QStringLiteral("WT"));
    QCOMPARE(preview->codeOf(QStringLiteral("typos")), QStringLiteral("T"));
    QCOMPARE(preview->codeOf(QStringLiteral("topic_jump")), QStringLiteral("TJ"));
    QList<QList<QStringList>> grid;
    for (int i = 0; i < PersonaEditor::PreviewPersonas; ++i) {
        grid.append(QList<QStringList>());
        for (int m = 0; m < PersonaEditor::PreviewMessages; ++m)
            grid.last().append(preview->flawsIn(i, m));
    }
    seed->setValue(4);
    QVERIFY(preview->personas() != first);
    seed->setValue(3);
    QCOMPARE(preview->personas(), first);
    for (int i = 0; i < PersonaEditor::PreviewPersonas; ++i) {
        for (int m = 0; m < PersonaEditor::PreviewMessages; ++m)
            QCOMPARE(preview->flawsIn(i, m), grid[i][m]);
    }
}

void TestPersonaEditor::probabilitiesShapeWhatFires()
{
    auto *preview = m_editor->previewModel();
    auto *primary = m_editor->findChild<QDoubleSpinBox *>(QStringLiteral("primaryProbability"));
    auto *secondary = m_editor->findChild<QDoubleSpinBox *>(QStringLiteral("secondaryProbability"));
    QCOMPARE(primary->value(), 50.0);
    primary->setValue(100);
    secondary->setValue(0);
    // Every persona with flaws now shows its primary flaw in every message, and nothing else.
    for (int i = 0; i < preview->rowCount(); ++i) {
        const Persona &p = preview->personas()[i];
        for (int m = 0; m < PersonaEditor::PreviewMessages; ++m)
            QCOMPARE(preview->flawsIn(i, m), p.flawless() ? QStringList() : QStringList{p.primaryFlaw});
    }
    QVERIFY(m_document->text().contains(QStringLiteral("probability: 1   ")));
    m_editor->findChild<QDoubleSpinBox *>(QStringLiteral("noFlawShare"))->setValue(100);
    for (const Persona &p : preview->personas())
        QVERIFY(p.flawless());
    QCOMPARE(m_document->model().noFlawShare, 1.0);
}

void TestPersonaEditor::flawIdsAreUniqueAcrossGroups()
{
    auto *secondary = m_editor->patternModel(FlawPatternModel::Group::Secondary);
    QVERIFY(!secondary->setData(secondary->index(0, FlawPatternModel::IdColumn), QStringLiteral("vague")));
    QVERIFY(secondary->setData(secondary->index(0, FlawPatternModel::IdColumn),
                               QStringLiteral("typos_everywhere")));
    QCOMPARE(m_document->model().secondary.patterns[0].id, QStringLiteral("typos_everywhere"));
    QVERIFY(m_document->text().contains(QStringLiteral("{id: typos_everywhere, description: Types quickly")));
}

void TestPersonaEditor::patternProbabilityOverridesTheGroup()
{
    auto *primary = m_editor->patternModel(FlawPatternModel::Group::Primary);
    const QModelIndex probability = primary->index(1, FlawPatternModel::ProbabilityColumn);
    QCOMPARE(probability.data().toString(), QStringLiteral("50% (group)"));
    QVERIFY(primary->setData(probability, QStringLiteral("35%")));
    QCOMPARE(*m_document->model().primary.patterns[1].probability, 0.35);
    QCOMPARE(probability.data().toString(), QStringLiteral("35%"));
    QVERIFY(m_document->text().contains(QStringLiteral("weight: 2, probability: 0.35}")));
    QVERIFY(primary->setData(probability, QString()));
    QVERIFY(!m_document->model().primary.patterns[1].probability);
    QVERIFY(!primary->setData(probability, QStringLiteral("often")));
}

void TestPersonaEditor::dimensionsAndOptionsAreAddedAndMoved()
{
    m_editor->findChild<QAction *>(QStringLiteral("actionAddPersonaDimension"))->trigger();
    const PersonaTemplate &t = m_document->model();
    QCOMPARE(t.dimensions.size(), 5);
    QCOMPARE(t.dimensions.last().id, QStringLiteral("new_dimension"));
    QCOMPARE(m_editor->selectedPath(), (QList<int>{4}));
    // Inserted as lines of their own after the last dimension, before the flaw section, and nothing
    // else in the file changed.
    const QString inserted =
        QStringLiteral("  new_dimension:\n    options: [option_a, option_b]\n    weights: [0.5, 0.5]\n");
    QVERIFY2(m_document->text().contains(inserted + QStringLiteral("  flaw_patterns:")),
             qPrintable(m_document->text()));
    QCOMPARE(QString(m_document->text()).remove(inserted),
             QString::fromUtf8(readBytes(m_project->path(Project::PersonaFile))));
    QCOMPARE(m_document->model().dimensions.last().options,
             QStringList({QStringLiteral("option_a"), QStringLiteral("option_b")}));
    m_editor->selectDimension({2, 0}); // communication_style / terse
    m_editor->findChild<QAction *>(QStringLiteral("actionMovePersonaDown"))->trigger();
    QCOMPARE(m_document->model().dimensions[2].options[1], QStringLiteral("terse"));
    QCOMPARE(m_document->model().dimensions[2].weights[1], 0.25); // the weight moved with its option
    QCOMPARE(m_editor->selectedPath(), (QList<int>{2, 1}));
}

namespace {
// The colour of a row's finding dot, or an invalid colour when the row has none.
QColor dotColour(const QModelIndex &index)
{
    const QVariant decoration = index.data(Qt::DecorationRole);
    if (!decoration.isValid())
        return {};
    return qvariant_cast<QIcon>(decoration).pixmap(12, 12).toImage().pixelColor(6, 6);
}
} // namespace

void TestPersonaEditor::dimensionFindingsShowUnderTheTreeAndOnTheirRows()
{
    auto *model = m_editor->dimensionModel();
    auto *dimensionIssues = m_editor->findChild<InlineIssues *>(QStringLiteral("dimensionIssues"));
    auto *flawIssues = m_editor->findChild<InlineIssues *>(QStringLiteral("flawIssues"));
    QVERIFY(dimensionIssues && flawIssues);
    QVERIFY(dimensionIssues->diagnostics().isEmpty());
    QVERIFY(!dotColour(model->indexForPath({1})).isValid());

    // tech_comfort: medium gets a negative weight.
    QVERIFY(model->setData(model->indexForPath({1, 1}, PersonaDimensionModel::WeightColumn), -0.5));
    QCOMPARE(dimensionIssues->diagnostics().size(), 1);
    QVERIFY(dimensionIssues->isVisibleTo(m_editor.get()));
    QVERIFY2(dimensionIssues->text().contains(QStringLiteral("weight -0.5 in persona dimension tech_comfort is negative")),
             qPrintable(dimensionIssues->text()));
    QVERIFY(flawIssues->diagnostics().isEmpty());

    // Its dimension and its option are marked in the tree, the other options and dimensions are not.
    QCOMPARE(dotColour(model->indexForPath({1})), InlineIssues::colour(true));
    QCOMPARE(dotColour(model->indexForPath({1, 1})), InlineIssues::colour(true));
    QVERIFY(!dotColour(model->indexForPath({1, 0})).isValid());
    QVERIFY(!dotColour(model->indexForPath({1, 2})).isValid());
    QVERIFY(!dotColour(model->indexForPath({0})).isValid());
    QVERIFY(!dotColour(model->indexForPath({2})).isValid());
    QVERIFY(model->indexForPath({1, 1}).data(Qt::ToolTipRole).toString().contains(QStringLiteral("is negative")));
    QVERIFY(!model->indexForPath({1, 0}).data(Qt::ToolTipRole).isValid());

    m_document->undoStack()->undo();
    QVERIFY(dimensionIssues->diagnostics().isEmpty());
    QVERIFY(!dotColour(model->indexForPath({1, 1})).isValid());
    QVERIFY(!dotColour(model->indexForPath({1})).isValid());
}

void TestPersonaEditor::flawFindingsShowUnderTheTablesAndOnTheirRows()
{
    auto *primary = m_editor->patternModel(FlawPatternModel::Group::Primary);
    auto *secondary = m_editor->patternModel(FlawPatternModel::Group::Secondary);
    auto *dimensionIssues = m_editor->findChild<InlineIssues *>(QStringLiteral("dimensionIssues"));
    auto *flawIssues = m_editor->findChild<InlineIssues *>(QStringLiteral("flawIssues"));
    auto *noFlaw = m_editor->findChild<QDoubleSpinBox *>(QStringLiteral("noFlawShare"));
    // Typed in the source: the second "vague" (the form refuses a duplicate id) and a share above 1.
    QString text = m_document->text();
    text.replace(QStringLiteral("{id: typos,"), QStringLiteral("{id: vague,"));
    text.replace(QStringLiteral("no_flaw_share: 0.20"), QStringLiteral("no_flaw_share: 1.5"));
    m_document->editText(text, DesignDocument::EditKind::Structure, QStringLiteral("typed"));

    QCOMPARE(flawIssues->diagnostics().size(), 2);
    QVERIFY(flawIssues->text().contains(QStringLiteral("flaw pattern id vague is used twice")));
    QVERIFY(flawIssues->text().contains(QStringLiteral("no_flaw_share is 1.5, outside [0, 1]")));
    QVERIFY(dimensionIssues->diagnostics().isEmpty());
    // The share is shown as written (150 %), framed, with the message as its tooltip.
    QCOMPARE(noFlaw->value(), 150.0);
    QCOMPARE(noFlaw->property("issue").toString(), QStringLiteral("error"));
    QVERIFY(noFlaw->toolTip().contains(QStringLiteral("outside [0, 1]")));

    // The second use of the id is the one marked, in the secondary table.
    QCOMPARE(dotColour(secondary->index(0, FlawPatternModel::IdColumn)), InlineIssues::colour(true));
    QVERIFY(secondary->index(0, FlawPatternModel::DescriptionColumn).data(Qt::ToolTipRole).toString()
                .contains(QStringLiteral("used twice")));
    QVERIFY(!dotColour(secondary->index(0, FlawPatternModel::DescriptionColumn)).isValid());
    QVERIFY(!dotColour(secondary->index(1, FlawPatternModel::IdColumn)).isValid());
    for (int row = 0; row < primary->rowCount(); ++row)
        QVERIFY(!dotColour(primary->index(row, FlawPatternModel::IdColumn)).isValid());
    // Probability cells keep their own explanation, with findings added below it.
    QVERIFY(secondary->index(0, FlawPatternModel::ProbabilityColumn).data(Qt::ToolTipRole).toString()
                .startsWith(QStringLiteral("Chance this flaw shows")));

    m_document->undoStack()->undo();
    QVERIFY(flawIssues->diagnostics().isEmpty());
    QVERIFY(!dotColour(secondary->index(0, FlawPatternModel::IdColumn)).isValid());
    QCOMPARE(noFlaw->value(), 20.0);
    QVERIFY(noFlaw->property("issue").toString().isEmpty());
}

QTEST_MAIN(TestPersonaEditor)
#include "tst_personaeditor.moc"

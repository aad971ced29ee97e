#include "prompteditor.h"

#include "common/inlineissues.h"
#include "dataset/tokenestimate.h"
#include "design/document/documentsourceview.h"
#include "prompthistorypanel.h"

#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sift {

PromptEditor::PromptEditor(PromptDocument *document, QString projectDir, QWidget *parent)
    : ArtifactEditor(document, parent), m_document(document), m_tabs(new QTabWidget), m_counts(new QLabel),
      m_history(new PromptHistoryPanel(document, std::move(projectDir)))
{
    setObjectName(QStringLiteral("promptEditor"));
    sourceView()->setVariables(PromptTemplate::knownVariables(document->kind()));
    sourceView()->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_counts->setObjectName(QStringLiteral("promptCounts"));
    m_counts->setContentsMargins(6, 4, 6, 4);

    auto *panel = new QWidget;
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_counts);
    m_tabs->setObjectName(QStringLiteral("promptTabs"));
    m_tabs->addTab(createVariablesTab(), tr("Variables"));
    m_tabs->addTab(createRenderTab(), tr("Render"));
    m_tabs->addTab(m_history, tr("History"));
    layout->addWidget(m_tabs, 1);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_history)
            m_history->reload();
        refreshRender();
    });
    setForm(panel, FormSide::Right);
}

QWidget *PromptEditor::createVariablesTab()
{
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    auto *note = new QLabel(
        tr("Sift fills these in when it uses the %1 prompt. Type {{ to complete one, or double-click "
           "to insert it at the cursor.")
            .arg(PromptTemplate::displayName(m_document->kind())));
    note->setWordWrap(true);
    layout->addWidget(note);
    m_variables = new QListWidget;
    m_variables->setObjectName(QStringLiteral("promptVariables"));
    layout->addWidget(m_variables, 1);
    connect(m_variables, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { insertVariable(item->data(Qt::UserRole).toString()); });
    m_issues = new InlineIssues;
    m_issues->setObjectName(QStringLiteral("promptIssues"));
    layout->addWidget(m_issues);
    return tab;
}

QWidget *PromptEditor::createRenderTab()
{
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("renderSeed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_index = new QSpinBox;
    m_index->setObjectName(QStringLiteral("renderIndex"));
    m_index->setRange(0, 1'000'000);
    m_index->setToolTip(tr("Which transcript's scenario and persona: the sampler draws the same ones for the "
                           "same seed and number"));
    form->addRow(tr("&Seed:"), m_seed);
    form->addRow(tr("&Transcript:"), m_index);
    layout->addLayout(form);
    m_rendered = new QPlainTextEdit;
    m_rendered->setObjectName(QStringLiteral("renderedPrompt"));
    m_rendered->setReadOnly(true);
    layout->addWidget(m_rendered, 1);
    connect(m_seed, &QSpinBox::valueChanged, this, &PromptEditor::refreshRender);
    connect(m_index, &QSpinBox::valueChanged, this, &PromptEditor::refreshRender);
    return tab;
}

void PromptEditor::setPreviewInputs(PreviewInputs inputs)
{
    m_previewInputs = std::move(inputs);
    refreshRender();
}

void PromptEditor::setPreviewSeed(quint64 seed)
{
    m_seed->setValue(int(std::min<quint64>(seed, quint64(std::numeric_limits<int>::max()))));
}

void PromptEditor::setTokenCounter(TokenCounter counter)
{
    m_tokenCounter = std::move(counter);
    refreshCounts();
}

QString PromptEditor::countsText() const
{
    return m_counts->text();
}

QString PromptEditor::renderedText() const
{
    return m_rendered->toPlainText();
}

void PromptEditor::showEvent(QShowEvent *event)
{
    ArtifactEditor::showEvent(event);
    refreshRender();
}

void PromptEditor::refreshForm()
{
    refreshCounts();
    refreshVariables();
    m_issues->setDiagnostics(m_document->diagnostics());
    refreshRender();
}

void PromptEditor::refreshCounts()
{
    const QString &text = m_document->text();
    const QLocale locale;
    const QString words = tr("%1 words").arg(locale.toString(TokenEstimate::words(text)));
    const std::optional<int> exact = m_tokenCounter ? m_tokenCounter(text) : std::nullopt;
    const QString tokens =
        exact ? tr("%1 tokens").arg(locale.toString(*exact))
              : tr("≈ %1 tokens (approximate)").arg(locale.toString(TokenEstimate::approximateTokens(text)));
    m_counts->setText(words + QStringLiteral("  ·  ") + tokens);
    m_counts->setToolTip(
        exact ? tr("Counted with the tokenizer named in model-choice.md")
              : tr("Estimated from the characters and words; load the model's tokenizer for an exact count"));
}

void PromptEditor::refreshVariables()
{
    QHash<QString, int> used;
    for (const Placeholder &p : m_document->prompt().placeholders())
        ++used[p.name];
    const QStringList expected = PromptTemplate::expectedVariables(m_document->kind());
    const QString current =
        m_variables->currentItem() ? m_variables->currentItem()->data(Qt::UserRole).toString() : QString();
    m_variables->clear();
    for (const QString &name : PromptTemplate::knownVariables(m_document->kind())) {
        const int n = used.value(name);
        QString label = QStringLiteral("{{%1}}").arg(name);
        if (n > 0)
            label += tr("  — used %n time(s)", nullptr, n);
        else if (expected.contains(name))
            label += tr("  — not used yet; the prompt needs it");
        auto *item = new QListWidgetItem(label, m_variables);
        item->setData(Qt::UserRole, name);
        if (n == 0 && expected.contains(name))
            item->setForeground(QColor(0xa8, 0x5a, 0x00));
        if (name == current)
            m_variables->setCurrentItem(item);
    }
}

void PromptEditor::refreshRender()
{
    if (!m_previewInputs) {
        m_rendered->setPlainText(tr("(The preview needs the project's taxonomy, personas and rubric.)"));
        return;
    }
    PromptPreviewInputs inputs = m_previewInputs();
    inputs.seed = quint64(m_seed->value());
    inputs.index = m_index->value();
    const QString rendered = PromptPreview::render(m_document->prompt(), inputs);
    if (m_rendered->toPlainText() != rendered)
        m_rendered->setPlainText(rendered);
}

void PromptEditor::insertVariable(const QString &variable)
{
    sourceView()->setFocus();
    sourceView()->insertPlainText(QStringLiteral("{{%1}}").arg(variable));
}

bool PromptEditor::focusFormLine(int)
{
    // The text is the form: showDiagnostic() has already put the cursor on the line.
    sourceView()->setFocus();
    return true;
}

} // namespace sift

#pragma once

#include "design/artifacteditor.h"
#include "design/document/promptdocument.h"
#include "generate/promptpreview.h"
#include "tokencounter.h"

#include <functional>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;

namespace sift {

class InlineIssues;
class PromptHistoryPanel;

// A prompt (user simulator, assistant, judge, fixup, system; finetune-design step 6, finetune-prep
// phases 4-5): the text with {{variable}} highlighting and completion, unknown variables marked as
// errors, word and token counts, the variables it may use, a preview rendered for a sampled
// persona and scenario, and the versions recorded in prompt_versions/ with a side-by-side diff
// and restore.
class PromptEditor : public ArtifactEditor
{
    Q_OBJECT

public:
    using PreviewInputs = std::function<PromptPreviewInputs()>;

    PromptEditor(PromptDocument *document, QString projectDir, QWidget *parent = nullptr);

    // Where the render preview gets the taxonomy, personas, rubric and system prompt from (the
    // other editors' documents, saved or not).
    void setPreviewInputs(PreviewInputs inputs);
    void setPreviewSeed(quint64 seed);
    // The tokenizer of the chosen model, when one is loaded (see tokencounter.h).
    void setTokenCounter(TokenCounter counter);
    // "123 words · ≈ 164 tokens (approximate)"
    QString countsText() const;
    QString renderedText() const;
    PromptHistoryPanel *historyPanel() const { return m_history; }
    // Inserts "{{variable}}" at the cursor of the text, as typing would.
    void insertVariable(const QString &variable);

protected:
    // The other editors may have changed the taxonomy, personas or rubric meanwhile.
    void showEvent(QShowEvent *event) override;
    void refreshForm() override;
    bool focusFormLine(int line) override;

private:
    QWidget *createVariablesTab();
    QWidget *createRenderTab();
    void refreshCounts();
    void refreshVariables();
    void refreshRender();

    PromptDocument *m_document;
    PreviewInputs m_previewInputs;
    TokenCounter m_tokenCounter;
    QTabWidget *m_tabs;
    QLabel *m_counts;
    QListWidget *m_variables;
    InlineIssues *m_issues;
    QSpinBox *m_seed;
    QSpinBox *m_index;
    QPlainTextEdit *m_rendered;
    PromptHistoryPanel *m_history;
};

} // namespace sift

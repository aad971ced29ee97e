#pragma once

#include "common/codeview.h"
#include "common/textchange.h"

class QCompleter;
class QStringListModel;

namespace sift {

class DesignDocument;

// The source view of a design document: its YAML or Markdown text with highlighting and line
// numbers, editable, kept in step with the document both ways. Typing becomes commands on the
// document's undo stack (the widget's own undo is off, so Ctrl+Z undoes form and source edits in
// the order they were made), and every diagnostic is underlined where it points. For prompts it
// completes {{variables}} as they are typed.
class DocumentSourceView : public CodeView
{
    Q_OBJECT

public:
    explicit DocumentSourceView(DesignDocument *document, QWidget *parent = nullptr);

    DesignDocument *designDocument() const { return m_document; }
    // The {{variables}} offered after "{{" (and highlighted as known); empty turns completion off.
    void setVariables(const QStringList &variables);
    QCompleter *completer() const { return m_completer; }
    // Opens the completion list at the cursor, as typing "{{" does.
    void showCompletion();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void takeTypedText();
    void followDocument(const TextChange &change);
    // The widget's text exactly (toPlainText() would turn non-breaking spaces into spaces).
    QString viewText() const;
    void insertCompletion(const QString &variable);
    void refreshDiagnostics();

    DesignDocument *m_document;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_variables = nullptr;
    bool m_following = false;
};

} // namespace sift

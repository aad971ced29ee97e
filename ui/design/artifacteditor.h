#pragma once

#include "common/diagnostic.h"

#include <QWidget>

class QSplitter;

namespace sift {

class DesignDocument;
class DocumentSourceView;
class MessageBar;

// What every design editor shares: the form on the left and the source view on the right, kept in
// step through the document; a bar when another program changed the file (reload or keep mine);
// and a bar while the source does not parse, with the form showing the last version that did,
// read-only, so nothing typed in the source is lost and nothing in the form overwrites it.
class ArtifactEditor : public QWidget
{
    Q_OBJECT

public:
    explicit ArtifactEditor(DesignDocument *document, QWidget *parent = nullptr);

    DesignDocument *document() const { return m_document; }
    DocumentSourceView *sourceView() const { return m_source; }
    MessageBar *diskBar() const { return m_diskBar; }
    MessageBar *syntaxBar() const { return m_syntaxBar; }
    QWidget *form() const { return m_form; }

    // Shows where a diagnostic points: in the form when it is about a field there (the item is
    // selected and the field focused), and always at its line in the source view.
    void showDiagnostic(const Diagnostic &diagnostic);

protected:
    // Puts the subclass's form on the left of the source view (a YAML artifact's form), or on its
    // right (a prompt, where the text is what is edited and the form a panel beside it).
    enum class FormSide { Left, Right };
    void setForm(QWidget *form, FormSide side = FormSide::Left);
    // Re-reads the document's model into the form. Called after every change of the text.
    virtual void refreshForm() = 0;
    // Selects what the form shows at `line` and focuses its field there; false when nothing does.
    virtual bool focusFormLine(int line) = 0;
    // The diagnostics whose line lies in [firstLine, endLine) (endLine 0: to the end).
    Diagnostics diagnosticsBetween(int firstLine, int endLine) const;
    // The diagnostics pointing at exactly this line.
    Diagnostics diagnosticsAt(int line) const;
    // Form edits should not happen while the text does not parse; subclasses ask before editing.
    bool formEditable() const;

private:
    void documentChanged();
    void showDiskChange();

    DesignDocument *m_document;
    DocumentSourceView *m_source;
    MessageBar *m_diskBar;
    MessageBar *m_syntaxBar;
    QSplitter *m_splitter;
    QWidget *m_form = nullptr;
    int m_syntaxLine = 0;
};

} // namespace sift

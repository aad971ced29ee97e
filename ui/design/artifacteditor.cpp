#include "design/artifacteditor.h"

#include "common/messagebar.h"
#include "design/document/designdocument.h"
#include "design/document/documentsourceview.h"

#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace sift {

ArtifactEditor::ArtifactEditor(DesignDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_source(new DocumentSourceView(document)),
      m_diskBar(new MessageBar), m_syntaxBar(new MessageBar), m_splitter(new QSplitter(Qt::Horizontal))
{
    m_source->setObjectName(QStringLiteral("sourceView"));
    m_diskBar->setObjectName(QStringLiteral("diskChangeBar"));
    m_syntaxBar->setObjectName(QStringLiteral("syntaxErrorBar"));
    m_splitter->setObjectName(QStringLiteral("formSourceSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_source);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_diskBar);
    layout->addWidget(m_syntaxBar);
    layout->addWidget(m_splitter, 1);

    connect(document, &DesignDocument::textChanged, this, &ArtifactEditor::documentChanged);
    connect(document, &DesignDocument::changedOnDisk, this, &ArtifactEditor::showDiskChange);
    connect(document, &DesignDocument::externalChangeResolved, m_diskBar, &MessageBar::dismiss);
}

void ArtifactEditor::setForm(QWidget *form, FormSide side)
{
    m_form = form;
    m_splitter->insertWidget(side == FormSide::Left ? 0 : 1, form);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    // Proportions, not pixels: the splitter scales them to its width when first shown.
    m_splitter->setSizes({600, 400});
    documentChanged();
    if (m_document->hasExternalChange())
        showDiskChange();
}

bool ArtifactEditor::formEditable() const
{
    return m_document->parses();
}

void ArtifactEditor::documentChanged()
{
    if (!m_form)
        return;
    if (m_document->parses()) {
        m_syntaxBar->dismiss();
        m_syntaxLine = 0;
        m_form->setEnabled(true);
    } else {
        const Diagnostics diagnostics = m_document->diagnostics();
        const Diagnostic first = diagnostics.isEmpty() ? Diagnostic{} : diagnostics.first();
        m_syntaxLine = first.line;
        m_syntaxBar->showMessage(
            MessageBar::Kind::Error,
            tr("<b>Line %1:</b> %2. The form shows the last version that parsed and is read-only "
               "until the source is fixed.")
                .arg(first.line)
                .arg(first.message.toHtmlEscaped()));
        connect(
            m_syntaxBar->addButton(tr("Go to line %1").arg(first.line), QStringLiteral("goToSyntaxError")),
            &QPushButton::clicked, this, [this] { m_source->goTo(m_syntaxLine, 1); });
        m_form->setEnabled(false);
    }
    refreshForm();
}

void ArtifactEditor::showDiskChange()
{
    const QString text =
        !m_document->fileExists()
            ? tr("<b>%1 was deleted by another program.</b> Save to write it again, or reload to "
                 "start from an empty file.")
            : (m_document->isModified()
                   ? tr("<b>%1 was changed by another program.</b> Reload it to take that version "
                        "(your edits stay in Undo), or keep yours and overwrite it when you save.")
                   : tr("<b>%1 was changed by another program.</b> Reload it to see that version."));
    m_diskBar->showMessage(MessageBar::Kind::Warning, text.arg(m_document->relativePath().toHtmlEscaped()));
    connect(m_diskBar->addButton(tr("Reload"), QStringLiteral("reloadFromDisk")), &QPushButton::clicked,
            m_document, &DesignDocument::reloadFromDisk);
    connect(m_diskBar->addButton(tr("Keep Mine"), QStringLiteral("keepOwnVersion")), &QPushButton::clicked,
            m_document, &DesignDocument::keepOwnVersion);
}

void ArtifactEditor::showDiagnostic(const Diagnostic &diagnostic)
{
    if (diagnostic.line > 0)
        m_source->goTo(diagnostic.line, diagnostic.column);
    // The form last, so its field ends up with the keyboard focus.
    if (m_document->parses() && diagnostic.line > 0)
        focusFormLine(diagnostic.line);
}

Diagnostics ArtifactEditor::diagnosticsBetween(int firstLine, int endLine) const
{
    return sift::diagnosticsBetween(m_document->diagnostics(), firstLine, endLine);
}

Diagnostics ArtifactEditor::diagnosticsAt(int line) const
{
    return line > 0 ? diagnosticsBetween(line, line + 1) : Diagnostics{};
}

} // namespace sift

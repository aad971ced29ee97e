#include "documentsourceview.h"

#include "designdocument.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStringListModel>
#include <QUndoStack>

namespace sift {

DocumentSourceView::DocumentSourceView(DesignDocument *document, QWidget *parent)
    : CodeView(parent), m_document(document)
{
    setReadOnly(false);
    setUndoRedoEnabled(false);
    setSyntax(document->relativePath());
    m_following = true;
    setPlainText(document->text());
    m_following = false;
    refreshDiagnostics();
    connect(this, &QPlainTextEdit::textChanged, this, &DocumentSourceView::takeTypedText);
    connect(document, &DesignDocument::textChanged, this, &DocumentSourceView::followDocument);
}

void DocumentSourceView::setVariables(const QStringList &variables)
{
    setKnownVariables(variables.isEmpty() ? std::nullopt : std::optional<QStringList>(variables));
    if (variables.isEmpty()) {
        delete m_completer;
        m_completer = nullptr;
        return;
    }
    if (!m_completer) {
        m_variables = new QStringListModel(this);
        m_completer = new QCompleter(m_variables, this);
        m_completer->setWidget(this);
        m_completer->setCompletionMode(QCompleter::PopupCompletion);
        m_completer->setCaseSensitivity(Qt::CaseInsensitive);
        m_completer->popup()->setObjectName(QStringLiteral("variableCompletion"));
        connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
                &DocumentSourceView::insertCompletion);
    }
    m_variables->setStringList(variables);
}

void DocumentSourceView::takeTypedText()
{
    if (m_following)
        return;
    // The smallest change between what the document holds and what the widget now shows: robust
    // against anything the widget does (typing, pasting, dropping, IME).
    m_document->editSource(TextChange::between(m_document->text(), viewText()));

    if (m_completer) {
        const QTextCursor cursor = textCursor();
        const QString before = viewText().left(cursor.position());
        if (before.endsWith(QLatin1String("{{")))
            showCompletion();
        else if (m_completer->popup()->isVisible()) {
            const qsizetype open = before.lastIndexOf(QLatin1String("{{"));
            const QString prefix = open >= 0 ? before.mid(open + 2).trimmed() : QString();
            if (open < 0 || prefix.contains(QLatin1Char('}')) || prefix.contains(QLatin1Char('\n')))
                m_completer->popup()->hide();
            else {
                m_completer->setCompletionPrefix(prefix);
                m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
            }
        }
    }
}

void DocumentSourceView::followDocument(const TextChange &change)
{
    refreshDiagnostics();
    if (viewText() == m_document->text())
        return; // the change came from this view
    m_following = true;
    const int scroll = verticalScrollBar()->value();
    if (change.appliesTo(viewText())) {
        // Only the changed characters, so the cursor and scroll position stay where the user left them.
        QTextCursor cursor(document());
        cursor.setPosition(int(change.position));
        cursor.setPosition(int(change.position + change.removed.size()), QTextCursor::KeepAnchor);
        cursor.insertText(change.inserted);
    } else {
        setPlainText(m_document->text());
    }
    verticalScrollBar()->setValue(scroll);
    m_following = false;
    refreshDiagnostics();
}

QString DocumentSourceView::viewText() const
{
    QString text = document()->toRawText();
    text.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    return text;
}

void DocumentSourceView::refreshDiagnostics()
{
    setDiagnostics(m_document->diagnostics());
}

void DocumentSourceView::showCompletion()
{
    if (!m_completer)
        return;
    const QString before = viewText().left(textCursor().position());
    const qsizetype open = before.lastIndexOf(QLatin1String("{{"));
    m_completer->setCompletionPrefix(open >= 0 ? before.mid(open + 2).trimmed() : QString());
    QRect rect = cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0) + 24);
    m_completer->complete(rect);
    m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
}

void DocumentSourceView::insertCompletion(const QString &variable)
{
    QTextCursor cursor = textCursor();
    const QString before = viewText().left(cursor.position());
    const qsizetype open = before.lastIndexOf(QLatin1String("{{"));
    if (open < 0)
        return;
    // Replaces what was typed after "{{" by the variable, and closes it unless it is closed already.
    cursor.setPosition(int(open + 2), QTextCursor::KeepAnchor);
    const bool closed = viewText().mid(textCursor().position(), 2) == QLatin1String("}}");
    cursor.insertText(closed ? variable : variable + QStringLiteral("}}"));
    setTextCursor(cursor);
}

void DocumentSourceView::keyPressEvent(QKeyEvent *event)
{
    if (m_completer && m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Tab:
        case Qt::Key_Escape:
            event->ignore(); // the completer's popup takes these
            return;
        default:
            break;
        }
    }
    // Undo and redo go to the document, which holds form and source edits alike.
    if (event->matches(QKeySequence::Undo)) {
        m_document->undoStack()->undo();
        return;
    }
    if (event->matches(QKeySequence::Redo)) {
        m_document->undoStack()->redo();
        return;
    }
    if (m_completer && event->key() == Qt::Key_Space && event->modifiers() == Qt::ControlModifier) {
        showCompletion();
        return;
    }
    CodeView::keyPressEvent(event);
}

} // namespace sift

#include "designworkspace.h"

#include "common/codeview.h"
#include "common/dialogs.h"
#include "common/issuespanel.h"
#include "dataset/tokenizer.h"
#include "document/designdocuments.h"
#include "document/promptdocument.h"
#include "generate/promptpreview.h"
#include "persona/personaeditor.h"
#include "project/project.h"
#include "prompt/prompteditor.h"
#include "rubric/rubriceditor.h"
#include "taxonomy/taxonomyeditor.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QStackedWidget>
#include <QPointer>
#include <QThreadPool>
#include <QToolBar>
#include <QUndoGroup>
#include <QUndoStack>
#include <QVBoxLayout>

namespace sift {

QStringList DesignWorkspace::fileOrder()
{
    QStringList files{Project::TaxonomyFile, Project::RubricFile, Project::PersonaFile};
    for (const PromptKind kind : PromptTemplate::allKinds())
        files.append(PromptTemplate::relativePath(kind));
    files.append({Project::ModelChoiceFile, Project::ManifestFile});
    return files;
}

QString DesignWorkspace::describe(const QString &relative)
{
    if (relative == Project::ManifestFile)
        return tr("Project settings");
    if (relative == Project::ModelChoiceFile)
        return tr("Model choice");
    if (relative == Project::TaxonomyFile)
        return tr("Input taxonomy");
    if (relative == Project::RubricFile)
        return tr("Rubric");
    if (relative == Project::PersonaFile)
        return tr("Persona template");
    for (const PromptKind kind : PromptTemplate::allKinds()) {
        if (PromptTemplate::relativePath(kind) == relative) {
            const QString name = PromptTemplate::displayName(kind);
            return name.endsWith(QLatin1String("prompt"), Qt::CaseInsensitive) ? name
                                                                               : tr("%1 prompt").arg(name);
        }
    }
    return relative;
}

DesignWorkspace::DesignWorkspace(QWidget *parent)
    : Workspace(parent), m_files(new QListWidget), m_fileHeader(new QLabel), m_stack(new QStackedWidget),
      m_readOnlyPage(new QWidget), m_readOnlyView(new CodeView), m_issues(new IssuesPanel),
      m_undoGroup(new QUndoGroup(this))
{
    setObjectName(QStringLiteral("designWorkspace"));
    m_files->setObjectName(QStringLiteral("designFiles"));
    m_files->setMinimumWidth(170);
    m_files->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_files->setTextElideMode(Qt::ElideRight);
    m_stack->setObjectName(QStringLiteral("designEditors"));
    m_readOnlyView->setObjectName(QStringLiteral("designSource"));
    m_fileHeader->setObjectName(QStringLiteral("designFileHeader"));
    m_fileHeader->setTextFormat(Qt::RichText);
    m_fileHeader->setContentsMargins(6, 4, 6, 4);

    auto *readOnlyLayout = new QVBoxLayout(m_readOnlyPage);
    readOnlyLayout->setContentsMargins(0, 0, 0, 0);
    auto *note =
        new QLabel(tr("Shown read-only here: edit this file in a text editor, then reload the project (F5). "
                      "Its findings are in the Issues panel."));
    note->setObjectName(QStringLiteral("readOnlyNote"));
    note->setWordWrap(true);
    note->setContentsMargins(6, 2, 6, 2);
    note->setStyleSheet(QStringLiteral("color:#555"));
    readOnlyLayout->addWidget(note);
    readOnlyLayout->addWidget(m_readOnlyView, 1);
    m_stack->addWidget(m_readOnlyPage);

    auto *toolbar = new QToolBar;
    toolbar->setObjectName(QStringLiteral("designToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *editorPane = new QWidget;
    auto *editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->setSpacing(0);
    auto *headerRow = new QHBoxLayout;
    headerRow->addWidget(m_fileHeader, 1);
    headerRow->addWidget(toolbar);
    editorLayout->addLayout(headerRow);
    editorLayout->addWidget(m_stack, 1);

    auto *top = new QSplitter(Qt::Horizontal);
    top->setObjectName(QStringLiteral("designFilesSplitter"));
    top->setChildrenCollapsible(false);
    top->addWidget(m_files);
    top->addWidget(editorPane);
    top->setStretchFactor(1, 1);
    top->setSizes({210, 1190});

    auto *issuesPane = new QWidget;
    auto *issuesLayout = new QVBoxLayout(issuesPane);
    issuesLayout->setContentsMargins(0, 0, 0, 0);
    issuesLayout->setSpacing(0);
    auto *issuesTitle = new QLabel(tr("<b>Issues</b>"));
    issuesTitle->setContentsMargins(6, 4, 6, 4);
    issuesLayout->addWidget(issuesTitle);
    issuesLayout->addWidget(m_issues);

    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->setObjectName(QStringLiteral("designIssuesSplitter"));
    vertical->setChildrenCollapsible(false);
    vertical->addWidget(top);
    vertical->addWidget(issuesPane);
    vertical->setStretchFactor(0, 5);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({740, 110});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(vertical);

    createActions();
    for (QAction *a : actions())
        toolbar->addAction(a);

    connect(m_files, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            showFile(m_files->item(row)->data(Qt::UserRole).toString());
    });
    connect(m_issues, &IssuesPanel::diagnosticActivated, this, &DesignWorkspace::showDiagnostic);
    // Another program may have changed a file while Sift was in the background.
    connect(qApp, &QGuiApplication::applicationStateChanged, this, [this](Qt::ApplicationState state) {
        if (state == Qt::ApplicationActive) {
            for (DesignDocument *d : std::as_const(m_documents))
                d->checkDisk();
        }
    });
    // Ctrl+Z in a form field undoes the document's last edit, not the field's own typing history.
    qApp->installEventFilter(this);
    updateActions();
}

DesignWorkspace::~DesignWorkspace()
{
    qApp->removeEventFilter(this);
    clearDocuments();
}

void DesignWorkspace::createActions()
{
    auto add = [this](QAction *a, const QString &name, const QList<QKeySequence> &keys) {
        a->setObjectName(name);
        a->setShortcuts(keys); // all of the platform's bindings (Redo is both Ctrl+Shift+Z and Ctrl+Y)
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
        return a;
    };
    m_undo = add(m_undoGroup->createUndoAction(this, tr("&Undo")), QStringLiteral("actionUndo"),
                 QKeySequence::keyBindings(QKeySequence::Undo));
    m_redo = add(m_undoGroup->createRedoAction(this, tr("&Redo")), QStringLiteral("actionRedo"),
                 QKeySequence::keyBindings(QKeySequence::Redo));
    m_save = add(new QAction(tr("&Save"), this), QStringLiteral("actionSave"),
                 QKeySequence::keyBindings(QKeySequence::Save));
    m_saveAll = add(new QAction(tr("Save &All"), this), QStringLiteral("actionSaveAll"),
                    {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)});
    m_revert = add(new QAction(tr("Re&vert"), this), QStringLiteral("actionRevert"),
                   {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)});
    m_save->setToolTip(tr("Write this file (%1)").arg(m_save->shortcut().toString(QKeySequence::NativeText)));
    m_saveAll->setToolTip(tr("Write every modified design file (%1)")
                              .arg(m_saveAll->shortcut().toString(QKeySequence::NativeText)));
    m_revert->setToolTip(tr("Back to the file as last saved; undo brings the edits back (%1)")
                             .arg(m_revert->shortcut().toString(QKeySequence::NativeText)));
    connect(m_save, &QAction::triggered, this, [this] { saveFile(m_current); });
    connect(m_saveAll, &QAction::triggered, this, &DesignWorkspace::saveAll);
    connect(m_revert, &QAction::triggered, this, [this] {
        if (DesignDocument *d = document(m_current))
            d->revert();
    });
}

bool DesignWorkspace::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        auto *widget = qobject_cast<QWidget *>(watched);
        if ((key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) && widget &&
            isAncestorOf(widget)) {
            // Not accepted: the key goes on to the workspace's Undo/Redo shortcut.
            event->ignore();
            return true;
        }
    }
    return Workspace::eventFilter(watched, event);
}

void DesignWorkspace::clearDocuments()
{
    // Shows the read-only page first, so removing editors does not bring each next one on screen.
    m_stack->setCurrentWidget(m_readOnlyPage);
    for (ArtifactEditor *e : std::as_const(m_editors)) {
        m_stack->removeWidget(e);
        delete e;
    }
    m_editors.clear();
    for (DesignDocument *d : std::as_const(m_documents)) {
        m_undoGroup->removeStack(d->undoStack());
        delete d;
    }
    m_documents.clear();
}

void DesignWorkspace::addEditor(DesignDocument *document, ArtifactEditor *editor)
{
    m_documents.insert(document->relativePath(), document);
    m_editors.insert(document->relativePath(), editor);
    m_undoGroup->addStack(document->undoStack());
    m_stack->addWidget(editor);
    connect(document, &DesignDocument::textChanged, this, [this] {
        refreshIssues();
        updateActions();
    });
    connect(document, &DesignDocument::modifiedChanged, this, &DesignWorkspace::documentModifiedChanged);
    connect(document, &DesignDocument::saved, this, &DesignWorkspace::documentModifiedChanged);
}

void DesignWorkspace::openDocuments()
{
    const quint64 seed = quint64(std::max<qint64>(0, m_project->manifest.seed));
    auto *taxonomy = new TaxonomyDocument(m_dir, Project::TaxonomyFile, this);
    taxonomy->load();
    auto *taxonomyEditor = new TaxonomyEditor(taxonomy);
    taxonomyEditor->setPreviewSeed(seed);
    addEditor(taxonomy, taxonomyEditor);

    auto *rubric = new RubricDocument(m_dir, Project::RubricFile, this);
    rubric->load();
    addEditor(rubric, new RubricEditor(rubric));

    auto *personas = new PersonaDocument(m_dir, Project::PersonaFile, this);
    personas->load();
    auto *personaEditor = new PersonaEditor(personas);
    personaEditor->setPreviewSeed(seed);
    addEditor(personas, personaEditor);

    for (const PromptKind kind : PromptTemplate::allKinds()) {
        auto *prompt = new PromptDocument(m_dir, kind, this);
        prompt->load();
        auto *promptEditor = new PromptEditor(prompt, m_dir);
        promptEditor->setPreviewSeed(seed);
        promptEditor->setTokenCounter(m_tokenCounter);
        promptEditor->setPreviewInputs([this] { return previewInputs(); });
        addEditor(prompt, promptEditor);
    }
}

PromptPreviewInputs DesignWorkspace::previewInputs() const
{
    // The other editors' documents as they are now, saved or not: the preview shows what the
    // design in front of the user would produce.
    PromptPreviewInputs in;
    if (auto *t = static_cast<TaxonomyDocument *>(document(Project::TaxonomyFile)))
        in.taxonomy = t->model();
    if (auto *p = static_cast<PersonaDocument *>(document(Project::PersonaFile)))
        in.personas = p->model();
    if (auto *r = static_cast<RubricDocument *>(document(Project::RubricFile)))
        in.rubric = r->model();
    if (DesignDocument *s = document(PromptTemplate::relativePath(PromptKind::System)))
        in.systemPrompt = s->text();
    if (m_project) {
        in.productName = m_project->manifest.effectiveProductName();
        in.endMarker = m_project->manifest.generation.endMarker;
        in.maxTurns = m_project->manifest.generation.maxTurns;
        in.seed = quint64(std::max<qint64>(0, m_project->manifest.seed));
    }
    return in;
}

void DesignWorkspace::setProject(const Project *project)
{
    // Nothing may read the previous project while its editors are taken down.
    m_project = nullptr;
    clearDocuments();
    m_project = project;
    m_dir = project ? project->dir() : QString();
    m_current.clear();
    m_readOnlyView->clear();
    if (project)
        openDocuments();
    refreshFileList();
    refreshIssues();
    documentModifiedChanged();
    loadTokenizer();
    if (project)
        m_files->setCurrentRow(0);
    else
        refreshHeader();
}

void DesignWorkspace::projectReread(const Project *project)
{
    if (!project || !m_project || project->dir() != m_dir) {
        setProject(project);
        return;
    }
    // Saved files were read again: keep every open document; what comes only from the project
    // (settings, model choice, findings across files) is refreshed.
    m_project = project;
    if (!m_current.isEmpty() && !m_documents.contains(m_current))
        showReadOnly(m_current);
    refreshIssues();
}

void DesignWorkspace::loadTokenizer()
{
    // Counts are estimates until the model's own tokenizer (model-choice.md) has loaded, off the UI
    // thread: a tokenizer.json can be megabytes. A result for a project since closed is dropped.
    setTokenCounter({});
    if (!m_project || m_project->modelChoice.tokenizer.isEmpty())
        return;
    const QString path = m_project->path(m_project->modelChoice.tokenizer);
    const QString relative = m_project->modelChoice.tokenizer;
    const quint64 generation = ++m_tokenizerGeneration;
    QPointer<DesignWorkspace> self(this);
    QThreadPool::globalInstance()->start([self, path, relative, generation] {
        auto tokenizer = Tokenizer::load(path, relative);
        if (!tokenizer)
            return;  // the Issues panel already says what is wrong with the file
        QMetaObject::invokeMethod(qApp, [self, generation, t = *tokenizer] {
            if (!self || self->m_tokenizerGeneration != generation)
                return;
            self->setTokenCounter([t](const QString &text) { return std::optional<int>(int(t.count(text))); });
        });
    });
}

void DesignWorkspace::setTokenCounter(TokenCounter counter)
{
    m_tokenCounter = std::move(counter);
    for (ArtifactEditor *e : std::as_const(m_editors)) {
        if (auto *prompt = qobject_cast<PromptEditor *>(e))
            prompt->setTokenCounter(m_tokenCounter);
    }
}

DesignDocument *DesignWorkspace::document(const QString &relative) const
{
    return m_documents.value(relative);
}

ArtifactEditor *DesignWorkspace::editor(const QString &relative) const
{
    return m_editors.value(relative);
}

QString DesignWorkspace::currentFile() const
{
    return m_current;
}

bool DesignWorkspace::hasUnsavedChanges() const
{
    for (const DesignDocument *d : std::as_const(m_documents)) {
        if (d->isModified())
            return true;
    }
    return false;
}

void DesignWorkspace::refreshFileList()
{
    // The rows are fixed per project; their text (name, unsaved, findings) is set by refreshIssues().
    const QSignalBlocker block(m_files);
    m_files->clear();
    if (!m_project)
        return;
    for (const QString &relative : fileOrder()) {
        auto *item = new QListWidgetItem(m_files);
        item->setData(Qt::UserRole, relative);
        item->setToolTip(relative);
    }
}

void DesignWorkspace::refreshIssues()
{
    Diagnostics all;
    for (const QString &relative : fileOrder()) {
        if (const DesignDocument *d = document(relative))
            all += d->diagnostics();
    }
    // The files edited elsewhere, and the findings that compare files, as the project last read them.
    if (m_project) {
        for (const Diagnostic &d : m_project->diagnostics()) {
            if (!m_documents.contains(d.file))
                all.append(d);
        }
    }
    m_issues->setDiagnostics(all);

    // The list shows each file's name, whether it has unsaved edits, and its findings.
    for (int row = 0; row < m_files->count(); ++row) {
        QListWidgetItem *item = m_files->item(row);
        const QString relative = item->data(Qt::UserRole).toString();
        int errors = 0, warnings = 0;
        for (const Diagnostic &d : std::as_const(all)) {
            if (d.file == relative)
                (d.isError() ? errors : warnings)++;
        }
        const DesignDocument *doc = document(relative);
        QString label = describe(relative);
        if (doc && doc->isModified())
            label += QStringLiteral(" *");
        if (errors)
            label += tr("  — %n error(s)", nullptr, errors);
        else if (warnings)
            label += tr("  — %n warning(s)", nullptr, warnings);
        item->setText(label);
        item->setToolTip(QStringLiteral("%1\n%2").arg(relative, label));
        item->setForeground(errors ? QColor(0xb0, 0x1c, 0x1c)
                                   : (warnings ? QColor(0x8a, 0x5d, 0x00) : QColor()));
        QFont font = item->font();
        font.setItalic(!doc);
        item->setFont(font);
    }
    refreshHeader();
}

void DesignWorkspace::refreshHeader()
{
    if (m_current.isEmpty()) {
        m_fileHeader->setText(m_project ? QString() : tr("<i>No project open</i>"));
        return;
    }
    const DesignDocument *doc = document(m_current);
    QString state;
    if (!doc)
        state = tr("read-only");
    else if (doc->isModified())
        state = tr("modified");
    m_fileHeader->setText(
        QStringLiteral("<b>%1</b> &nbsp; <span style='color:#6a737d'>%2%3</span>")
            .arg(describe(m_current).toHtmlEscaped(), m_current.toHtmlEscaped(),
                 state.isEmpty() ? QString() : QStringLiteral(" · ") + state.toHtmlEscaped()));
}

void DesignWorkspace::updateActions()
{
    const DesignDocument *doc = document(m_current);
    m_save->setEnabled(doc && (doc->isModified() || !doc->fileExists()));
    m_revert->setEnabled(doc && doc->isModified());
    m_saveAll->setEnabled(hasUnsavedChanges());
}

void DesignWorkspace::documentModifiedChanged()
{
    refreshIssues();
    updateActions();
    const bool modified = hasUnsavedChanges();
    if (modified != m_wasModified) {
        m_wasModified = modified;
        Q_EMIT modifiedChanged(modified);
    }
}

void DesignWorkspace::showReadOnly(const QString &relative)
{
    QFile file(m_project->path(relative));
    const QString text = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    m_readOnlyView->setSyntax(relative);
    if (m_readOnlyView->toPlainText() != text)
        m_readOnlyView->setPlainText(text);
    Diagnostics mine;
    for (const Diagnostic &d : m_project->diagnostics()) {
        if (d.file == relative)
            mine.append(d);
    }
    m_readOnlyView->setDiagnostics(mine);
    m_stack->setCurrentWidget(m_readOnlyPage);
}

void DesignWorkspace::showFile(const QString &relative, int line, int column)
{
    if (!m_project || !fileOrder().contains(relative))
        return;
    m_current = relative;
    for (int row = 0; row < m_files->count(); ++row) {
        if (m_files->item(row)->data(Qt::UserRole).toString() == relative && m_files->currentRow() != row) {
            const QSignalBlocker block(m_files);
            m_files->setCurrentRow(row);
        }
    }
    if (ArtifactEditor *e = editor(relative)) {
        m_stack->setCurrentWidget(e);
        m_undoGroup->setActiveStack(e->document()->undoStack());
        if (line > 0)
            e->showDiagnostic(Diagnostic::warning(relative, line, column, QString()));
    } else {
        m_undoGroup->setActiveStack(nullptr);
        showReadOnly(relative);
        if (line > 0)
            m_readOnlyView->goTo(line, column);
    }
    refreshHeader();
    updateActions();
}

void DesignWorkspace::showDiagnostic(const Diagnostic &diagnostic)
{
    showFile(diagnostic.file);
    if (ArtifactEditor *e = editor(diagnostic.file))
        e->showDiagnostic(diagnostic);
    else if (diagnostic.line > 0)
        m_readOnlyView->goTo(diagnostic.line, diagnostic.column);
}

RubricDocument *DesignWorkspace::rubricDocument() const
{
    return dynamic_cast<RubricDocument *>(document(QStringLiteral("config/rubric.yaml")));
}

bool DesignWorkspace::saveFile(const QString &relative)
{
    DesignDocument *doc = document(relative);
    if (!doc)
        return true;
    const Status saved = doc->save();
    if (!saved) {
        Dialogs::warning(this, tr("Cannot save %1").arg(relative), saved.errorText());
        return false;
    }
    Q_EMIT filesSaved();
    return true;
}

bool DesignWorkspace::saveAll()
{
    bool all = true;
    bool any = false;
    for (const QString &relative : fileOrder()) {
        DesignDocument *doc = document(relative);
        if (!doc || !doc->isModified())
            continue;
        const Status saved = doc->save();
        if (!saved) {
            Dialogs::warning(this, tr("Cannot save %1").arg(relative), saved.errorText());
            all = false;
        }
        any = any || saved.ok();
    }
    if (any)
        Q_EMIT filesSaved();
    return all;
}

bool DesignWorkspace::confirmClose()
{
    QStringList modified;
    for (const QString &relative : fileOrder()) {
        if (const DesignDocument *d = document(relative); d && d->isModified())
            modified.append(relative);
    }
    if (modified.isEmpty())
        return true;
    Dialogs::Question question;
    question.title = tr("Unsaved design changes");
    question.text = tr("Save the changes to %n design file(s) before closing the project?", nullptr,
                       int(modified.size()));
    question.details = modified.join(QLatin1Char('\n'));
    question.buttons = {Dialogs::Button::Save, Dialogs::Button::Discard, Dialogs::Button::Cancel};
    question.defaultButton = Dialogs::Button::Save;
    question.escapeButton = Dialogs::Button::Cancel;
    switch (Dialogs::ask(this, question)) {
    case Dialogs::Button::Save:
        return saveAll();
    case Dialogs::Button::Discard:
        return true;
    default:
        return false;
    }
}

} // namespace sift

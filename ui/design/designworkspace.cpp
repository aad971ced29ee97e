#include "designworkspace.h"

#include "common/codeview.h"
#include "common/issuespanel.h"
#include "project/project.h"

#include <QFile>
#include <QHash>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QVBoxLayout>

namespace sift {

namespace {
QString describe(const QString &relative)
{
    static const QHash<QString, QString> names{
        {Project::ManifestFile, DesignWorkspace::tr("Project settings")},
        {Project::ModelChoiceFile, DesignWorkspace::tr("Model choice")},
        {Project::TaxonomyFile, DesignWorkspace::tr("Input taxonomy")},
        {Project::RubricFile, DesignWorkspace::tr("Rubric")},
        {Project::PersonaFile, DesignWorkspace::tr("Persona template")},
    };
    if (names.contains(relative))
        return names.value(relative);
    for (const PromptKind kind : PromptTemplate::allKinds()) {
        if (PromptTemplate::relativePath(kind) == relative) {
            const QString name = PromptTemplate::displayName(kind);
            return name.endsWith(QLatin1String("prompt"), Qt::CaseInsensitive) ? name : name + DesignWorkspace::tr(" prompt");
        }
    }
    return relative;
}
} // namespace

DesignWorkspace::DesignWorkspace(QWidget *parent)
    : Workspace(parent), m_files(new QListWidget), m_fileHeader(new QLabel), m_view(new CodeView), m_issues(new IssuesPanel)
{
    setObjectName(QStringLiteral("designWorkspace"));
    m_files->setObjectName(QStringLiteral("designFiles"));
    m_files->setMinimumWidth(220);
    m_view->setObjectName(QStringLiteral("designSource"));
    m_fileHeader->setTextFormat(Qt::RichText);
    m_fileHeader->setContentsMargins(6, 4, 6, 4);

    auto *editorPane = new QWidget;
    auto *editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->setSpacing(0);
    editorLayout->addWidget(m_fileHeader);
    editorLayout->addWidget(m_view);

    auto *top = new QSplitter(Qt::Horizontal);
    top->addWidget(m_files);
    top->addWidget(editorPane);
    top->setStretchFactor(1, 1);

    auto *issuesPane = new QWidget;
    auto *issuesLayout = new QVBoxLayout(issuesPane);
    issuesLayout->setContentsMargins(0, 0, 0, 0);
    issuesLayout->setSpacing(0);
    auto *issuesTitle = new QLabel(tr("<b>Issues</b>"));
    issuesTitle->setContentsMargins(6, 4, 6, 4);
    issuesLayout->addWidget(issuesTitle);
    issuesLayout->addWidget(m_issues);

    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(top);
    vertical->addWidget(issuesPane);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(vertical);

    connect(m_files, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            showFile(m_files->item(row)->data(Qt::UserRole).toString());
    });
    connect(m_issues, &IssuesPanel::diagnosticActivated, this, &DesignWorkspace::showDiagnostic);
}

void DesignWorkspace::setProject(const Project *project)
{
    m_project = project;
    m_files->clear();
    m_view->clear();
    if (!project) {
        m_issues->setDiagnostics({});
        return;
    }
    const Diagnostics diagnostics = project->diagnostics();
    m_issues->setDiagnostics(diagnostics);
    for (const QString &relative : Project::artifactFiles()) {
        int errors = 0, warnings = 0;
        for (const Diagnostic &d : diagnostics) {
            if (d.file == relative)
                (d.isError() ? errors : warnings)++;
        }
        QString label = describe(relative);
        if (errors)
            label += tr("  — %n error(s)", nullptr, errors);
        else if (warnings)
            label += tr("  — %n warning(s)", nullptr, warnings);
        auto *item = new QListWidgetItem(label, m_files);
        item->setData(Qt::UserRole, relative);
        item->setToolTip(relative);
        if (errors)
            item->setForeground(QColor(0xb0, 0x1c, 0x1c));
    }
    m_files->setCurrentRow(0);
}

QString DesignWorkspace::currentFile() const
{
    const QListWidgetItem *item = m_files->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void DesignWorkspace::showFile(const QString &relative, int line, int column)
{
    if (!m_project)
        return;
    for (int row = 0; row < m_files->count(); ++row) {
        if (m_files->item(row)->data(Qt::UserRole).toString() == relative && m_files->currentRow() != row) {
            const QSignalBlocker block(m_files);
            m_files->setCurrentRow(row);
        }
    }
    QFile file(m_project->path(relative));
    const QString text = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    m_fileHeader->setText(QStringLiteral("<b>%1</b> &nbsp; <span style='color:#6a737d'>%2</span>")
                              .arg(describe(relative).toHtmlEscaped(), relative.toHtmlEscaped()));
    m_view->setSyntax(relative);
    m_view->setPlainText(text);
    if (line > 0)
        m_view->goTo(line, column);
}

void DesignWorkspace::showDiagnostic(const Diagnostic &diagnostic)
{
    showFile(diagnostic.file, diagnostic.line, diagnostic.column);
}

} // namespace sift

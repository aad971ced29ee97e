#include "promptdocument.h"

namespace sift {

PromptDocument::PromptDocument(QString projectDir, PromptKind kind, QObject *parent)
    : DesignDocument(std::move(projectDir), PromptTemplate::relativePath(kind), parent), m_kind(kind)
{
}

void PromptDocument::reparse()
{
    m_diagnostics = prompt().validate(relativePath());
}

} // namespace sift

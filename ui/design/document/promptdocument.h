#pragma once

#include "design/prompttemplate.h"
#include "designdocument.h"

namespace sift {

// A Markdown prompt open for editing: the text is the prompt; its diagnostics are the prompt's
// rules (unknown or unclosed {{variables}}, expected ones missing).
class PromptDocument : public DesignDocument
{
    Q_OBJECT

public:
    PromptDocument(QString projectDir, PromptKind kind, QObject *parent = nullptr);

    PromptKind kind() const { return m_kind; }
    PromptTemplate prompt() const { return {m_kind, text()}; }
    bool parses() const override { return true; }
    Diagnostics diagnostics() const override { return m_diagnostics; }

protected:
    void reparse() override;

private:
    PromptKind m_kind;
    Diagnostics m_diagnostics;
};

} // namespace sift

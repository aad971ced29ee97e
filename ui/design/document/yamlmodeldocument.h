#pragma once

#include "design/yamlartifact.h"
#include "designdocument.h"

#include <functional>

namespace sift {

// A YAML design artifact open for editing with its typed model (Taxonomy, Rubric, PersonaTemplate).
// The form reads model() and edits through edit(), which writes the edited model back into the
// text changing only what the edit changed. While the text does not parse, model() stays the last
// version that did (the form keeps showing it) and edit() refuses, so a form never overwrites text
// the user is in the middle of fixing.
template <typename Model> class YamlModelDocument : public DesignDocument
{
public:
    using DesignDocument::DesignDocument;

    const Model &model() const { return m_lastParsed.model(); }
    bool parses() const override { return m_parses; }
    Diagnostics diagnostics() const override { return m_diagnostics; }

    // Applies `change` to a copy of the model and records the result as one edit. False (and
    // nothing recorded) while the text does not parse.
    bool edit(EditKind kind, const QString &description, const QString &mergeKey,
              const std::function<void(Model &)> &change)
    {
        if (!m_parses)
            return false;
        Model edited = m_lastParsed.model();
        change(edited);
        editText(QString::fromUtf8(m_lastParsed.textWith(edited)), kind, description, mergeKey);
        return true;
    }

protected:
    void reparse() override
    {
        auto parsed = YamlArtifact<Model>::parse(text().toUtf8(), relativePath());
        m_diagnostics = parsed.diagnostics();
        m_parses = parsed.parsed();
        if (m_parses)
            m_lastParsed = std::move(parsed);
    }

private:
    YamlArtifact<Model> m_lastParsed;
    Diagnostics m_diagnostics;
    bool m_parses = false;
};

} // namespace sift

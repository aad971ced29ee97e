#pragma once

#include "common/diagnostic.h"
#include "yamldocument.h"

#include <QByteArray>
#include <QString>

namespace sift {

// One YAML design artifact (taxonomy, rubric, persona template) as an editor holds it: its text,
// the typed model read from it, every diagnostic (syntax, types, the model's rules), and the way
// back: textWith() writes an edited model into the text changing only what the edit changed.
// Model provides fromYaml(root, file, diagnostics), toYaml() and validate(file).
template <typename Model>
class YamlArtifact
{
public:
    static YamlArtifact parse(const QByteArray &text, const QString &file)
    {
        YamlArtifact a;
        a.m_file = file;
        a.m_document = YamlDocument::fromText(text, file, a.m_diagnostics);
        if (a.m_document.hasTree()) {
            a.m_model = Model::fromYaml(a.m_document.root(), file, a.m_diagnostics);
            a.m_diagnostics += a.m_model.validate(file);
        }
        return a;
    }

    // False when the text is not valid YAML; model() is then empty and diagnostics() says where.
    bool parsed() const { return m_document.hasTree(); }
    const Model &model() const { return m_model; }
    const Diagnostics &diagnostics() const { return m_diagnostics; }
    const QByteArray &text() const { return m_document.text(); }

    // The text holding `edited` in place of model(). Only valid when parsed().
    QByteArray textWith(const Model &edited) const
    {
        YamlDocument document = m_document;
        document.assignChanges(m_model.toYaml(), edited.toYaml());
        return document.text();
    }

private:
    QString m_file;
    YamlDocument m_document;
    Model m_model;
    Diagnostics m_diagnostics;
};

} // namespace sift

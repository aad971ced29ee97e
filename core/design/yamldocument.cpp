#include "yamldocument.h"

#include "yamlmerge.h"
#include "yamlreader.h"
#include "yamltextedit.h"

namespace sift {

YamlDocument YamlDocument::fromText(QByteArray text, const QString &file, Diagnostics &diagnostics)
{
    YamlDocument doc;
    doc.m_text = std::move(text);
    if (auto root = parseYaml(doc.m_text, file, diagnostics))
        doc.m_root = *root;
    return doc;
}

YamlDocument YamlDocument::fromNode(const YAML::Node &root)
{
    YamlDocument doc;
    doc.m_text = emit(root);
    doc.m_root = YAML::Load(doc.m_text.toStdString());
    return doc;
}

QByteArray YamlDocument::emit(const YAML::Node &root)
{
    YAML::Emitter emitter;
    emitter.SetIndent(2);
    emitter << root;
    QByteArray out(emitter.c_str());
    if (!out.endsWith('\n'))
        out.append('\n');
    return out;
}

bool YamlDocument::equivalent(const YAML::Node &a, const YAML::Node &b)
{
    return yamlEquivalent(a, b);
}

bool YamlDocument::assign(const YAML::Node &updated)
{
    return assign(updated, KeyOrder::Original);
}

bool YamlDocument::assign(const YAML::Node &updated, KeyOrder order)
{
    m_lastAssignWasPatch = false;
    if (hasTree() && equivalent(m_root, updated))
        return false;

    if (hasTree()) {
        const YAML::Node target = order == KeyOrder::Original ? alignToOriginal(m_root, updated, order) : updated;
        if (const auto edited = editYamlText(m_text.toStdString(), m_root, target, KeyOrder::AsGiven)) {
            // Only keep the edit when it reads back as exactly the intended tree.
            try {
                const YAML::Node reparsed = YAML::Load(*edited);
                if (equivalent(reparsed, target)) {
                    m_text = QByteArray::fromStdString(*edited);
                    m_root.reset(reparsed);
                    m_lastAssignWasPatch = true;
                    return true;
                }
            } catch (const YAML::Exception &) {
                // fall through to re-emitting
            }
        }
    }

    const YAML::Node aligned = hasTree() ? alignToOriginal(m_root, updated, order) : updated;
    m_text = emit(aligned);
    m_root.reset(YAML::Load(m_text.toStdString()));
    return true;
}

bool YamlDocument::assignChanges(const YAML::Node &before, const YAML::Node &after)
{
    if (!hasTree())
        return assign(after, KeyOrder::AsGiven);
    // The merge has put every key where it belongs, including keys the edit moved.
    return assign(mergeYamlChanges(m_root, before, after), KeyOrder::AsGiven);
}

} // namespace sift

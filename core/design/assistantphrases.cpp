#include "assistantphrases.h"

#include "yamlreader.h"

#include <QCoreApplication>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::AssistantPhrases", text);
}

// Blank phrases would match nothing; say so rather than silently count nothing.
QStringList phrases(YamlReader &r, const YAML::Node &root, const char *key, const QString &what)
{
    QStringList out;
    const auto list = r.stringList(root, key, what, false);
    if (!list)
        return out;
    const YAML::Node items = child(root, key);
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString phrase = list->at(i).simplified();
        if (phrase.isEmpty())
            r.warning(items[std::size_t(i)], tr("an empty phrase in %1 matches nothing").arg(QString::fromUtf8(key)),
                      tr("remove it"));
        else
            out.append(phrase);
    }
    return out;
}
} // namespace

QStringList AssistantPhrases::defaultPraisePhrases()
{
    // Praise aimed at the user rather than at a product: the kind that creeps up as a conversation goes on.
    return {QStringLiteral("great question"),    QStringLiteral("good question"),     QStringLiteral("excellent question"),
            QStringLiteral("great point"),       QStringLiteral("good point"),        QStringLiteral("great job"),
            QStringLiteral("well done"),         QStringLiteral("good job"),          QStringLiteral("nice work"),
            QStringLiteral("great work"),        QStringLiteral("you're doing great"), QStringLiteral("you are doing great"),
            QStringLiteral("you're absolutely right"), QStringLiteral("you are absolutely right"),
            QStringLiteral("great idea"),        QStringLiteral("good thinking"),     QStringLiteral("smart move"),
            QStringLiteral("great choice"),      QStringLiteral("excellent choice"),  QStringLiteral("that's a great"),
            QStringLiteral("what a great"),      QStringLiteral("i love that"),       QStringLiteral("impressive")};
}

AssistantPhrases AssistantPhrases::fromYaml(const YAML::Node &root, const QString &file, Diagnostics &diagnostics)
{
    AssistantPhrases p;
    YamlReader r(file, diagnostics);
    if (!r.isMap(root, tr("the front matter of the assistant prompt")))
        return p;
    const QString what = tr("the assistant prompt's front matter");
    p.antiPatterns = phrases(r, root, "anti_patterns", what);
    p.hasPraisePhrases = child(root, "praise_phrases").IsDefined() && !child(root, "praise_phrases").IsNull();
    p.praisePhrases = phrases(r, root, "praise_phrases", what);
    r.extras(root, {"anti_patterns", "praise_phrases"}, what);
    return p;
}

} // namespace sift

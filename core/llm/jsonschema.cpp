#include "jsonschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace sift {

namespace {

class Validator
{
public:
    explicit Validator(const QJsonObject &root) : m_root(root) {}

    QString check(const QJsonValue &v, const QJsonObject &schema, const QString &path, int depth = 0) const
    {
        if (depth > 64)
            return path + QStringLiteral(": the schema nests too deeply (a $ref cycle?)");
        if (schema.contains(QLatin1String("$ref"))) {
            const QJsonObject target = resolve(schema.value(QLatin1String("$ref")).toString());
            if (target.isEmpty())
                return path + QStringLiteral(": unresolvable $ref %1").arg(schema.value(QLatin1String("$ref")).toString());
            if (QString e = check(v, target, path, depth + 1); !e.isEmpty())
                return e;
        }
        if (schema.contains(QLatin1String("type"))) {
            const QJsonValue type = schema.value(QLatin1String("type"));
            bool any = false;
            if (type.isArray()) {
                for (const QJsonValue &t : type.toArray())
                    any = any || hasType(v, t.toString());
            } else {
                any = hasType(v, type.toString());
            }
            if (!any)
                return path + QStringLiteral(": expected %1, found %2").arg(typeText(type), kind(v));
        }
        if (schema.contains(QLatin1String("enum"))) {
            const QJsonArray options = schema.value(QLatin1String("enum")).toArray();
            if (!options.contains(v))
                return path + QStringLiteral(": %1 is not one of %2").arg(shortText(v), shortText(options));
        }
        if (schema.contains(QLatin1String("const")) && schema.value(QLatin1String("const")) != v)
            return path + QStringLiteral(": must be %1").arg(shortText(schema.value(QLatin1String("const"))));
        if (v.isObject())
            if (QString e = checkObject(v.toObject(), schema, path, depth); !e.isEmpty())
                return e;
        if (v.isArray())
            if (QString e = checkArray(v.toArray(), schema, path, depth); !e.isEmpty())
                return e;
        if (v.isString())
            if (QString e = checkString(v.toString(), schema, path); !e.isEmpty())
                return e;
        if (v.isDouble())
            if (QString e = checkNumber(v.toDouble(), schema, path); !e.isEmpty())
                return e;
        return checkCombinators(v, schema, path, depth);
    }

private:
    static QString kind(const QJsonValue &v)
    {
        switch (v.type()) {
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Bool:
            return QStringLiteral("boolean");
        case QJsonValue::Double:
            return QStringLiteral("number");
        case QJsonValue::String:
            return QStringLiteral("string");
        case QJsonValue::Array:
            return QStringLiteral("array");
        case QJsonValue::Object:
            return QStringLiteral("object");
        case QJsonValue::Undefined:
            break;
        }
        return QStringLiteral("nothing");
    }

    static bool hasType(const QJsonValue &v, const QString &type)
    {
        if (type == QLatin1String("integer"))
            return v.isDouble() && std::floor(v.toDouble()) == v.toDouble() && std::isfinite(v.toDouble());
        return kind(v) == type;
    }

    static QString typeText(const QJsonValue &type)
    {
        if (!type.isArray())
            return type.toString();
        QStringList names;
        for (const QJsonValue &t : type.toArray())
            names.append(t.toString());
        return names.join(QStringLiteral(" or "));
    }

    static QString shortText(const QJsonValue &v)
    {
        QJsonArray wrapper{v};
        QString text = QString::fromUtf8(QJsonDocument(wrapper).toJson(QJsonDocument::Compact));
        text = text.mid(1, text.size() - 2);
        return text.size() > 80 ? text.left(77) + QStringLiteral("...") : text;
    }

    QJsonObject resolve(const QString &ref) const
    {
        if (ref == QLatin1String("#"))
            return m_root;
        if (!ref.startsWith(QLatin1String("#/")))
            return {};
        QJsonValue node = m_root;
        for (QString part : ref.mid(2).split(QLatin1Char('/'))) {
            part.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
            node = node.toObject().value(part);
        }
        return node.toObject();
    }

    QString checkObject(const QJsonObject &o, const QJsonObject &schema, const QString &path, int depth) const
    {
        for (const QJsonValue &r : schema.value(QLatin1String("required")).toArray()) {
            if (!o.contains(r.toString()))
                return path + QStringLiteral(": missing required property \"%1\"").arg(r.toString());
        }
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString childPath = path + QLatin1Char('/') + it.key();
            if (properties.contains(it.key())) {
                if (QString e = check(it.value(), properties.value(it.key()).toObject(), childPath, depth + 1); !e.isEmpty())
                    return e;
            } else if (additional.isBool() && !additional.toBool()) {
                return path + QStringLiteral(": unexpected property \"%1\"").arg(it.key());
            } else if (additional.isObject()) {
                if (QString e = check(it.value(), additional.toObject(), childPath, depth + 1); !e.isEmpty())
                    return e;
            }
        }
        if (schema.contains(QLatin1String("minProperties")) && o.size() < schema.value(QLatin1String("minProperties")).toInt())
            return path + QStringLiteral(": too few properties");
        if (schema.contains(QLatin1String("maxProperties")) && o.size() > schema.value(QLatin1String("maxProperties")).toInt())
            return path + QStringLiteral(": too many properties");
        return {};
    }

    QString checkArray(const QJsonArray &a, const QJsonObject &schema, const QString &path, int depth) const
    {
        if (schema.contains(QLatin1String("minItems")) && a.size() < schema.value(QLatin1String("minItems")).toInt())
            return path + QStringLiteral(": %1 items, at least %2 expected").arg(a.size()).arg(schema.value(QLatin1String("minItems")).toInt());
        if (schema.contains(QLatin1String("maxItems")) && a.size() > schema.value(QLatin1String("maxItems")).toInt())
            return path + QStringLiteral(": %1 items, at most %2 allowed").arg(a.size()).arg(schema.value(QLatin1String("maxItems")).toInt());
        const QJsonArray prefix = schema.value(QLatin1String("prefixItems")).toArray();
        const QJsonValue items = schema.value(QLatin1String("items"));
        for (int i = 0; i < a.size(); ++i) {
            const QString childPath = path + QLatin1Char('/') + QString::number(i);
            QJsonObject itemSchema;
            if (i < prefix.size())
                itemSchema = prefix.at(i).toObject();
            else if (items.isObject())
                itemSchema = items.toObject();
            else if (items.isBool() && !items.toBool())
                return path + QStringLiteral(": item %1 is not allowed").arg(i);
            if (QString e = check(a.at(i), itemSchema, childPath, depth + 1); !e.isEmpty())
                return e;
        }
        if (schema.value(QLatin1String("uniqueItems")).toBool()) {
            for (int i = 0; i < a.size(); ++i)
                for (int j = i + 1; j < a.size(); ++j)
                    if (a.at(i) == a.at(j))
                        return path + QStringLiteral(": items %1 and %2 are equal").arg(i).arg(j);
        }
        return {};
    }

    static QString checkString(const QString &s, const QJsonObject &schema, const QString &path)
    {
        const qsizetype length = s.toUcs4().size();  // code points, as JSON Schema counts
        if (schema.contains(QLatin1String("minLength")) && length < schema.value(QLatin1String("minLength")).toInt())
            return path + QStringLiteral(": shorter than %1 characters").arg(schema.value(QLatin1String("minLength")).toInt());
        if (schema.contains(QLatin1String("maxLength")) && length > schema.value(QLatin1String("maxLength")).toInt())
            return path + QStringLiteral(": longer than %1 characters").arg(schema.value(QLatin1String("maxLength")).toInt());
        if (schema.contains(QLatin1String("pattern"))) {
            const QRegularExpression re(schema.value(QLatin1String("pattern")).toString());
            if (re.isValid() && !re.match(s).hasMatch())
                return path + QStringLiteral(": does not match %1").arg(re.pattern());
        }
        return {};
    }

    static QString checkNumber(double d, const QJsonObject &schema, const QString &path)
    {
        auto bound = [&](const char *key) { return schema.value(QLatin1String(key)); };
        if (bound("minimum").isDouble() && d < bound("minimum").toDouble())
            return path + QStringLiteral(": %1 is below the minimum %2").arg(d).arg(bound("minimum").toDouble());
        if (bound("maximum").isDouble() && d > bound("maximum").toDouble())
            return path + QStringLiteral(": %1 is above the maximum %2").arg(d).arg(bound("maximum").toDouble());
        if (bound("exclusiveMinimum").isDouble() && d <= bound("exclusiveMinimum").toDouble())
            return path + QStringLiteral(": %1 must be above %2").arg(d).arg(bound("exclusiveMinimum").toDouble());
        if (bound("exclusiveMaximum").isDouble() && d >= bound("exclusiveMaximum").toDouble())
            return path + QStringLiteral(": %1 must be below %2").arg(d).arg(bound("exclusiveMaximum").toDouble());
        return {};
    }

    QString checkCombinators(const QJsonValue &v, const QJsonObject &schema, const QString &path, int depth) const
    {
        for (const QJsonValue &s : schema.value(QLatin1String("allOf")).toArray()) {
            if (QString e = check(v, s.toObject(), path, depth + 1); !e.isEmpty())
                return e;
        }
        if (schema.contains(QLatin1String("anyOf"))) {
            QString first;
            bool any = false;
            for (const QJsonValue &s : schema.value(QLatin1String("anyOf")).toArray()) {
                const QString e = check(v, s.toObject(), path, depth + 1);
                any = any || e.isEmpty();
                if (first.isEmpty())
                    first = e;
            }
            if (!any)
                return first.isEmpty() ? path + QStringLiteral(": matches none of anyOf") : first;
        }
        if (schema.contains(QLatin1String("oneOf"))) {
            int matches = 0;
            for (const QJsonValue &s : schema.value(QLatin1String("oneOf")).toArray())
                matches += check(v, s.toObject(), path, depth + 1).isEmpty() ? 1 : 0;
            if (matches != 1)
                return path + QStringLiteral(": matches %1 of oneOf, exactly 1 expected").arg(matches);
        }
        if (schema.value(QLatin1String("not")).isObject() && check(v, schema.value(QLatin1String("not")).toObject(), path, depth + 1).isEmpty())
            return path + QStringLiteral(": matches a schema it must not");
        return {};
    }

    const QJsonObject &m_root;
};

} // namespace

QString validateAgainstSchema(const QJsonValue &value, const QJsonObject &schema)
{
    const QString problem = Validator(schema).check(value, schema, QString());
    if (problem.startsWith(QLatin1Char(':')))
        return QStringLiteral("/") + problem;  // the root
    return problem;
}

QString extractJsonObject(const QString &text, bool lenient, QJsonObject &object)
{
    QJsonParseError error;
    const QByteArray utf8 = text.trimmed().toUtf8();
    QJsonDocument doc = QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError && lenient) {
        // Models asked in prose answer with ```json fences or a sentence around the object.
        const qsizetype open = utf8.indexOf('{');
        const qsizetype close = utf8.lastIndexOf('}');
        if (open >= 0 && close > open)
            doc = QJsonDocument::fromJson(utf8.mid(open, close - open + 1), &error);
    }
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("the reply is not JSON (%1 at character %2)").arg(error.errorString()).arg(error.offset);
    if (!doc.isObject())
        return QStringLiteral("the reply is JSON but not an object");
    object = doc.object();
    return {};
}

} // namespace sift

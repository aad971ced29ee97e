// Structured output: where each provider's request carries its JSON Schema, and a reply that is well-formed
// JSON yet breaks that schema, the way a model that ignores or half-follows the schema answers.

#include "fakeproviderbodies.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sift::test::detail {

namespace {

// A value of the wrong type for `schema`, or nullopt when the schema accepts every value.
std::optional<QJsonValue> violation(const QJsonObject &schema)
{
    if (schema.contains(QLatin1String("enum")) || schema.contains(QLatin1String("const")))
        return QJsonValue(QStringLiteral("not one of the allowed values"));
    const QString type = schema.value(QLatin1String("type")).toString();
    if (type == QLatin1String("object")) {
        // A plausible object whose fields have the wrong types: what a model that read the schema
        // loosely sends, so the reply fails on a field, not on its overall shape.
        QJsonObject wrong;
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            if (const std::optional<QJsonValue> v = violation(it.value().toObject()))
                wrong.insert(it.key(), *v);
        }
        if (!wrong.isEmpty())
            return wrong;
        if (!schema.value(QLatin1String("required")).toArray().isEmpty())
            return QJsonObject(); // every required field missing
        if (schema.value(QLatin1String("additionalProperties")) == QJsonValue(false))
            return QJsonObject{{QStringLiteral("unexpected_field"), true}};
        return std::nullopt;
    }
    if (type == QLatin1String("integer") || type == QLatin1String("number"))
        return QJsonValue(QStringLiteral("not a number"));
    if (type == QLatin1String("string"))
        return QJsonValue(42);
    if (type == QLatin1String("boolean"))
        return QJsonValue(QStringLiteral("not a boolean"));
    if (type == QLatin1String("array"))
        return QJsonValue(QStringLiteral("not an array"));
    if (type == QLatin1String("null"))
        return QJsonValue(0);
    return std::nullopt;
}

} // namespace

QJsonObject responseSchema(const ReceivedRequest &request)
{
    const QJsonObject &j = request.json;
    switch (request.dialect) {
    case Dialect::OpenAi:
    case Dialect::Unknown:
        return j.value(QLatin1String("response_format"))
            .toObject()
            .value(QLatin1String("json_schema"))
            .toObject()
            .value(QLatin1String("schema"))
            .toObject();
    case Dialect::Anthropic:
        return j.value(QLatin1String("output_config"))
            .toObject()
            .value(QLatin1String("format"))
            .toObject()
            .value(QLatin1String("schema"))
            .toObject();
    case Dialect::Gemini: {
        // The REST API takes either field (OpenAPI-style responseSchema, or plain JSON Schema).
        const QJsonObject config = j.value(QLatin1String("generationConfig")).toObject();
        const QJsonValue json = config.value(QLatin1String("responseJsonSchema"));
        return json.isObject() ? json.toObject() : config.value(QLatin1String("responseSchema")).toObject();
    }
    case Dialect::Ollama:
        // "format" is either the string "json" (any JSON) or a schema.
        return j.value(QLatin1String("format")).toObject();
    }
    return {};
}

QString schemaViolatingText(const ReceivedRequest &request)
{
    const std::optional<QJsonValue> wrong = violation(responseSchema(request));
    if (wrong && wrong->isObject())
        return QString::fromUtf8(QJsonDocument(wrong->toObject()).toJson(QJsonDocument::Compact));
    // No object schema on the wire (one asked for only in the prompt, say): an array, which no object
    // schema accepts, and every structured reply Sift asks for is an object.
    return QStringLiteral(R"(["not an object"])");
}

} // namespace sift::test::detail

#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace sift {

// Checks a JSON value against a JSON Schema. Covers what structured-output schemas use: type,
// properties, required, additionalProperties, items, enum, const, min/max items, length and value,
// pattern, anyOf, oneOf, allOf, not, and $ref into #/$defs or #/definitions. Returns an empty
// string when valid, else the first problem with its JSON Pointer ("/criteria/3/answer: ...").
QString validateAgainstSchema(const QJsonValue &value, const QJsonObject &schema);

// The JSON object a reply holds. Strict: the whole text must be the object. Lenient (for schemas
// asked for in the prompt): also accepts it inside a code fence or surrounded by prose.
// Returns an empty string and sets `object` on success, else the problem.
QString extractJsonObject(const QString &text, bool lenient, QJsonObject &object);

} // namespace sift

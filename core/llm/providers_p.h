#pragma once

// The provider implementations, each in its own file; created through Provider::create.

#include "provider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sift {

std::unique_ptr<Provider> makeOpenAiProvider();
std::unique_ptr<Provider> makeAnthropicProvider();
std::unique_ptr<Provider> makeGeminiProvider();
std::unique_ptr<Provider> makeOllamaProvider();

namespace providerjson {
// The body as a JSON object, or an empty object with `problem` set.
QJsonObject parseObject(const QByteArray &body, QString *problem);
// "n" for integers that fit, as the providers write token counts.
qint64 integer(const QJsonValue &v);
// "authorization: Bearer <key>" when a key is set (OpenAI-compatible servers; proxies in front of Ollama).
void addBearerAuth(HttpRequestSpec &spec, const QByteArray &key);
// A JSON POST to `url` with `body` and bearer auth.
HttpRequestSpec bearerJsonPost(const QUrl &url, const QJsonObject &body, const QByteArray &key);
} // namespace providerjson

} // namespace sift

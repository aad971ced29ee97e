// What identifies a call in the response cache, and what it costs: pure functions of the request and the
// backend's settings, kept apart from the client's scheduling.

#include "llmclient.h"

#include <QCryptographicHash>

#include <cmath>

namespace sift {

QString LlmClient::requestHash(const BackendConfig &backend, const QByteArray &body, const ChatRequest &request)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(backend.provider.toUtf8());
    h.addData(QByteArrayView("\n"));
    h.addData(backend.baseUrl.toUtf8());
    h.addData(QByteArrayView("\n"));
    h.addData(backend.model.toUtf8());
    h.addData(QByteArrayView("\n"));
    h.addData(request.seed ? QByteArray::number(*request.seed) : QByteArrayLiteral("-"));
    h.addData(QByteArrayView("\n"));
    h.addData(body);
    return QString::fromLatin1(h.result().toHex());
}

qint64 LlmClient::costMicroUsd(const BackendConfig &backend, qint64 inputTokens, qint64 outputTokens)
{
    // Prices are per million tokens, so a token costs exactly `price` micro-dollars.
    return std::llround(double(inputTokens) * backend.inputPricePerMTok + double(outputTokens) * backend.outputPricePerMTok);
}

} // namespace sift

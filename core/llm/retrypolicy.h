#pragma once

#include "http.h"
#include "provider.h"

#include <QDateTime>

#include <optional>

namespace sift {

// What to do after one failed attempt, and why, in words a user can act on.
struct RetryDecision
{
    bool retry = false;
    // The backend as a whole is over its limit (429, 529): everything queued for it waits, not just
    // this request.
    bool rateLimited = false;
    std::optional<qint64> serverDelayMs;  // what the server asked for, when it said
    QString reason;  // "HTTP 429 rate_limit_error: ...", "connection reset", ...
    QString hint;    // set when retrying cannot help: what the user can do
};

// The retry rules of every provider in one place (PROVIDERS.md): transport failures, 408, 409,
// 429 and 5xx are retried; authentication, bad requests, missing models and exhausted quotas stop
// at once; `x-should-retry` overrides the status either way.
class RetryPolicy
{
public:
    // `now` is the wall clock, for Retry-After given as an HTTP date.
    static RetryDecision classify(const HttpResponse &response, const ProviderError &error, const QDateTime &now,
                                  const QString &apiKeyEnv);
    // A reply received with a 2xx status whose body could not be read (truncated, not JSON).
    static RetryDecision unreadableReply(const QString &problem);

    // The server's own delay: retry-after-ms, then retry-after (seconds or HTTP date), then the
    // body's hint (Gemini RetryInfo).
    static std::optional<qint64> serverDelayMs(const HttpResponse &response, const ProviderError &error, const QDateTime &now);

    // Exponential backoff for the n-th retry (0-based): 0.5 s * 2^n, capped at `capMs`, scaled by a
    // jitter factor in [0.5, 1] drawn from `unitRandom` in [0, 1) so that retries fired by one
    // burst of failures spread out instead of arriving together.
    static qint64 backoffMs(int retryIndex, qint64 capMs, double unitRandom);
};

} // namespace sift

#include "retrypolicy.h"

#include <QCoreApplication>

#include <cmath>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::RetryPolicy", text);
}

QString describe(const HttpResponse &response, const ProviderError &error)
{
    QString text = QStringLiteral("HTTP %1").arg(response.status);
    if (!error.type.isEmpty())
        text += QLatin1Char(' ') + error.type;
    if (!error.message.isEmpty())
        text += QStringLiteral(": ") + error.message.left(500);
    return text;
}

// An HTTP date (RFC 9110): IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", also the obsolete RFC 850
// "Sunday, 06-Nov-94 08:49:37 GMT" and asctime "Sun Nov  6 08:49:37 1994" forms. Always UTC.
QDateTime parseHttpDate(const QByteArray &text)
{
    static const QByteArrayList months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    QByteArrayList parts = text.simplified().split(' ');
    int day = 0, month = 0, year = 0;
    QByteArray time;
    bool ok = true;
    if (parts.size() == 6 && parts[0].endsWith(',')) {  // IMF-fixdate
        day = parts[1].toInt(&ok);
        month = int(months.indexOf(parts[2])) + 1;
        year = parts[3].toInt();
        time = parts[4];
    } else if (parts.size() == 4 && parts[0].endsWith(',')) {  // RFC 850
        const QByteArrayList dmy = parts[1].split('-');
        if (dmy.size() != 3)
            return {};
        day = dmy[0].toInt(&ok);
        month = int(months.indexOf(dmy[1])) + 1;
        year = dmy[2].toInt();
        year += year < 70 ? 2000 : (year < 100 ? 1900 : 0);
        time = parts[2];
    } else if (parts.size() == 5) {  // asctime
        month = int(months.indexOf(parts[1])) + 1;
        day = parts[2].toInt(&ok);
        time = parts[3];
        year = parts[4].toInt();
    } else {
        return {};
    }
    const QTime t = QTime::fromString(QString::fromLatin1(time), QStringLiteral("hh:mm:ss"));
    const QDate d(year, month, day);
    if (!ok || !t.isValid() || !d.isValid())
        return {};
    return QDateTime(d, t, Qt::UTC);
}

QString fatalHint(int status, const ProviderError &error, const QString &apiKeyEnv)
{
    if (error.quotaExhausted)
        return tr("the account's quota or spend limit is used up; raise it in the provider's console or wait for it to reset");
    switch (status) {
    case 401:
        return apiKeyEnv.isEmpty() ? tr("the server wants a key: set api_key_env to the environment variable that holds it")
                                   : tr("the key was refused: check the value of %1 (or the keychain entry)").arg(apiKeyEnv);
    case 403:
        return tr("the key has no permission for this model or endpoint: check the account's access");
    case 404:
        return tr("check base_url and model in sift.yaml; `sift-cli backends DIR --check` lists what the server offers");
    default:
        return tr("the request was rejected as it is; the provider's message above says why");
    }
}
} // namespace

std::optional<qint64> RetryPolicy::serverDelayMs(const HttpResponse &response, const ProviderError &error, const QDateTime &now)
{
    bool ok = false;
    const QByteArray ms = response.header("retry-after-ms").trimmed();
    if (!ms.isEmpty()) {
        const double value = ms.toDouble(&ok);
        if (ok && value >= 0)
            return qint64(std::ceil(value));
    }
    const QByteArray after = response.header("retry-after").trimmed();
    if (!after.isEmpty()) {
        const double seconds = after.toDouble(&ok);
        if (ok && seconds >= 0)
            return qint64(std::ceil(seconds * 1000.0));
        const QDateTime when = parseHttpDate(after);
        if (when.isValid())
            return std::max<qint64>(0, now.msecsTo(when));
    }
    return error.retryDelayMs;
}

RetryDecision RetryPolicy::classify(const HttpResponse &response, const ProviderError &error, const QDateTime &now,
                                    const QString &apiKeyEnv)
{
    RetryDecision d;
    switch (response.outcome) {
    case HttpResponse::Outcome::ConnectTimeout:
        d.retry = true;
        d.reason = tr("no connection within the connect timeout");
        return d;
    case HttpResponse::Outcome::TransferTimeout:
        d.retry = true;
        d.reason = tr("the server went silent for longer than timeout_s");
        return d;
    case HttpResponse::Outcome::ConnectionFailed:
        d.retry = true;
        d.reason = response.transportError.isEmpty() ? tr("the connection failed") : response.transportError;
        return d;
    case HttpResponse::Outcome::Cancelled:
        d.reason = tr("cancelled");
        return d;
    case HttpResponse::Outcome::Received:
        break;
    }

    const int status = response.status;
    d.reason = describe(response, error);
    d.serverDelayMs = serverDelayMs(response, error, now);
    const QByteArray should = response.header("x-should-retry").trimmed().toLower();
    if (should == "true" || should == "false") {
        // The server knows best (the official SDKs honour this before anything else).
        d.retry = should == "true";
        d.rateLimited = d.retry && (status == 429 || status == 529);
        if (!d.retry)
            d.hint = fatalHint(status, error, apiKeyEnv);
        return d;
    }
    if (error.quotaExhausted) {
        d.hint = fatalHint(status, error, apiKeyEnv);
        return d;
    }
    if (status == 408 || status == 409 || status == 429 || status >= 500) {
        d.retry = true;
        d.rateLimited = status == 429 || status == 529;
        return d;
    }
    d.hint = fatalHint(status, error, apiKeyEnv);
    return d;
}

RetryDecision RetryPolicy::unreadableReply(const QString &problem)
{
    RetryDecision d;
    d.retry = true;
    d.reason = tr("the reply could not be read: %1").arg(problem);
    return d;
}

qint64 RetryPolicy::backoffMs(int retryIndex, qint64 capMs, double unitRandom)
{
    const double nominal = std::min(500.0 * std::pow(2.0, std::clamp(retryIndex, 0, 30)), double(capMs));
    return qint64(nominal * (0.5 + 0.5 * std::clamp(unitRandom, 0.0, 1.0)));
}

} // namespace sift

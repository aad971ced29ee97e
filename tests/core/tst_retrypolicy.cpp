// Which failures are retried, which stop at once, and how long to wait: every rule of
// RetryPolicy, data-driven.

#include "llm/retrypolicy.h"

#include <QTest>

using namespace sift;

namespace {
const QDateTime now(QDate(2026, 10, 21), QTime(7, 28, 0), Qt::UTC);

HttpResponse status(int code, QHash<QByteArray, QByteArray> headers = {})
{
    HttpResponse r;
    r.status = code;
    r.headers = std::move(headers);
    return r;
}

HttpResponse transport(HttpResponse::Outcome outcome)
{
    HttpResponse r;
    r.outcome = outcome;
    r.transportError = QStringLiteral("Connection closed");
    return r;
}
} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rules_data();
    void rules();
    void quotaExhaustionIsNeverRetried();
    void hintsSayWhatToDo();
    void serverDelays_data();
    void serverDelays();
    void backoffGrowsIsCappedAndJittered();
};

void TestRetryPolicy::rules_data()
{
    QTest::addColumn<HttpResponse>("response");
    QTest::addColumn<bool>("retry");
    QTest::addColumn<bool>("rateLimited");

    QTest::newRow("connect timeout") << transport(HttpResponse::Outcome::ConnectTimeout) << true << false;
    QTest::newRow("transfer timeout") << transport(HttpResponse::Outcome::TransferTimeout) << true << false;
    QTest::newRow("connection reset") << transport(HttpResponse::Outcome::ConnectionFailed) << true << false;
    QTest::newRow("cancelled") << transport(HttpResponse::Outcome::Cancelled) << false << false;
    for (int code : {408, 409, 500, 502, 503, 504})
        QTest::newRow(qPrintable(QStringLiteral("HTTP %1").arg(code))) << status(code) << true << false;
    QTest::newRow("HTTP 429") << status(429) << true << true;
    QTest::newRow("HTTP 529 overloaded") << status(529) << true << true;
    for (int code : {400, 401, 403, 404, 422})
        QTest::newRow(qPrintable(QStringLiteral("HTTP %1").arg(code))) << status(code) << false << false;
    QTest::newRow("x-should-retry false beats 503") << status(503, {{"x-should-retry", "false"}}) << false << false;
    QTest::newRow("x-should-retry true beats 400") << status(400, {{"x-should-retry", "true"}}) << true << false;
    QTest::newRow("x-should-retry True on 429") << status(429, {{"x-should-retry", " True "}}) << true << true;
    QTest::newRow("x-should-retry junk is ignored") << status(404, {{"x-should-retry", "maybe"}}) << false << false;
}

void TestRetryPolicy::rules()
{
    QFETCH(HttpResponse, response);
    QFETCH(bool, retry);
    QFETCH(bool, rateLimited);
    const RetryDecision d = RetryPolicy::classify(response, {}, now, QStringLiteral("KEY_VAR"));
    QCOMPARE(d.retry, retry);
    QCOMPARE(d.rateLimited, rateLimited);
    QVERIFY(!d.reason.isEmpty());
    QCOMPARE(d.hint.isEmpty(), retry || response.outcome == HttpResponse::Outcome::Cancelled);
}

void TestRetryPolicy::quotaExhaustionIsNeverRetried()
{
    ProviderError quota;
    quota.type = QStringLiteral("insufficient_quota");
    quota.message = QStringLiteral("You exceeded your current quota");
    quota.quotaExhausted = true;
    quota.retryDelayMs = 20000;  // Gemini's per-day quotas still suggest a short delay
    const RetryDecision d = RetryPolicy::classify(status(429), quota, now, {});
    QVERIFY(!d.retry);
    QVERIFY(d.reason.contains(QStringLiteral("HTTP 429 insufficient_quota: You exceeded your current quota")));
    QVERIFY(d.hint.contains(QStringLiteral("quota or spend limit")));
    // Unless the server itself says to retry.
    QVERIFY(RetryPolicy::classify(status(429, {{"x-should-retry", "true"}}), quota, now, {}).retry);
}

void TestRetryPolicy::hintsSayWhatToDo()
{
    QVERIFY(RetryPolicy::classify(status(401), {}, now, QStringLiteral("OPENAI_API_KEY")).hint.contains(QStringLiteral("OPENAI_API_KEY")));
    QVERIFY(RetryPolicy::classify(status(401), {}, now, {}).hint.contains(QStringLiteral("api_key_env")));
    QVERIFY(RetryPolicy::classify(status(404), {}, now, {}).hint.contains(QStringLiteral("base_url and model")));
    QVERIFY(RetryPolicy::classify(status(403), {}, now, {}).hint.contains(QStringLiteral("permission")));
    QVERIFY(RetryPolicy::unreadableReply(QStringLiteral("the body is not JSON")).retry);
}

void TestRetryPolicy::serverDelays_data()
{
    QTest::addColumn<HttpResponse>("response");
    QTest::addColumn<qint64>("bodyDelay");  // -1: none
    QTest::addColumn<qint64>("expected");   // -1: none
    QTest::newRow("none") << status(429) << qint64(-1) << qint64(-1);
    QTest::newRow("retry-after seconds") << status(429, {{"retry-after", "3"}}) << qint64(-1) << qint64(3000);
    QTest::newRow("retry-after fractional") << status(429, {{"retry-after", "0.25"}}) << qint64(-1) << qint64(250);
    QTest::newRow("retry-after-ms wins") << status(429, {{"retry-after-ms", "1500"}, {"retry-after", "9"}}) << qint64(-1) << qint64(1500);
    QTest::newRow("retry-after-ms fractional") << status(429, {{"retry-after-ms", "12.2"}}) << qint64(-1) << qint64(13);
    QTest::newRow("retry-after http date") << status(503, {{"retry-after", "Wed, 21 Oct 2026 07:28:42 GMT"}}) << qint64(-1)
                                           << qint64(42000);
    QTest::newRow("retry-after RFC 850 date") << status(503, {{"retry-after", "Wednesday, 21-Oct-26 07:28:05 GMT"}}) << qint64(-1)
                                              << qint64(5000);
    QTest::newRow("retry-after asctime date") << status(503, {{"retry-after", "Wed Oct 21 07:29:00 2026"}}) << qint64(-1)
                                              << qint64(60000);
    QTest::newRow("retry-after date in the past") << status(503, {{"retry-after", "Wed, 21 Oct 2026 07:00:00 GMT"}}) << qint64(-1)
                                                  << qint64(0);
    QTest::newRow("gemini RetryInfo") << status(429) << qint64(7000) << qint64(7000);
    QTest::newRow("header beats body") << status(429, {{"retry-after", "2"}}) << qint64(7000) << qint64(2000);
    QTest::newRow("garbage header, body hint") << status(429, {{"retry-after", "soon"}}) << qint64(500) << qint64(500);
    QTest::newRow("negative ignored") << status(429, {{"retry-after-ms", "-5"}}) << qint64(-1) << qint64(-1);
}

void TestRetryPolicy::serverDelays()
{
    QFETCH(HttpResponse, response);
    QFETCH(qint64, bodyDelay);
    QFETCH(qint64, expected);
    ProviderError e;
    if (bodyDelay >= 0)
        e.retryDelayMs = bodyDelay;
    const std::optional<qint64> delay = RetryPolicy::serverDelayMs(response, e, now);
    QCOMPARE(delay.value_or(-1), expected);
    QCOMPARE(RetryPolicy::classify(response, e, now, {}).serverDelayMs.value_or(-1), expected);
}

void TestRetryPolicy::backoffGrowsIsCappedAndJittered()
{
    // Without jitter (unitRandom 1) the nominal values: 0.5, 1, 2, 4, 8 s ... capped.
    QCOMPARE(RetryPolicy::backoffMs(0, 60000, 1.0), 500);
    QCOMPARE(RetryPolicy::backoffMs(1, 60000, 1.0), 1000);
    QCOMPARE(RetryPolicy::backoffMs(4, 60000, 1.0), 8000);
    QCOMPARE(RetryPolicy::backoffMs(10, 60000, 1.0), 60000);
    QCOMPARE(RetryPolicy::backoffMs(1000, 60000, 1.0), 60000);
    // Jitter spreads a burst of retries over [50%, 100%] of the nominal delay.
    QCOMPARE(RetryPolicy::backoffMs(2, 60000, 0.0), 1000);
    QCOMPARE(RetryPolicy::backoffMs(2, 60000, 0.5), 1500);
    QSet<qint64> distinct;
    for (int i = 0; i < 10; ++i)
        distinct.insert(RetryPolicy::backoffMs(3, 60000, i / 10.0));
    QCOMPARE(distinct.size(), 10);
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"

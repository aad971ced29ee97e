#include "runprinter.h"

#include "cliutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <unistd.h>

namespace sift::cli {

namespace {
QString money(qint64 microUsd)
{
    return QStringLiteral("$%1").arg(double(microUsd) / 1e6, 0, 'f', 4);
}

QString rate(double r)
{
    return QString::number(r * 100, 'f', 0) + QLatin1Char('%');
}
} // namespace

RunPrinter::RunPrinter(bool json, QObject *parent) : QObject(parent), m_json(json), m_terminal(::isatty(2))
{
    m_clock.start();
}

void RunPrinter::attach(RunEngine *engine)
{
    connect(engine, &RunEngine::progressChanged, this, &RunPrinter::onProgress);
    connect(engine, &RunEngine::batchFinished, this, &RunPrinter::onBatch);
    connect(engine, &RunEngine::notice, this, [this](const QString &n) {
        m_notices.append(n);
        line(QStringLiteral("note: ") + n);
    });
    connect(engine, &RunEngine::started, this, [this](qint64 id) { line(QStringLiteral("run %1 started").arg(id)); });
}

void RunPrinter::line(const QString &text)
{
    if (m_barShown) {
        err() << "\r\033[K";
        m_barShown = false;
    }
    err() << text << '\n';
    err().flush();
    onProgress(m_last);
}

void RunPrinter::onLlmEvent(const LlmEvent &e)
{
    // Retries are routine (counted in the progress line); cooldowns and failures are worth a line.
    if (e.kind == LlmEvent::Kind::Cooldown || e.kind == LlmEvent::Kind::Failure || e.kind == LlmEvent::Kind::StoreError)
        line(e.message);
}

void RunPrinter::onProgress(const RunProgress &p)
{
    m_last = p;
    if (p.target == 0)
        return;
    // Pass rates only once something was assessed: a run that only generates has none.
    QString assessed;
    if (p.assessed > 0) {
        assessed = QStringLiteral("  passed %1 (%2%3)  invalid %4")
                       .arg(p.passed)
                       .arg(rate(p.cumulativePassRate))
                       .arg(p.batchesReported > 0 ? QStringLiteral(", last batches %1").arg(rate(p.rollingPassRate)) : QString())
                       .arg(p.invalid);
    }
    const QString status = QStringLiteral("generated %1/%2  assessed %3/%4%5  requests %6 (cached %7, retries %8)  %9")
                               .arg(p.generated)
                               .arg(p.target)
                               .arg(p.assessed)
                               .arg(p.generated)
                               .arg(assessed)
                               .arg(p.requests)
                               .arg(p.cacheHits)
                               .arg(p.retries)
                               .arg(money(p.costMicroUsd));
    if (m_terminal) {
        const int width = 24;
        const int done = p.target ? int(double(std::max(p.generated, p.assessed)) / p.target * width) : 0;
        err() << "\r\033[K[" << QString(done, QLatin1Char('#')) << QString(width - done, QLatin1Char('.')) << "] " << status;
        err().flush();
        m_barShown = true;
    } else if (m_lastPlain < 0 || m_clock.elapsed() - m_lastPlain >= 2000) {
        // A line every two seconds at most: a log of a long run stays readable.
        m_lastPlain = m_clock.elapsed();
        err() << status << '\n';
        err().flush();
    }
}

void RunPrinter::onBatch(const BatchReport &r)
{
    m_reports.append(r);
    if (r.figures.assessed == 0) {
        // Generated only: there is no pass rate to speak of.
        line(QStringLiteral("batch %1: %2 transcript(s), not assessed").arg(r.index + 1).arg(r.figures.transcripts));
        return;
    }
    QString text = QStringLiteral("batch %1: %2 of %3 passed (%4)").arg(r.index + 1).arg(r.figures.passed).arg(r.figures.transcripts).arg(rate(r.figures.passRate()));
    if (r.figures.invalid)
        text += QStringLiteral(", %1 invalid").arg(r.figures.invalid);
    QStringList failing;
    for (auto it = r.figures.criterionFailures.cbegin(); it != r.figures.criterionFailures.cend(); ++it)
        failing.append(QStringLiteral("%1 x%2").arg(it.key()).arg(it.value()));
    failing.sort();
    if (!failing.isEmpty())
        text += QStringLiteral("; failing: ") + failing.join(QStringLiteral(", "));
    if (!r.gate.text.isEmpty())
        text += QStringLiteral("\n  gate: ") + r.gate.text;
    line(text);
}

int RunPrinter::finish(RunEngine::Outcome outcome, const QString &summary, const Diagnostics &problems, const QString &dir)
{
    if (m_barShown) {
        err() << '\n';
        m_barShown = false;
    }
    for (const Diagnostic &d : problems)
        err() << located(dir, d) << '\n';
    // Out before the summary: on a terminal both streams share the screen, and the summary must not
    // land on the progress bar's line.
    err().flush();
    int code = Ok;
    QString state;
    switch (outcome) {
    case RunEngine::Outcome::Completed:
        state = QStringLiteral("completed");
        break;
    case RunEngine::Outcome::StoppedAtGate:
        state = QStringLiteral("stopped at the gate");
        code = Invalid;
        break;
    case RunEngine::Outcome::Cancelled:
        state = QStringLiteral("cancelled");
        code = Cancelled;
        break;
    case RunEngine::Outcome::Failed:
        state = QStringLiteral("failed");
        code = problems.isEmpty() ? BackendFailure : Invalid;
        break;
    }
    const RunProgress &p = m_last;
    if (m_json) {
        QJsonArray batches;
        for (const BatchReport &r : std::as_const(m_reports)) {
            const bool assessed = r.figures.assessed > 0;
            QJsonObject failures;
            for (auto it = r.figures.criterionFailures.cbegin(); it != r.figures.criterionFailures.cend(); ++it) {
                if (it.value() > 0)
                    failures.insert(it.key(), it.value());
            }
            QJsonObject disagreement;
            for (auto it = r.figures.disagreement.cbegin(); it != r.figures.disagreement.cend(); ++it) {
                if (it.value() > 0)
                    disagreement.insert(it.key(), it.value());
            }
            batches.append(QJsonObject{{QStringLiteral("batch"), r.index + 1},
                                       {QStringLiteral("transcripts"), r.figures.transcripts},
                                       {QStringLiteral("assessed"), r.figures.assessed},
                                       {QStringLiteral("passed"), r.figures.passed},
                                       {QStringLiteral("invalid"), r.figures.invalid},
                                       {QStringLiteral("pass_rate"), assessed ? QJsonValue(r.figures.passRate()) : QJsonValue()},
                                       {QStringLiteral("gate"), r.gate.text.isEmpty() ? QJsonValue() : QJsonValue(gateName(r.gate.recommendation))},
                                       {QStringLiteral("criterion_failures"), failures},
                                       {QStringLiteral("disagreement"), disagreement},
                                       {QStringLiteral("warnings"), QJsonArray::fromStringList(r.warnings)}});
        }
        QJsonArray problemList;
        for (const Diagnostic &d : problems)
            problemList.append(d.toString());
        const QJsonObject o{{QStringLiteral("run"), p.runId},
                            {QStringLiteral("outcome"), state},
                            {QStringLiteral("summary"), summary},
                            {QStringLiteral("generated"), p.generated},
                            {QStringLiteral("assessed"), p.assessed},
                            {QStringLiteral("passed"), p.passed},
                            {QStringLiteral("invalid"), p.invalid},
                            {QStringLiteral("failed"), p.failed},
                            {QStringLiteral("fixed"), p.fixed},
                            {QStringLiteral("refused"), p.refused},
                            {QStringLiteral("truncated"), p.truncated},
                            {QStringLiteral("rejected"), p.rejected},
                            {QStringLiteral("pass_rate"), p.cumulativePassRate},
                            {QStringLiteral("requests"), p.requests},
                            {QStringLiteral("cache_hits"), p.cacheHits},
                            {QStringLiteral("retries"), p.retries},
                            {QStringLiteral("input_tokens"), p.inputTokens},
                            {QStringLiteral("output_tokens"), p.outputTokens},
                            {QStringLiteral("cost_usd"), double(p.costMicroUsd) / 1e6},
                            {QStringLiteral("batches"), batches},
                            {QStringLiteral("notices"), QJsonArray::fromStringList(m_notices)},
                            {QStringLiteral("problems"), problemList},
                            {QStringLiteral("exit_code"), code}};
        out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return code;
    }
    out() << QStringLiteral("Run %1 %2: %3\n").arg(p.runId).arg(state, summary);
    if (p.assessed > 0 || p.generated == 0)
        out() << QStringLiteral("  transcripts generated %1, assessed %2, passed %3 (%4), invalid %5, failed %6\n")
                     .arg(p.generated)
                     .arg(p.assessed)
                     .arg(p.passed)
                     .arg(rate(p.cumulativePassRate))
                     .arg(p.invalid)
                     .arg(p.failed);
    else
        out() << QStringLiteral("  transcripts generated %1, not assessed, failed %2\n").arg(p.generated).arg(p.failed);
    if (p.fixed + p.refused + p.truncated + p.rejected > 0)
        out() << QStringLiteral("  repairs accepted %1, refused by the entailment check %2; cut %3; rejected %4\n")
                     .arg(p.fixed)
                     .arg(p.refused)
                     .arg(p.truncated)
                     .arg(p.rejected);
    out() << QStringLiteral("  requests %1 (from the cache %2, retries %3), tokens in %4 / out %5, cost %6\n")
                 .arg(p.requests)
                 .arg(p.cacheHits)
                 .arg(p.retries)
                 .arg(p.inputTokens)
                 .arg(p.outputTokens)
                 .arg(money(p.costMicroUsd));
    if (!m_reports.isEmpty() && !m_reports.last().gate.text.isEmpty())
        out() << QStringLiteral("  last batch: %1\n").arg(m_reports.last().gate.text);
    if (outcome == RunEngine::Outcome::Cancelled || outcome == RunEngine::Outcome::Failed)
        out() << QStringLiteral("  `sift-cli resume %1` continues it.\n").arg(dir);
    return code;
}

} // namespace sift::cli

#pragma once

#include "engine/runengine.h"
#include "llm/llmclient.h"

#include <QElapsedTimer>
#include <QObject>

namespace sift::cli {

// Shows a run's progress on stderr: one self-updating bar on a terminal, plain lines otherwise
// (logs, CI), plus every batch report, notice and backend problem; and its summary on stdout.
class RunPrinter : public QObject
{
    Q_OBJECT
public:
    explicit RunPrinter(bool json, QObject *parent = nullptr);
    void attach(RunEngine *engine);
    void onLlmEvent(const LlmEvent &event);
    // The summary and the exit code for how the run ended.
    int finish(RunEngine::Outcome outcome, const QString &summary, const Diagnostics &problems, const QString &dir);

private:
    void onProgress(const RunProgress &p);
    void onBatch(const BatchReport &r);
    void line(const QString &text);

    bool m_json;
    bool m_terminal;
    bool m_barShown = false;
    qint64 m_lastPlain = -1;
    QElapsedTimer m_clock;
    RunProgress m_last;
    QList<BatchReport> m_reports;
    QStringList m_notices;
};

} // namespace sift::cli

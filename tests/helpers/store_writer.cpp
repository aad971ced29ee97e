// Writes transcripts into a project database forever, printing each id once its transaction has
// committed. tst_killmidwrite kills it at random moments and checks what is left.
// The intended number of messages is part of each id ("w-<serial>-<messages>"), so the test can
// tell a complete transcript from a half-written one.

#include "store/projectstore.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 3)
        return 2;
    auto store = sift::ProjectStore::open(QString::fromLocal8Bit(argv[1]));
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorText()));
        return 1;
    }
    const QString prefix = QString::fromLocal8Bit(argv[2]);
    for (int serial = 0;; ++serial) {
        const int messages = 20 + serial % 60;
        sift::TranscriptRecord t;
        t.uid = QStringLiteral("%1-%2-%3").arg(prefix).arg(serial).arg(messages);
        for (int i = 0; i < messages; ++i)
            t.messages.append({i % 2 ? QStringLiteral("assistant") : QStringLiteral("user"),
                               QStringLiteral("message %1 ").arg(i).repeated(40)});
        if (!(*store)->saveTranscript(t))
            return 1;
        std::printf("%s\n", qPrintable(t.uid));
        std::fflush(stdout);
    }
}

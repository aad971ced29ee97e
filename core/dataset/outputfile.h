#pragma once

#include <QByteArray>
#include <QSaveFile>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace sift {

// One export file. Lines gather in a buffer; full blocks go to a writer thread, so the kernel's copy
// of a gigabyte into the page cache overlaps the work that produces the next lines. Nothing reaches
// the real path until commit() (QSaveFile); discard() leaves whatever was there before untouched.
// At most a few blocks wait at a time, so memory stays bounded whatever the file's size.
class OutputFile
{
public:
    explicit OutputFile(const QString &path);
    ~OutputFile();
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    bool open();
    QByteArray &buffer() { return m_buffer; }
    // Hands the buffer to the writer once it holds a block's worth.
    void flushIfLarge()
    {
        if (m_buffer.size() >= BlockSize)
            flush();
    }
    // Writes everything, then renames the file into place. False when any write failed.
    bool commit();
    void discard();
    QString errorText() const { return m_file.errorString(); }

private:
    static constexpr qsizetype BlockSize = 4 << 20;
    void flush();
    void stopWriter();
    void work();

    QSaveFile m_file;
    QByteArray m_buffer;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_space;
    std::deque<QByteArray> m_queue;
    bool m_stop = false;
    bool m_failed = false;  // guarded by m_mutex while the writer runs
    std::thread m_writer;
};

} // namespace sift

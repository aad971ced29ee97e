#include "outputfile.h"

namespace sift {

OutputFile::OutputFile(const QString &path) : m_file(path) {}

OutputFile::~OutputFile()
{
    stopWriter();
}

bool OutputFile::open()
{
    if (!m_file.open(QIODevice::WriteOnly))
        return false;
    m_writer = std::thread([this] { work(); });
    return true;
}

void OutputFile::flush()
{
    if (m_buffer.isEmpty())
        return;
    std::unique_lock lock(m_mutex);
    m_space.wait(lock, [this] { return m_queue.size() < 4; });
    m_queue.push_back(std::move(m_buffer));
    lock.unlock();
    m_ready.notify_one();
    m_buffer = QByteArray();
    m_buffer.reserve(BlockSize + (BlockSize >> 2));
}

void OutputFile::work()
{
    for (;;) {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [this] { return !m_queue.empty() || m_stop; });
        if (m_queue.empty())
            return;
        QByteArray block = std::move(m_queue.front());
        m_queue.pop_front();
        const bool skip = m_failed;
        lock.unlock();
        m_space.notify_one();
        // The writer is the only one touching the file until it stops.
        const bool ok = skip || m_file.write(block) == block.size();
        if (!ok) {
            std::lock_guard guard(m_mutex);
            m_failed = true;
        }
    }
}

void OutputFile::stopWriter()
{
    if (!m_writer.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_ready.notify_all();
    m_writer.join();
}

bool OutputFile::commit()
{
    flush();
    stopWriter();
    return !m_failed && m_file.isOpen() && m_file.commit();
}

void OutputFile::discard()
{
    stopWriter();
    if (m_file.isOpen())
        m_file.cancelWriting();
}

} // namespace sift

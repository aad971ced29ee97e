#pragma once

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <string_view>

namespace sift {

// XXH64, Yann Collet's 64-bit xxHash, bit for bit as the reference implementation computes it (the
// same values as `xxhsum -H64`). Sift uses it wherever a value must follow from data alone on every
// platform and compiler and in every release: slice points seeded by a transcript's id, the order of
// groups in the train/validation split. std::hash promises none of that.
quint64 xxHash64(const void *data, std::size_t length, quint64 seed = 0);
quint64 xxHash64(std::string_view bytes, quint64 seed = 0);
quint64 xxHash64(const QByteArray &bytes, quint64 seed = 0);
// Hashes the text's UTF-8 bytes.
quint64 xxHash64(const QString &text, quint64 seed = 0);

} // namespace sift

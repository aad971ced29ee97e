#pragma once

#include "store/records.h"

#include <QByteArray>
#include <QList>
#include <QStringView>

namespace sift {

// The training file formats, written by hand rather than through QJsonDocument: an export writes
// gigabytes, and building a document per line would cost more than reading the database. Output is
// UTF-8 JSON (RFC 8259) with one object per line; strings are escaped exactly as the RFC requires
// (quote, backslash, control characters) and nothing else is changed, so the content a parser reads
// back is the content stored. A lone UTF-16 surrogate (never produced from the UTF-8 the database
// holds) is written as U+FFFD, as Qt's own UTF-8 encoder does.
namespace jsonl {

// Appends `text` as a JSON string, quotes included.
void appendString(QByteArray &out, QStringView text);

// {"messages":[{"role":"system","content":"..."},{"role":"user",...},{"role":"assistant",...}]}
// OpenAI's fine-tuning format and TRL's conversational format.
void appendOpenAi(QByteArray &out, const QList<Message> &messages);
// {"conversations":[{"from":"system","value":"..."},{"from":"human",...},{"from":"gpt",...}]}
void appendShareGpt(QByteArray &out, const QList<Message> &messages);
// The slices of one conversation share their messages: each message is encoded once (as the
// "{...}" object of the format) and every slice is assembled from the encoded pieces, which writes the
// same bytes as appendOpenAi / appendShareGpt on the slice's messages.
QList<QByteArray> encodeMessages(const QList<Message> &messages, bool shareGpt);
// One line from `encoded` pieces: `system` (when >= 0), then pieces first..last inclusive.
void appendEncoded(QByteArray &out, const QList<QByteArray> &encoded, int system, int first, int last, bool shareGpt);
// TRL's conversational preference format:
// {"prompt":[...messages],"chosen":[{"role":"assistant","content":"..."}],"rejected":[{"role":"assistant",...}]}
void appendPreference(QByteArray &out, const QList<Message> &prompt, QStringView chosen, QStringView rejected);

} // namespace jsonl

} // namespace sift

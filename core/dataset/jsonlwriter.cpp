#include "jsonlwriter.h"

namespace sift::jsonl {

namespace {

const char Hex[] = "0123456789abcdef";

inline char *putUtf8(char *p, char32_t c)
{
    if (c < 0x80) {
        *p++ = char(c);
    } else if (c < 0x800) {
        *p++ = char(0xC0 | (c >> 6));
        *p++ = char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *p++ = char(0xE0 | (c >> 12));
        *p++ = char(0x80 | ((c >> 6) & 0x3F));
        *p++ = char(0x80 | (c & 0x3F));
    } else {
        *p++ = char(0xF0 | (c >> 18));
        *p++ = char(0x80 | ((c >> 12) & 0x3F));
        *p++ = char(0x80 | ((c >> 6) & 0x3F));
        *p++ = char(0x80 | (c & 0x3F));
    }
    return p;
}

void appendLatin1(QByteArray &out, const char *text)
{
    out.append(text);
}

// The exact role names each format uses.
const char *shareGptRole(const QString &role)
{
    if (role == QLatin1String("user"))
        return "human";
    if (role == QLatin1String("assistant"))
        return "gpt";
    return "system";
}

void appendMessage(QByteArray &out, const Message &message, const char *roleKey, const char *contentKey, bool shareGpt)
{
    out.append("{\"");
    appendLatin1(out, roleKey);
    out.append("\":");
    if (shareGpt) {
        out.append('"');
        appendLatin1(out, shareGptRole(message.role));
        out.append('"');
    } else {
        appendString(out, message.role);
    }
    out.append(",\"");
    appendLatin1(out, contentKey);
    out.append("\":");
    appendString(out, message.content);
    out.append('}');
}

void appendMessages(QByteArray &out, const QList<Message> &messages, const char *roleKey, const char *contentKey, bool shareGpt)
{
    out.append('[');
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (i)
            out.append(',');
        appendMessage(out, messages[i], roleKey, contentKey, shareGpt);
    }
    out.append(']');
}

} // namespace

void appendString(QByteArray &out, QStringView text)
{
    // Worst case 6 bytes a UTF-16 unit (\u001f); write into reserved space, then trim.
    const qsizetype start = out.size();
    out.resize(start + 2 + 6 * text.size());
    char *p = out.data() + start;
    *p++ = '"';
    const char16_t *s = text.utf16();
    const char16_t *const end = s + text.size();
    while (s < end) {
        const char16_t c = *s++;
        if (c >= 0x20 && c < 0x80) {
            if (c == u'"' || c == u'\\')
                *p++ = '\\';
            *p++ = char(c);
        } else if (c < 0x20) {
            *p++ = '\\';
            switch (c) {
            case u'\n': *p++ = 'n'; break;
            case u'\r': *p++ = 'r'; break;
            case u'\t': *p++ = 't'; break;
            case u'\b': *p++ = 'b'; break;
            case u'\f': *p++ = 'f'; break;
            default:
                *p++ = 'u';
                *p++ = '0';
                *p++ = '0';
                *p++ = Hex[c >> 4];
                *p++ = Hex[c & 0xF];
            }
        } else if (QChar::isHighSurrogate(c) && s < end && QChar::isLowSurrogate(*s)) {
            p = putUtf8(p, QChar::surrogateToUcs4(c, *s++));
        } else if (QChar::isSurrogate(c)) {
            p = putUtf8(p, 0xFFFD);
        } else {
            p = putUtf8(p, c);
        }
    }
    *p++ = '"';
    out.resize(p - out.constData());
}

void appendOpenAi(QByteArray &out, const QList<Message> &messages)
{
    out.append("{\"messages\":");
    appendMessages(out, messages, "role", "content", false);
    out.append("}\n");
}

QList<QByteArray> encodeMessages(const QList<Message> &messages, bool shareGpt)
{
    QList<QByteArray> out;
    out.reserve(messages.size());
    for (const Message &m : messages) {
        QByteArray piece;
        appendMessage(piece, m, shareGpt ? "from" : "role", shareGpt ? "value" : "content", shareGpt);
        out.append(piece);
    }
    return out;
}

void appendEncoded(QByteArray &out, const QList<QByteArray> &encoded, int system, int first, int last, bool shareGpt)
{
    out.append(shareGpt ? "{\"conversations\":[" : "{\"messages\":[");
    bool comma = false;
    if (system >= 0) {
        out.append(encoded[system]);
        comma = true;
    }
    for (int i = first; i <= last; ++i) {
        if (comma)
            out.append(',');
        out.append(encoded[i]);
        comma = true;
    }
    out.append("]}\n");
}

void appendShareGpt(QByteArray &out, const QList<Message> &messages)
{
    out.append("{\"conversations\":");
    appendMessages(out, messages, "from", "value", true);
    out.append("}\n");
}

void appendPreference(QByteArray &out, const QList<Message> &prompt, QStringView chosen, QStringView rejected)
{
    out.append("{\"prompt\":");
    appendMessages(out, prompt, "role", "content", false);
    out.append(",\"chosen\":[{\"role\":\"assistant\",\"content\":");
    appendString(out, chosen);
    out.append("}],\"rejected\":[{\"role\":\"assistant\",\"content\":");
    appendString(out, rejected);
    out.append("}]}\n");
}

} // namespace sift::jsonl

#include "twiml/xml_text.hpp"

#include <algorithm>
#include <cstdint>

namespace sms::twiml {

namespace {

enum class Context { text, attribute };

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

bool is_xml_char(std::uint32_t cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Length of the well-formed UTF-8 sequence at the start of `s` (RFC 3629: no
// overlongs, no surrogates, nothing past U+10FFFF), or 0 when it is not one.
std::size_t utf8_sequence(std::string_view s, std::uint32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    std::size_t len;
    std::uint32_t min;
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (s.size() < len) return 0;
    for (std::size_t i = 1; i < len; ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

// Printable ASCII that neither context escapes: most of a message's text.
bool is_plain(char c) { return c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' && c != '"'; }

void append_escaped(std::string& out, std::string_view in, Context context) {
    out.reserve(out.size() + in.size());
    while (!in.empty()) {
        const std::size_t plain = static_cast<std::size_t>(std::find_if_not(in.begin(), in.end(), is_plain) - in.begin());
        out.append(in.substr(0, plain));
        in.remove_prefix(plain);
        if (in.empty()) break;
        const char c = in.front();
        if (c >= 0x20 && c < 0x7F) { // one of the four characters is_plain stops at
            switch (c) {
            case '&': out.append("&amp;"); break;
            case '<': out.append("&lt;"); break;
            case '>': context == Context::text ? out.append("&gt;") : out.append(">"); break;
            case '"': context == Context::attribute ? out.append("&quot;") : out.append("\""); break;
            }
            in.remove_prefix(1);
            continue;
        }
        std::uint32_t cp = 0;
        const std::size_t len = utf8_sequence(in, cp);
        if (len == 0) {
            out.append(kReplacement);
            in.remove_prefix(1);
            continue;
        }
        if (cp == '\r') {
            out.append("&#xD;");
        } else if (cp == '\n') {
            context == Context::attribute ? out.append("&#xA;") : out.append("\n");
        } else if (cp == '\t') {
            context == Context::attribute ? out.append("&#x9;") : out.append("\t");
        } else if (is_xml_char(cp)) {
            out.append(in.substr(0, len));
        }
        in.remove_prefix(len);
    }
}

} // namespace

void append_text(std::string& out, std::string_view text) { append_escaped(out, text, Context::text); }

void append_attribute_value(std::string& out, std::string_view value) {
    append_escaped(out, value, Context::attribute);
}

} // namespace sms::twiml

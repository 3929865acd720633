#include "twiml/xml_text.hpp"

#include <algorithm>
#include <cstdint>

#include "text/utf8.hpp"

namespace sms::twiml {

namespace {

enum class Context { text, attribute };

bool is_xml_char(std::uint32_t cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
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
        const text::Utf8Prefix prefix = text::utf8_prefix(in);
        if (!prefix.well_formed) {
            out.append(text::kReplacementCharacter);
            in.remove_prefix(prefix.size);
            continue;
        }
        const std::uint32_t cp = prefix.code_point;
        const std::size_t len = prefix.size;
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

#include "devtools/xml_reader.hpp"

#include <cstdint>

namespace sms::devtools {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_name_start(char c) {
    const auto b = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || b >= 0x80;
}

bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// XML 1.0 section 2.2: the characters a document may contain.
bool is_xml_char(std::uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

void append_utf8(std::string& out, std::uint32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

// Decodes one UTF-8 sequence at `pos`; returns its length, or 0 when it is not
// valid UTF-8 (overlong forms and surrogates included).
std::size_t decode_utf8(std::string_view in, std::size_t pos, std::uint32_t& c) {
    const auto b0 = static_cast<unsigned char>(in[pos]);
    std::size_t length;
    std::uint32_t min;
    if (b0 < 0x80) {
        c = b0;
        return 1;
    } else if ((b0 & 0xE0) == 0xC0) {
        length = 2, min = 0x80, c = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        length = 3, min = 0x800, c = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        length = 4, min = 0x10000, c = b0 & 0x07;
    } else {
        return 0;
    }
    if (in.size() - pos < length) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        const auto b = static_cast<unsigned char>(in[pos + i]);
        if ((b & 0xC0) != 0x80) return 0;
        c = (c << 6) | (b & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    return length;
}

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}

    XmlReading read() {
        XmlReading reading;
        XmlElement root;
        if (check_characters() && read_document(root)) {
            reading.root = std::move(root);
        } else {
            reading.error = where() + error_;
        }
        return reading;
    }

private:
    bool fail(std::string message) {
        error_ = std::move(message);
        return false;
    }

    std::string where() const {
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < pos_ && i < in_.size(); ++i) {
            if (in_[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
    }

    bool at_end() const { return pos_ >= in_.size(); }
    bool looking_at(std::string_view text) const { return in_.substr(pos_, text.size()) == text; }

    bool skip(std::string_view text) {
        if (!looking_at(text)) return false;
        pos_ += text.size();
        return true;
    }

    bool skip_space() {
        const std::size_t start = pos_;
        while (!at_end() && is_space(in_[pos_])) ++pos_;
        return pos_ != start;
    }

    bool check_characters() {
        for (pos_ = 0; pos_ < in_.size();) {
            std::uint32_t c = 0;
            const std::size_t length = decode_utf8(in_, pos_, c);
            if (length == 0) return fail("not valid UTF-8");
            if (!is_xml_char(c)) return fail("character U+" + hex(c) + " is not allowed in XML");
            pos_ += length;
        }
        pos_ = 0;
        return true;
    }

    static std::string hex(std::uint32_t c) {
        static constexpr char kDigits[] = "0123456789ABCDEF";
        std::string out;
        for (int shift = c > 0xFFFF ? 20 : 12; shift >= 0; shift -= 4) out.push_back(kDigits[(c >> shift) & 0xF]);
        return out;
    }

    bool read_document(XmlElement& root) {
        skip("\xEF\xBB\xBF");
        if (looking_at("<?xml") && pos_ + 5 < in_.size() && (is_space(in_[pos_ + 5]) || in_[pos_ + 5] == '?')) {
            if (!read_declaration()) return false;
        }
        if (!read_misc()) return false;
        if (looking_at("<!DOCTYPE")) return fail("DOCTYPE declarations are not supported");
        if (at_end() || in_[pos_] != '<') return fail(at_end() ? "no root element" : "text before the root element");
        if (!read_element(root, 1)) return false;
        if (!read_misc()) return false;
        if (!at_end()) return fail("content after the root element");
        return true;
    }

    // <?xml version="1.x" ...?>; the rest of the declaration is not checked.
    bool read_declaration() {
        pos_ += 5;
        skip_space();
        if (!skip("version")) return fail("the XML declaration has no version");
        skip_space();
        if (!skip("=")) return fail("expected '=' after version");
        skip_space();
        if (!skip("\"1.") && !skip("'1.")) return fail("unsupported XML version");
        const auto end = in_.find("?>", pos_);
        if (end == std::string_view::npos) return fail("unterminated XML declaration");
        pos_ = end + 2;
        return true;
    }

    // Comments, processing instructions and white space, as allowed around the root.
    bool read_misc() {
        for (;;) {
            skip_space();
            if (looking_at("<!--")) {
                if (!read_comment()) return false;
            } else if (looking_at("<?")) {
                if (!read_processing_instruction()) return false;
            } else {
                return true;
            }
        }
    }

    bool read_comment() {
        pos_ += 4;
        const auto dashes = in_.find("--", pos_);
        if (dashes == std::string_view::npos) return fail("unterminated comment");
        pos_ = dashes;
        if (!skip("-->")) return fail("'--' inside a comment");
        return true;
    }

    bool read_processing_instruction() {
        pos_ += 2;
        std::string target;
        if (!read_name(target)) return false;
        if (target.size() == 3 && (target[0] | 0x20) == 'x' && (target[1] | 0x20) == 'm' && (target[2] | 0x20) == 'l') {
            return fail("the XML declaration must come first, before any white space");
        }
        const auto end = in_.find("?>", pos_);
        if (end == std::string_view::npos) return fail("unterminated processing instruction");
        if (end != pos_ && !is_space(in_[pos_])) return fail("expected white space after the processing instruction target");
        pos_ = end + 2;
        return true;
    }

    bool read_name(std::string& name) {
        if (at_end() || !is_name_start(in_[pos_])) return fail("expected a name");
        const std::size_t start = pos_;
        while (!at_end() && is_name_char(in_[pos_])) ++pos_;
        name.assign(in_.substr(start, pos_ - start));
        return true;
    }

    // After '&': a predefined entity or a character reference.
    bool read_reference(std::string& out) {
        ++pos_;
        if (skip("#")) {
            const bool is_hex = skip("x");
            std::uint32_t c = 0;
            std::size_t digits = 0;
            for (; !at_end() && in_[pos_] != ';'; ++pos_, ++digits) {
                const char d = in_[pos_];
                int value;
                if (d >= '0' && d <= '9') value = d - '0';
                else if (is_hex && d >= 'a' && d <= 'f') value = d - 'a' + 10;
                else if (is_hex && d >= 'A' && d <= 'F') value = d - 'A' + 10;
                else return fail("bad character reference");
                c = c * (is_hex ? 16 : 10) + static_cast<std::uint32_t>(value);
                if (c > 0x10FFFF) return fail("character reference out of range");
            }
            if (digits == 0 || !skip(";")) return fail("bad character reference");
            if (!is_xml_char(c)) return fail("character reference to U+" + hex(c) + ", which XML does not allow");
            append_utf8(out, c);
            return true;
        }
        std::string name;
        if (!read_name(name) || !skip(";")) return fail("'&' must start a reference such as &amp;");
        static constexpr std::pair<std::string_view, char> kPredefined[] = {
            {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
        for (const auto& [entity, c] : kPredefined) {
            if (name == entity) {
                out.push_back(c);
                return true;
            }
        }
        return fail("undefined entity &" + name + ";");
    }

    // Literal line ends read as "\n" (XML 1.0 section 2.11).
    void append_text(std::string& out, std::string_view text) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] != '\r') {
                out.push_back(text[i]);
            } else {
                out.push_back('\n');
                if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
            }
        }
    }

    bool read_attribute_value(std::string& value) {
        if (at_end() || (in_[pos_] != '"' && in_[pos_] != '\'')) return fail("attribute value must be quoted");
        const char quote = in_[pos_++];
        for (;;) {
            if (at_end()) return fail("unterminated attribute value");
            const char c = in_[pos_];
            if (c == quote) {
                ++pos_;
                return true;
            }
            if (c == '<') return fail("'<' in an attribute value");
            if (c == '&') {
                if (!read_reference(value)) return false;
                continue;
            }
            // Attribute-value normalisation: each literal white space character is a space.
            if (c == '\r' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n') ++pos_;
            value.push_back(is_space(c) ? ' ' : c);
            ++pos_;
        }
    }

    bool read_start_tag(XmlElement& element, bool& empty) {
        ++pos_;
        if (!read_name(element.name)) return false;
        for (;;) {
            const bool spaced = skip_space();
            if (skip("/>")) {
                empty = true;
                return true;
            }
            if (skip(">")) {
                empty = false;
                return true;
            }
            if (at_end()) return fail("unterminated start tag <" + element.name + ">");
            if (!spaced) return fail("expected white space, '>' or '/>' in <" + element.name + ">");
            std::string name, value;
            if (!read_name(name)) return false;
            skip_space();
            if (!skip("=")) return fail("expected '=' after attribute " + name);
            skip_space();
            if (!read_attribute_value(value)) return false;
            if (element.attribute(name) != nullptr) return fail("attribute " + name + " appears twice");
            element.attributes.emplace_back(std::move(name), std::move(value));
        }
    }

    bool read_element(XmlElement& element, std::size_t depth) {
        if (depth > kMaxXmlDepth) return fail("elements nested deeper than " + std::to_string(kMaxXmlDepth));
        bool empty = false;
        if (!read_start_tag(element, empty)) return false;
        if (empty) return true;
        for (;;) {
            if (at_end()) return fail("<" + element.name + "> is never closed");
            if (looking_at("</")) {
                const std::size_t tag_start = pos_;
                pos_ += 2;
                std::string name;
                if (!read_name(name)) return false;
                if (name != element.name) {
                    pos_ = tag_start;
                    return fail("</" + name + "> closes <" + element.name + ">");
                }
                skip_space();
                if (!skip(">")) return fail("expected '>' to end </" + name);
                return true;
            }
            if (looking_at("<!--")) {
                if (!read_comment()) return false;
            } else if (skip("<![CDATA[")) {
                const auto end = in_.find("]]>", pos_);
                if (end == std::string_view::npos) return fail("unterminated CDATA section");
                append_text(element.text, in_.substr(pos_, end - pos_));
                pos_ = end + 3;
            } else if (looking_at("<?")) {
                if (!read_processing_instruction()) return false;
            } else if (looking_at("<")) {
                if (!read_element(element.children.emplace_back(), depth + 1)) return false;
            } else if (looking_at("&")) {
                if (!read_reference(element.text)) return false;
            } else {
                const auto end = in_.find_first_of("<&", pos_);
                const std::string_view text = in_.substr(pos_, end == std::string_view::npos ? end : end - pos_);
                if (const auto bad = text.find("]]>"); bad != std::string_view::npos) {
                    pos_ += bad;
                    return fail("']]>' in text");
                }
                append_text(element.text, text);
                pos_ += text.size();
            }
        }
    }

    std::string_view in_;
    std::size_t pos_ = 0;
    std::string error_;
};

} // namespace

const std::string* XmlElement::attribute(std::string_view attribute_name) const {
    for (const auto& [name, value] : attributes) {
        if (name == attribute_name) return &value;
    }
    return nullptr;
}

XmlReading read_xml(std::string_view document) { return Reader(document).read(); }

} // namespace sms::devtools

#include "liquid/utf8.hpp"

#include "text/utf8.hpp"

namespace sms::liquid {

std::size_t utf8_char_length(std::string_view text, std::size_t at) {
    return text::utf8_prefix(text.substr(at)).size;
}

Character character_at(std::string_view text, std::size_t at) {
    const text::Utf8Prefix prefix = text::utf8_prefix(text.substr(at));
    return {prefix.well_formed ? prefix.code_point : char32_t{0xFFFD}, prefix.size, prefix.well_formed};
}

std::size_t utf8_advance(std::string_view text, std::size_t from, std::size_t count) {
    while (count > 0 && from < text.size()) {
        from += utf8_char_length(text, from);
        --count;
    }
    return from;
}

std::size_t utf8_code_points(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); i += utf8_char_length(text, i)) ++n;
    return n;
}

std::size_t utf16_length(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t len = utf8_char_length(text, i);
        n += len == 4 ? 2 : 1;
        i += len;
    }
    return n;
}

namespace {

// The UTF-16 code unit at position unit (0 or 1) of a code point.
char16_t code_unit(char32_t cp, int unit) {
    if (cp < 0x10000) return static_cast<char16_t>(cp);
    cp -= 0x10000;
    return static_cast<char16_t>(unit == 0 ? 0xD800 + (cp >> 10) : 0xDC00 + (cp & 0x3FF));
}

} // namespace

int compare_utf16(std::string_view a, std::string_view b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const Character char_a = character_at(a, i), char_b = character_at(b, j);
        const char32_t ca = char_a.code_point, cb = char_b.code_point;
        if (ca != cb) {
            for (int unit = 0; unit < 2; ++unit) {
                const char16_t ua = code_unit(ca, unit), ub = code_unit(cb, unit);
                if (ua != ub) return ua < ub ? -1 : 1;
                if (ca < 0x10000 || cb < 0x10000) return ca < 0x10000 ? -1 : 1; // one ended: shorter first
            }
        }
        i += char_a.size;
        j += char_b.size;
    }
    if (i < a.size()) return 1;
    if (j < b.size()) return -1;
    return 0;
}

} // namespace sms::liquid

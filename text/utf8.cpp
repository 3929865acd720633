#include "text/utf8.hpp"

#include <algorithm>

namespace sms::text {

namespace {

bool in(unsigned char b, unsigned char low, unsigned char high) { return b >= low && b <= high; }

} // namespace

Utf8Prefix utf8_prefix(std::string_view bytes) {
    const auto b0 = static_cast<unsigned char>(bytes[0]);
    if (b0 < 0x80) return {1, true, b0};
    // Table 3-7: the sequence's length and its second byte's range follow
    // from the first byte; every later byte is 80..BF.
    std::size_t size;
    unsigned char low = 0x80, high = 0xBF;
    char32_t code_point;
    if (in(b0, 0xC2, 0xDF)) {
        size = 2, code_point = b0 & 0x1F;
    } else if (in(b0, 0xE0, 0xEF)) {
        size = 3, code_point = b0 & 0x0F;
        if (b0 == 0xE0) low = 0xA0;  // no overlongs
        if (b0 == 0xED) high = 0x9F; // no surrogates
    } else if (in(b0, 0xF0, 0xF4)) {
        size = 4, code_point = b0 & 0x07;
        if (b0 == 0xF0) low = 0x90;  // no overlongs
        if (b0 == 0xF4) high = 0x8F; // nothing past U+10FFFF
    } else {
        return {1, false, 0};
    }
    for (std::size_t i = 1; i < size; ++i) {
        if (i == bytes.size()) return {i, false, 0};
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (!in(b, i == 1 ? low : 0x80, i == 1 ? high : 0xBF)) return {i, false, 0};
        code_point = (code_point << 6) | (b & 0x3F);
    }
    return {size, true, code_point};
}

char* copy_repairing_utf8(std::string_view bytes, char* out) {
    while (!bytes.empty()) {
        const Utf8Prefix prefix = utf8_prefix(bytes);
        out = prefix.well_formed ? std::copy_n(bytes.data(), prefix.size, out)
                                 : std::copy_n(kReplacementCharacter.data(), kReplacementCharacter.size(), out);
        bytes.remove_prefix(prefix.size);
    }
    return out;
}

std::string_view utf8_cut(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace sms::text

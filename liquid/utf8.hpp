// UTF-8 walking for the string filters, which count as JavaScript does: in
// code points (slice, truncate) or UTF-16 code units (size). Each maximal
// subpart of an ill-formed sequence counts as one U+FFFD, as text/utf8.hpp
// decodes (and as JavaScript's own decoders would).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sms::liquid {

// The length in bytes of the character that starts at text[at].
std::size_t utf8_char_length(std::string_view text, std::size_t at);

// The character starting at text[at]: its code point (U+FFFD for a maximal
// subpart of an ill-formed sequence) and its size in bytes, decoded once.
struct Character {
    char32_t code_point;
    std::size_t size;
    bool well_formed;
};
Character character_at(std::string_view text, std::size_t at);

// The byte offset after skipping count characters from byte offset from.
std::size_t utf8_advance(std::string_view text, std::size_t from, std::size_t count);

std::size_t utf8_code_points(std::string_view text);
std::size_t utf16_length(std::string_view text);

// JavaScript's string order (UTF-16 code units): <0, 0, >0.
int compare_utf16(std::string_view a, std::string_view b);

} // namespace sms::liquid

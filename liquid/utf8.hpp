// UTF-8 walking for the string filters, which count as JavaScript does: in
// code points (slice, truncate) or UTF-16 code units (size). Invalid bytes
// count as one character each.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sms::liquid {

// The length in bytes of the character that starts at text[at].
std::size_t utf8_char_length(std::string_view text, std::size_t at);

// The character starting at text[at], as a code point (invalid bytes: U+FFFD).
char32_t utf8_decode(std::string_view text, std::size_t at);

// The byte offset after skipping count characters from byte offset from.
std::size_t utf8_advance(std::string_view text, std::size_t from, std::size_t count);

void append_utf8(std::string& out, char32_t code_point);

std::size_t utf8_code_points(std::string_view text);
std::size_t utf16_length(std::string_view text);

// JavaScript's string order (UTF-16 code units): <0, 0, >0.
int compare_utf16(std::string_view a, std::string_view b);

} // namespace sms::liquid

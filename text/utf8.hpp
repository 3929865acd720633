// UTF-8 as the Unicode standard defines it (§3.9, Table 3-7: no overlongs,
// no surrogates, nothing past U+10FFFF), and the one repair the project
// makes to ill-formed text: each maximal subpart of an ill-formed sequence
// becomes one U+FFFD (§3.9, "U+FFFD Substitution of Maximal Subparts"), as
// the WHATWG Encoding standard, Node's Buffer and Python decode.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sms::text {

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD"; // U+FFFD

// What starts `bytes` (not empty): a well-formed sequence of `size` bytes
// encoding `code_point`, or (well_formed false) the maximal subpart of an
// ill-formed one, `size` bytes that one U+FFFD replaces.
struct Utf8Prefix {
    std::size_t size;
    bool well_formed;
    char32_t code_point;
};
Utf8Prefix utf8_prefix(std::string_view bytes);

// The longest prefix of `text` of at most `max_bytes` that does not end
// inside a multi-byte character: what a text kept in the cookie is cut to.
std::string_view utf8_cut(std::string_view text, std::size_t max_bytes);

// Appends the UTF-8 encoding of `code_point` (at most U+10FFFF).
void append_utf8(std::string& out, char32_t code_point);

// Writes `bytes` at `out` with each maximal subpart replaced by U+FFFD;
// returns the end. `out` needs room for 3 bytes per byte, apart from `bytes`.
char* copy_repairing_utf8(std::string_view bytes, char* out);

} // namespace sms::text

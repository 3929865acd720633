// Integers in decimal, appended straight to a buffer (std::to_string would
// build a string of its own first).
#pragma once

#include <charconv>
#include <cstdint>
#include <string>

namespace sms::text {

inline void append_decimal(std::string& out, std::int64_t n) {
    char digits[20]; // INT64_MIN has 19 digits and a sign
    out.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
}

} // namespace sms::text

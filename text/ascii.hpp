// ASCII text helpers for protocol text and keywords: header values, cookie
// attributes, TwiML text, what senders type. Bytes outside ASCII pass through.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sms::text {

// Without leading and trailing characters from `space`: a view into `text`.
std::string_view trim(std::string_view text, std::string_view space = " \t\r\n");

std::string to_lower(std::string_view text);
constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b);
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix);
bool contains_ignoring_case(std::string_view text, std::string_view part);

// The words of a list separated by white space (settings: keywords, secrets, tokens).
std::vector<std::string_view> split_spaces(std::string_view list);

// The value of a hexadecimal digit (either case), or -1.
int hex_digit_value(char c);

} // namespace sms::text

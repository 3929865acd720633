// ASCII text helpers for protocol text and keywords: header values, cookie
// attributes, TwiML text, what senders type. Bytes outside ASCII pass through.
#pragma once

#include <string>
#include <string_view>

namespace sms::text {

// Without leading and trailing characters from `space`.
std::string_view trim(std::string_view text, std::string_view space = " \t\r\n");

std::string to_lower(std::string_view text);

bool equals_ignoring_case(std::string_view a, std::string_view b);
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix);
bool contains_ignoring_case(std::string_view text, std::string_view part);

} // namespace sms::text

// ASCII text helpers for the protocol text the devtools read: header values,
// cookie attributes, TwiML text. Bytes outside ASCII pass through unchanged.
#pragma once

#include <string>
#include <string_view>

namespace sms::devtools {

// Without leading and trailing characters from `space`.
std::string_view trim(std::string_view text, std::string_view space = " \t\r\n");

std::string to_lower(std::string_view text);

bool equals_ignoring_case(std::string_view a, std::string_view b);
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix);

} // namespace sms::devtools

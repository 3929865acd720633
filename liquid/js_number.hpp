// Numbers written and read the way JavaScript does it (Number.prototype.toString
// and Number(string)), because liquidjs prints and parses numbers that way.
#pragma once

#include <string>
#include <string_view>

namespace sms::liquid {

// Appends String(n): shortest round-trip digits, exponent form below 1e-6 and
// from 1e21, "NaN", "Infinity", "-Infinity", and "0" for -0.
void append_js_number(std::string& out, double n);

// Number(text): surrounding whitespace ignored, "" is 0, decimal, exponent,
// 0x/0o/0b prefixes, "Infinity"; anything else is NaN.
double parse_js_number(std::string_view text);

} // namespace sms::liquid

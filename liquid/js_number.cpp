#include "liquid/js_number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "text/ascii.hpp"

namespace sms::liquid {

void append_js_number(std::string& out, double n) {
    if (std::isnan(n)) {
        out += "NaN";
        return;
    }
    if (std::isinf(n)) {
        out += n < 0 ? "-Infinity" : "Infinity";
        return;
    }
    if (n == 0) {
        out += '0';
        return;
    }
    if (n < 0) {
        out += '-';
        n = -n;
    }
    // Shortest digits and their exponent, then ECMAScript's Number::toString layout.
    char buffer[40];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, n, std::chars_format::scientific);
    (void)ec;
    std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    const auto e_at = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e_at))
        if (c != '.') digits += c;
    const int exponent = std::atoi(std::string(text.substr(e_at + 1)).c_str());
    const int k = static_cast<int>(digits.size());
    const int point = exponent + 1; // digits before the decimal point
    if (k <= point && point <= 21) {
        out += digits;
        out.append(static_cast<std::size_t>(point - k), '0');
    } else if (0 < point && point <= 21) {
        out.append(digits, 0, static_cast<std::size_t>(point));
        out += '.';
        out.append(digits, static_cast<std::size_t>(point));
    } else if (-6 < point && point <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-point), '0');
        out += digits;
    } else {
        out += digits[0];
        if (k > 1) {
            out += '.';
            out.append(digits, 1);
        }
        out += 'e';
        out += point - 1 < 0 ? '-' : '+';
        out += std::to_string(std::abs(point - 1));
    }
}

namespace {

bool is_js_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

double parse_prefixed(std::string_view digits, int base) {
    if (digits.empty()) return std::numeric_limits<double>::quiet_NaN();
    double value = 0;
    for (char c : digits) {
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
        if (d >= base) return std::numeric_limits<double>::quiet_NaN();
        value = value * base + d;
    }
    return value;
}

} // namespace

double parse_js_number(std::string_view text) {
    while (!text.empty() && is_js_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_js_space(text.back())) text.remove_suffix(1);
    if (text.empty()) return 0;
    if (text.size() > 2 && text[0] == '0') {
        const char p = text::to_lower(text[1]);
        if (p == 'x') return parse_prefixed(text.substr(2), 16);
        if (p == 'o') return parse_prefixed(text.substr(2), 8);
        if (p == 'b') return parse_prefixed(text.substr(2), 2);
    }
    std::string_view body = text;
    bool negative = false;
    if (body[0] == '+' || body[0] == '-') {
        negative = body[0] == '-';
        body.remove_prefix(1);
    }
    if (body == "Infinity") return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    // StrDecimalLiteral: digits [. digits] [e[+-]digits], with at least one digit in the mantissa.
    std::size_t i = 0, mantissa_digits = 0;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i, ++mantissa_digits;
    if (i < body.size() && body[i] == '.') {
        ++i;
        while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i, ++mantissa_digits;
    }
    if (mantissa_digits == 0) return std::numeric_limits<double>::quiet_NaN();
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < body.size() && (body[j] == '+' || body[j] == '-')) ++j;
        const std::size_t exponent_start = j;
        while (j < body.size() && body[j] >= '0' && body[j] <= '9') ++j;
        if (j == exponent_start) return std::numeric_limits<double>::quiet_NaN();
        i = j;
    }
    if (i != body.size()) return std::numeric_limits<double>::quiet_NaN();
    // strtod takes "5." and ".5" as JavaScript does (the checks above rejected the rest).
    std::string copy(body);
    double value = std::strtod(copy.c_str(), nullptr);
    return negative ? -value : value;
}

} // namespace sms::liquid

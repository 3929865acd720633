#include "text/ascii.hpp"

#include <algorithm>

namespace sms::text {

std::string_view trim(std::string_view text, std::string_view space) {
    const auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos) return text.substr(text.size()); // empty, still inside `text`
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = to_lower(c);
    return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a == b) return true; // what peers usually send: the byte-wise compare is much cheaper
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    }
    return true;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && equals_ignoring_case(text.substr(0, prefix.size()), prefix);
}

bool contains_ignoring_case(std::string_view text, std::string_view part) {
    for (std::size_t at = 0; at + part.size() <= text.size(); ++at) {
        if (equals_ignoring_case(text.substr(at, part.size()), part)) return true;
    }
    return false;
}

std::vector<std::string_view> split_spaces(std::string_view list) {
    std::vector<std::string_view> words;
    for (;;) {
        const auto start = list.find_first_not_of(" \t\r\n");
        if (start == std::string_view::npos) return words;
        list.remove_prefix(start);
        const auto end = std::min(list.find_first_of(" \t\r\n"), list.size());
        words.push_back(list.substr(0, end));
        list.remove_prefix(end);
    }
}

int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace sms::text

#include "text/iso8601.hpp"

#include <cstdint>

namespace sms::text {

namespace {

std::int64_t days_from_civil(std::int64_t y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// Reads exactly n digits at text[at].
bool digits(std::string_view text, std::size_t& at, std::size_t n, int& value) {
    if (at + n > text.size()) return false;
    value = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = text[at + i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    at += n;
    return true;
}

} // namespace

std::optional<double> parse_iso8601_milliseconds(std::string_view text) {
    std::size_t at = 0;
    int year, month, day, hour = 0, minute = 0, second = 0, ms = 0;
    if (!digits(text, at, 4, year) || at >= text.size() || text[at++] != '-' || !digits(text, at, 2, month) ||
        at >= text.size() || text[at++] != '-' || !digits(text, at, 2, day))
        return std::nullopt;
    int offset_minutes = 0;
    if (at < text.size()) {
        if (text[at] != 'T' && text[at] != ' ') return std::nullopt;
        ++at;
        if (!digits(text, at, 2, hour) || at >= text.size() || text[at++] != ':' || !digits(text, at, 2, minute))
            return std::nullopt;
        if (at < text.size() && text[at] == ':') {
            ++at;
            if (!digits(text, at, 2, second)) return std::nullopt;
            if (at < text.size() && text[at] == '.') {
                ++at;
                if (!digits(text, at, 3, ms)) return std::nullopt;
            }
        }
        if (at < text.size()) {
            if (text[at] == 'Z') {
                ++at;
            } else if (text[at] == '+' || text[at] == '-') {
                const int sign = text[at++] == '-' ? -1 : 1;
                int oh, om;
                if (!digits(text, at, 2, oh) || at >= text.size() || text[at++] != ':' || !digits(text, at, 2, om))
                    return std::nullopt;
                offset_minutes = sign * (oh * 60 + om);
            }
            if (at != text.size()) return std::nullopt;
        }
    }
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || hour > 24 || minute > 59 || second > 59 ||
        (hour == 24 && (minute || second || ms)))
        return std::nullopt;
    const double days = static_cast<double>(days_from_civil(year, month, day));
    return days * 86400000.0 + ((hour * 60.0 + minute - offset_minutes) * 60.0 + second) * 1000.0 + ms;
}

} // namespace sms::text

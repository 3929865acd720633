// date: a time ("now", "today", seconds since the epoch as a number or a
// string of digits, or an ISO 8601 date) formatted with strftime in UTC.
// What is not a time is returned as it is, as liquidjs does.
#include <cmath>
#include <optional>

#include "liquid/filter_sets.hpp"
#include "liquid/js_number.hpp"
#include "liquid/render_budget.hpp"
#include "liquid/strftime.hpp"

namespace sms::liquid {

namespace {

constexpr double kMaxDateMs = 8.64e15; // JavaScript's Date range

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

// YYYY-MM-DD, optionally THH:MM[:SS[.sss]] and Z or ±HH:MM; a date alone is
// UTC, and so is a time without a zone (the engine's zone is UTC).
std::optional<double> parse_iso(std::string_view text) {
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

std::optional<double> to_milliseconds(const Value& v, std::time_t now) {
    if (v.is_number()) return v.number() * 1000;
    if (!v.is_string()) return std::nullopt;
    const std::string& s = v.string();
    if (s == "now" || s == "today") return static_cast<double>(now) * 1000;
    if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos) return parse_js_number(s) * 1000;
    return parse_iso(s);
}

Value date(const Value& in, const FilterArguments& a, FilterContext& context) {
    const auto ms = to_milliseconds(in, context.now);
    if (!ms || !(std::fabs(*ms) <= kMaxDateMs)) return in;
    // liquidjs's default format when none is given.
    const std::string format = a[0].is_nil() ? "%A, %B %-e, %Y at %-l:%M %P %z" : to_text(a[0]);
    context.budget.work(format.size());
    return Value(format_date(static_cast<std::int64_t>(std::trunc(*ms)), format));
}

constexpr FilterSpec kFilters[] = {
    {"date", date, 0},
};

} // namespace

std::span<const FilterSpec> date_filters() { return kFilters; }

} // namespace sms::liquid

#include "flow/condition_time.hpp"

#include <cmath>

#include "text/ascii.hpp"
#include "text/iso8601.hpp"

namespace sms::flow {

namespace {

// A number of 1 to max_digits decimal digits at text[at], up to limit.
std::optional<std::int64_t> number(std::string_view text, std::size_t& at, std::size_t max_digits, std::int64_t limit) {
    std::int64_t value = 0;
    std::size_t count = 0;
    while (at < text.size() && count < max_digits && text[at] >= '0' && text[at] <= '9') {
        value = value * 10 + (text[at++] - '0');
        ++count;
    }
    if (count == 0 || value > limit) return std::nullopt;
    return value;
}

bool two_digits_follow(std::string_view text, std::size_t at) {
    return at + 2 <= text.size() && text[at] >= '0' && text[at] <= '9' && text[at + 1] >= '0' && text[at + 1] <= '9';
}

} // namespace

std::optional<std::int64_t> parse_time_of_day(std::string_view text) {
    std::size_t at = 0;
    const auto hour = number(text, at, 2, 23);
    if (!hour || at >= text.size() || text[at++] != ':' || !two_digits_follow(text, at)) return std::nullopt;
    const auto minute = number(text, at, 2, 59);
    if (!minute) return std::nullopt;
    std::int64_t second = 0;
    if (at < text.size()) {
        if (text[at++] != ':' || !two_digits_follow(text, at)) return std::nullopt;
        const auto s = number(text, at, 2, 59);
        if (!s || at != text.size()) return std::nullopt;
        second = *s;
    }
    return (*hour * 60 + *minute) * 60 + second;
}

std::optional<std::int64_t> parse_iso_moment(std::string_view text) {
    const auto ms = text::parse_iso8601_milliseconds(text);
    if (!ms) return std::nullopt;
    return static_cast<std::int64_t>(std::floor(*ms / 1000));
}

std::optional<std::int64_t> parse_moment(std::string_view text, std::int64_t now) {
    if (text::equals_ignoring_case(text, "now") || text::equals_ignoring_case(text, "today")) return now;
    return parse_iso_moment(text);
}

std::int64_t day_of(std::int64_t moment) {
    return moment / kSecondsPerDay - (moment % kSecondsPerDay < 0 ? 1 : 0);
}

std::int64_t time_of_day_of(std::int64_t moment) { return moment - day_of(moment) * kSecondsPerDay; }

} // namespace sms::flow

// The times of day and the moments that Studio's time and date conditions
// compare. Everything is UTC, as Liquid's date filter is here.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sms::flow {

inline constexpr std::int64_t kSecondsPerDay = 86400;

// Seconds since midnight of a 24-hour "H:MM", "HH:MM" or "HH:MM:SS".
std::optional<std::int64_t> parse_time_of_day(std::string_view text);

// Seconds since the Unix epoch of an ISO 8601 date or date-time
// (text/iso8601.hpp).
std::optional<std::int64_t> parse_iso_moment(std::string_view text);

// parse_iso_moment, or `now` for "now" and "today" (any case), the words
// Liquid's date filter reads as the current time.
std::optional<std::int64_t> parse_moment(std::string_view text, std::int64_t now);

// The UTC day (days since 1970-01-01) and time of day of a moment.
std::int64_t day_of(std::int64_t moment);
std::int64_t time_of_day_of(std::int64_t moment);

} // namespace sms::flow

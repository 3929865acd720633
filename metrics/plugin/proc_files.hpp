// Parsing of the /proc files the process collector reads: pure functions
// of their text, so that the unit tests check them on fixed text.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sms::metrics {

// Field `number` (1-based, as proc(5) counts) of /proc/PID/stat. The second
// field, the command name in parentheses, may hold spaces and ')', so
// counting starts after its last ')'.
inline std::optional<std::uint64_t> stat_field(std::string_view stat, int number) {
    const auto close = stat.rfind(')');
    if (close == std::string_view::npos || number < 3) return std::nullopt;
    std::string_view rest = stat.substr(close + 1);
    for (int field = 3;; ++field) {
        const auto start = rest.find_first_not_of(' ');
        if (start == std::string_view::npos) return std::nullopt;
        rest = rest.substr(start);
        const auto end = rest.find_first_of(" \n");
        const std::string_view text = rest.substr(0, end);
        if (field == number) {
            std::uint64_t value = 0;
            auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
            return value;
        }
        if (end == std::string_view::npos) return std::nullopt;
        rest = rest.substr(end);
    }
}

// The boot time, Unix seconds, from the "btime" line of /proc/stat.
inline std::optional<std::uint64_t> boot_time(std::string_view proc_stat) {
    constexpr std::string_view kKey = "\nbtime ";
    const auto at = proc_stat.find(kKey);
    if (at == std::string_view::npos) return std::nullopt;
    const std::string_view text = proc_stat.substr(at + kKey.size());
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr == text.data()) return std::nullopt;
    return value;
}

// The resident set in pages: the second number of /proc/PID/statm.
inline std::optional<std::uint64_t> resident_pages(std::string_view statm) {
    const auto space = statm.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    const std::string_view text = statm.substr(space + 1);
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr == text.data()) return std::nullopt;
    return value;
}

} // namespace sms::metrics

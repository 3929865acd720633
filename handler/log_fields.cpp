#include "handler/log_fields.hpp"

#include <ctime>

namespace sms {

namespace {

constexpr std::size_t kMaxLoggedField = 64;

// Only printable ASCII, no quotes or spaces: one request is one log line.
void append_loggable(std::string& out, std::string_view value) {
    for (char c : value.substr(0, kMaxLoggedField)) {
        out.push_back(c > ' ' && c < 0x7f && c != '"' ? c : '?');
    }
    if (value.size() > kMaxLoggedField) out.append("...");
}

} // namespace

std::string mask_phone_number(std::string_view number) {
    // From 12 characters ("+14155552671") on, at least 3 stay hidden; a
    // shorter number keeps only a quarter at each end.
    if (number.size() >= 12) {
        return std::string(number.substr(0, 5)) + "***" + std::string(number.substr(number.size() - 4));
    }
    const std::size_t keep = number.size() / 4;
    return std::string(number.substr(0, keep)) + "***" + std::string(number.substr(number.size() - keep));
}

std::string format_log_line(const Response& response, std::int64_t unix_seconds, std::int64_t microseconds) {
    char stamp[32];
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);

    std::string line;
    line.reserve(160);
    line.append(stamp);
    line.append(" status=").append(std::to_string(response.status));
    line.append(" us=").append(std::to_string(microseconds));
    if (!response.session_outcome.empty()) line.append(" session=").append(response.session_outcome);
    if (!response.message_sid.empty()) append_loggable(line.append(" sid="), response.message_sid);
    if (!response.from_masked.empty()) append_loggable(line.append(" from="), response.from_masked);
    if (!response.error.empty()) {
        line.append(" error=\"");
        for (char c : response.error) line.push_back(c >= ' ' && c < 0x7f && c != '"' ? c : '?');
        line.push_back('"');
    }
    line.push_back('\n');
    return line;
}

} // namespace sms

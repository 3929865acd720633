#include "handler/log_fields.hpp"

#include <algorithm>
#include <chrono>

#include "text/decimal.hpp"

namespace sms {

namespace {

constexpr std::size_t kMaxLoggedField = 64;

// Only printable ASCII, no quotes or spaces: one request is one log line.
void append_loggable(std::string& out, std::string_view value) {
    const std::string_view shown = value.substr(0, kMaxLoggedField);
    const std::size_t at = out.size();
    out.resize(at + shown.size());
    std::transform(shown.begin(), shown.end(), out.begin() + static_cast<std::ptrdiff_t>(at),
                   [](char c) { return c > ' ' && c < 0x7f && c != '"' ? c : '?'; });
    if (value.size() > kMaxLoggedField) out.append("...");
}

// "text", printable ASCII only, so that one request stays one log line.
void append_quoted(std::string& out, std::string_view text) {
    out.push_back('"');
    for (char c : text) out.push_back(c >= ' ' && c < 0x7f && c != '"' ? c : '?');
    out.push_back('"');
}

// "2026-11-25T16:00:00Z", for years 0 to 9999. Built with the calendar
// arithmetic of <chrono>: gmtime_r and strftime cost more than the rest of
// the line.
void append_utc_time(std::string& out, std::int64_t unix_seconds) {
    using namespace std::chrono;
    const sys_seconds time{seconds{unix_seconds}};
    const sys_days day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss clock{time - day};
    char text[] = "0000-00-00T00:00:00Z";
    const auto put = [&text](std::size_t at, std::size_t width, unsigned value) {
        for (std::size_t i = at + width; i-- > at; value /= 10) text[i] = static_cast<char>('0' + value % 10);
    };
    put(0, 4, static_cast<unsigned>(static_cast<int>(date.year())));
    put(5, 2, static_cast<unsigned>(date.month()));
    put(8, 2, static_cast<unsigned>(date.day()));
    put(11, 2, static_cast<unsigned>(clock.hours().count()));
    put(14, 2, static_cast<unsigned>(clock.minutes().count()));
    put(17, 2, static_cast<unsigned>(clock.seconds().count()));
    out.append(text, sizeof text - 1);
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

std::string describe_calls(const std::vector<CallRecord>& calls) {
    std::string out;
    for (const auto& call : calls) {
        if (!out.empty()) out += "; ";
        out.append(call.state).append(" ").append(call.method).append(" ").append(call.host).append(" ");
        out.append(call.status).append(" ").append(std::to_string(call.elapsed.count())).append("ms");
    }
    return out;
}

void append_log_line(std::string& out, const Answer& answer, std::int64_t unix_seconds, std::int64_t microseconds) {
    const AccessRecord& record = answer.record;
    append_utc_time(out, unix_seconds);
    text::append_decimal(out.append(" status="), answer.response.status);
    text::append_decimal(out.append(" us="), microseconds);
    if (!record.session_outcome.empty()) out.append(" session=").append(record.session_outcome);
    if (!record.message_sid.empty()) append_loggable(out.append(" sid="), record.message_sid);
    if (!record.from_masked.empty()) append_loggable(out.append(" from="), record.from_masked);
    if (!record.conversation_state.empty()) append_loggable(out.append(" state="), record.conversation_state);
    if (!record.error.empty()) append_quoted(out.append(" error="), record.error);
    if (!record.calls.empty()) append_quoted(out.append(" calls="), describe_calls(record.calls));
    if (!record.note.empty()) append_quoted(out.append(" note="), record.note);
    out.push_back('\n');
}

} // namespace sms

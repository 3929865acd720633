#include "server/log_lines.hpp"

#include <climits>
#include <unistd.h>

#include "handler/log_fields.hpp"

namespace sms {

void log_line(std::string_view line) {
    ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
}

void log_error(std::string_view message) {
    std::string line;
    line.reserve(message.size() + 11);
    line.append("sms_fcgi: ").append(message).append("\n");
    log_line(line);
}

void LogLines::add(const Answer& answer, std::int64_t now, std::int64_t microseconds) {
    const std::size_t before = pending_.size();
    append_log_line(pending_, answer, now, microseconds);
    if (pending_.size() > PIPE_BUF && before > 0) {
        log_line(std::string_view(pending_).substr(0, before));
        pending_.erase(0, before);
    }
}

void LogLines::flush() {
    if (pending_.empty()) return;
    log_line(pending_);
    pending_.clear();
}

} // namespace sms

// The access log and error lines on stderr: one write(2) per line or batch,
// so that lines from concurrent threads never interleave.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "handler/answer.hpp"

namespace sms {

void log_line(std::string_view line);                  // `line` ends in '\n'
void log_error(std::string_view message);              // "sms_fcgi: MESSAGE\n"

// Whether a request gets an access log line: errors always do, the rest
// unless request logging is off.
inline bool wants_log_line(bool log_requests, const Answer& answer) {
    return log_requests || answer.response.status >= 500 || !answer.record.error.empty();
}

// Request log lines, gathered by one accept loop and written before it waits
// for more work: under load one write(2) carries the lines of every request
// served since the last wait (a write to a log file costs about as much as
// the handler itself: bench/README-notes.md), and when idle each line is
// written as soon as its request is answered. No write exceeds PIPE_BUF, so
// lines from concurrent loops never interleave, on a pipe or in a file.
class LogLines {
public:
    // Formatted straight into the pending lines; what was pending before is
    // written first when the two together would exceed PIPE_BUF.
    void add(const Answer& answer, std::int64_t now, std::int64_t microseconds);
    void flush();

private:
    std::string pending_;
};

} // namespace sms

// What a request's log line says, and how it avoids saying too much.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "handler/answer.hpp"

namespace sms {

// "+14155552671" -> "+1415***2671": enough to tell senders apart in a log,
// not enough to call them.
std::string mask_phone_number(std::string_view number);

// "lookup GET api.example.com 200 83ms; save POST fn.example.com timeout 5000ms":
// the log's calls= field. The names and hosts are the flow's, never a sender's.
std::string describe_calls(const std::vector<CallRecord>& calls);

// Appends "2026-11-25T16:00:00Z status=200 us=180 session=restored sid=SM... from=+1415***2671\n"
// to `out`, plus error="..." for error statuses. Never the cookie, the body or a secret.
void append_log_line(std::string& out, const Answer& answer, std::int64_t unix_seconds, std::int64_t microseconds);

} // namespace sms

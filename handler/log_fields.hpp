// What a request's log line says, and how it avoids saying too much.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "request/request.hpp"

namespace sms {

// "+14155552671" -> "+1415***2671": enough to tell senders apart in a log,
// not enough to call them.
std::string mask_phone_number(std::string_view number);

// "2026-11-25T16:00:00Z status=200 us=180 session=restored sid=SM... from=+1415***2671"
// plus error="..." for error statuses. Never the cookie, the body or a secret.
std::string format_log_line(const Response& response, std::int64_t unix_seconds, std::int64_t microseconds);

} // namespace sms

// A make-http-request or run-function call's answer as flows see it
// (widgets.NAME.status_code, .content_type, .body, .parsed), how the log
// names its outcome, and how the cookie keeps a result read after a wait.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_client.hpp"
#include "liquid/value.hpp"

namespace sms::flow {

// Studio's events: success for a 2xx answer whose body fits `max_body_bytes`.
bool call_succeeded(const http::Response& response, std::size_t max_body_bytes);

// {status_code, content_type, body, parsed}: status_code 0 when no answer
// came; parsed only when the answer says it is JSON and is; a body over the
// limit is not kept.
liquid::Value call_result(const http::Response& response, std::size_t max_body_bytes);

// The status for the log: the HTTP status, or timeout, refused (no
// connection: refused, unreachable or not within the connect timeout),
// unresolved, tls, too-large or failed.
std::string call_status(const http::Response& response, std::size_t max_body_bytes);

// A result value as the cookie keeps it: a string cut to `max_bytes` at a
// UTF-8 boundary, anything else as JSON of at most `max_bytes`; nothing
// when that JSON is longer (an array or object: it is not kept).
std::optional<std::string> encode_stored_result(const liquid::Value& value, std::size_t max_bytes);
// The value back; undefined for text no encode_stored_result made.
liquid::Value decode_stored_result(std::string_view stored);

} // namespace sms::flow

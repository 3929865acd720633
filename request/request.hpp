// The request value the server loop hands the handler (which answers with
// handler/answer.hpp's Answer). A Request only points into memory the loop
// owns for the duration of one call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sms {

struct Request {
    std::string_view method;                        // REQUEST_METHOD
    std::string_view content_type;                  // CONTENT_TYPE
    std::optional<std::string_view> content_length; // CONTENT_LENGTH, as sent
    std::string_view query_string;                  // QUERY_STRING
    std::string_view cookie;                        // HTTP_COOKIE (the first, if several)
    std::vector<std::string_view> more_cookies;     // any later HTTP_COOKIE: nginx < 1.23 sends one per header
    std::string_view https;                         // HTTPS ("on" behind TLS)
    std::string_view scheme;                        // REQUEST_SCHEME
    std::string_view host;                          // HTTP_HOST
    std::string_view server_port;                   // SERVER_PORT
    std::string_view request_uri;                   // REQUEST_URI
    std::optional<std::string_view> twilio_signature; // HTTP_X_TWILIO_SIGNATURE
    std::string_view forwarded_proto;               // HTTP_X_FORWARDED_PROTO
    std::string_view forwarded_host;                // HTTP_X_FORWARDED_HOST
    std::string_view body;                          // at most the announced length
    std::int64_t now = 0;                           // arrival time, Unix seconds
};

// True when the request came over TLS (HTTPS=on, set by nginx and Apache).
bool is_https(const Request& request);

} // namespace sms

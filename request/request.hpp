// The values that cross the boundary between the server loop and the handler.
// A Request only points into memory the loop owns for the duration of one call;
// a Response owns everything it says.
#pragma once

#include <chrono>
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

// Fills the CGI fields of `request` from a NULL-terminated "NAME=value" array
// (a CGI process's environ, or a FastCGI request's envp).
void read_cgi_environment(const char* const* envp, Request& request);

// True when the request came over TLS (HTTPS=on, set by nginx and Apache).
bool is_https(const Request& request);

// Which check of X-Twilio-Signature refused a request, for the metrics.
enum class SignatureFailure : std::uint8_t { none, missing, invalid };

// One HTTP call a flow made while answering, as the log line and the
// metrics tell it: never its body, parameters or query.
struct CallRecord {
    std::string state; // the widget that called
    std::string_view method;
    std::string host; // as written in the flow: "host[:port]"
    std::string status; // the HTTP status, or timeout, refused, unresolved, tls, too-large, budget, failed
    std::chrono::milliseconds elapsed{0};
};

// What the handler decided, and what the log line and the metrics should say about it.
struct Response {
    int status = 200;
    std::string content_type;
    std::string allow;      // Allow header, when non-empty
    std::string set_cookie; // Set-Cookie header value, when non-empty
    std::string body;

    std::string_view session_outcome; // new, restored, rotated, duplicate, rejected:<reason>
    std::string error;                // why an error status was chosen
    SignatureFailure signature_failure = SignatureFailure::none;
    std::string message_sid;
    std::string from_masked;
    std::string conversation_state; // where the conversation waits now (a flow's state)
    std::string note;               // what the operator should know: a cut message, a render limit
    std::vector<CallRecord> calls;  // a flow's HTTP calls, in order
};

// A text/plain error answer: one short line that says what was wrong.
Response error_response(int status, std::string_view reason);

// Appends the CGI/FastCGI response bytes to `out`: Status and headers, a
// blank line, the body. (Appends, so that a server loop reuses one buffer.)
void render_cgi_response(const Response& response, std::string& out);

std::string_view status_reason(int status);

} // namespace sms

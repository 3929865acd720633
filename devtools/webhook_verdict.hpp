// What Twilio would make of one webhook exchange: the reply it would send,
// and the errors and warnings it would raise, with Twilio's error codes where
// Twilio documents one. Pure: the HTTP exchange comes in as a value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "devtools/cookie_jar.hpp"
#include "devtools/twiml_reader.hpp"
#include "http/http_client.hpp"

namespace sms::devtools {

using Transport = http::Transport;

// The largest body Twilio reads (error 11750 above it).
constexpr std::size_t kMaxTwimlBytes = 64 * 1024;
// RFC 6265 section 6.1: the least a cookie keeper must store, and what browsers keep.
constexpr std::size_t kMaxCookieBytes = 4096;

struct HttpExchange {
    bool https = false;         // the URL's scheme
    double timeout_seconds = 15;
    Transport transport = Transport::ok;
    std::string transport_error; // libcurl's words
    long status = 0;
    std::optional<std::string> content_type;
    std::vector<std::string> set_cookies; // Set-Cookie values of the final response
    std::string body;                     // at most kMaxTwimlBytes + 1 bytes
};

struct Finding {
    bool is_error = true; // else a warning
    int code = 0;         // Twilio's error code; 0 when Twilio documents none
    std::string text;
};

struct Verdict {
    std::vector<Finding> findings;
    std::optional<TwimlReply> reply;     // what the sender gets, when Twilio could read it
    std::optional<SetCookie> set_cookie; // what Twilio keeps for the pair

    bool failed() const;
};

Verdict judge_exchange(const HttpExchange& exchange);

// "error 12300 Invalid Content-Type: ...", "warning: ..."
std::string describe(const Finding& finding);

} // namespace sms::devtools

// One webhook POST over HTTP(S), as Twilio makes it: following redirects,
// within a total timeout, reading at most kMaxTwimlBytes + 1 bytes.
#pragma once

#include <string>
#include <vector>

#include "devtools/webhook_verdict.hpp"
#include "http/http_client.hpp"

namespace sms::devtools {

struct HttpPost {
    std::string url;
    std::string body; // application/x-www-form-urlencoded
    std::vector<std::string> headers; // "Name: value"
    double timeout_seconds = 15;
    bool verify_tls = true; // false: any certificate and host name (a local test only)
};

HttpExchange http_post(const http::Client& client, const HttpPost& post);

} // namespace sms::devtools

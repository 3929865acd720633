// One webhook POST over HTTP(S) with libcurl, as Twilio makes it: following
// redirects, within a total timeout, reading at most kMaxTwimlBytes + 1 bytes.
#pragma once

#include <string>
#include <vector>

#include "devtools/webhook_verdict.hpp"

namespace sms::devtools {

struct HttpPost {
    std::string url;
    std::string body; // application/x-www-form-urlencoded
    std::vector<std::string> headers; // "Name: value"
    double timeout_seconds = 15;
};

// Call curl_global_init once before the first post.
HttpExchange http_post(const HttpPost& post);

} // namespace sms::devtools

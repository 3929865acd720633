// One HTTP call a flow made while answering, as the log line and the metrics
// tell it: never its body, parameters or query.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace sms {

struct CallRecord {
    std::string state; // the widget that called
    std::string_view method;
    std::string host; // as written in the flow: "host[:port]"
    std::string status; // the HTTP status, or timeout, refused, unresolved, tls, too-large, budget, failed
    std::chrono::milliseconds elapsed{0};
};

} // namespace sms

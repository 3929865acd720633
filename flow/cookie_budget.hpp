// The most a flow's execution can ever put in the session cookie, computed
// at start-up from what the flow stores (flow.hpp) and the stored-text
// limit: a flow that could outgrow the cookie is refused before it serves,
// so no sender's input can turn an answer into "session too large".
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "flow/flow.hpp"
#include "flow/flow_limits.hpp"
#include "session/codec.hpp"

namespace sms::flow {

struct StoredItem {
    std::string key;             // the session key
    std::size_t max_value_bytes; // the most its value can take
};

struct CookieBudget {
    std::vector<StoredItem> items;
    std::size_t worst_case_bytes = 0; // the largest Set-Cookie header value (HTTPS, with "; Secure")
    std::size_t limit = 0;            // SessionOptions::max_set_cookie_bytes

    bool fits() const { return worst_case_bytes <= limit; }
    // "stores 3 texts of at most 256 bytes (v.count, ...); worst case 612 of 4095 bytes"
    std::string describe() const;
};

CookieBudget cookie_budget(const Flow& flow, const FlowLimits& limits, const SessionOptions& options);

} // namespace sms::flow

// A flow file made ready to serve: read, compiled (flow_loader.hpp), its
// worst-case cookie checked against the session's limit (cookie_budget.hpp),
// and what probably is a mistake listed. The server and `flow check` share it.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "flow/cookie_budget.hpp"
#include "flow/flow.hpp"
#include "flow/flow_limits.hpp"
#include "session/codec.hpp"

namespace sms::flow {

struct CheckedFlow {
    Flow flow;
    CookieBudget budget;
    // Unreachable states, waits longer than the cookie lives, loops that
    // never wait, conditions whose arguments differ from the input.
    std::vector<std::string> warnings;
};

std::variant<CheckedFlow, std::vector<std::string>> check_flow_text(std::string_view json_text,
                                                                    const FlowLimits& limits,
                                                                    const SessionOptions& session);
std::variant<CheckedFlow, std::vector<std::string>> check_flow_file(const std::string& path, const FlowLimits& limits,
                                                                    const SessionOptions& session);

} // namespace sms::flow

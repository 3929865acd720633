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
#include "flow/flow_loader.hpp"
#include "session/codec.hpp"

namespace sms::flow {

struct CheckedFlow {
    Flow flow;
    CookieBudget budget;
    // Unreachable states, waits longer than the cookie lives, loops that
    // never wait, conditions whose arguments differ from the input.
    std::vector<std::string> warnings;
};

// The split conditions that test for a word the handler takes as an opt-in
// or opt-out keyword before the flow sees it: a sender who answers "YES" to
// such a flow would start it over (opt-in), one who answers "CANCEL" would
// be opted out by Twilio itself. One warning per condition and keyword.
std::vector<std::string> keyword_clashes(const Flow& flow, const std::vector<std::string>& opt_in,
                                         const std::vector<std::string>& opt_out);

// `before_first_digest`: see load_flow.
std::variant<CheckedFlow, std::vector<std::string>> check_flow_text(std::string_view json_text,
                                                                    const FlowLimits& limits,
                                                                    const SessionOptions& session,
                                                                    BeforeFirstDigest before_first_digest = nullptr);
std::variant<CheckedFlow, std::vector<std::string>> check_flow_file(const std::string& path, const FlowLimits& limits,
                                                                    const SessionOptions& session,
                                                                    BeforeFirstDigest before_first_digest = nullptr);

} // namespace sms::flow

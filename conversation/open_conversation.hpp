// The conversation the settings name: a Studio flow file (SMS_FLOW), read,
// checked and compiled here, once, or a compiled conversation by name.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "config/config.hpp"
#include "conversation/conversation.hpp"
#include "flow/flow_file.hpp"

namespace sms {

struct OpenedConversation {
    std::unique_ptr<Conversation> conversation;
    std::vector<std::string> warnings; // a flow's (flow/flow_file.hpp)
    bool calls_out = false;            // a flow with make-http-request or run-function widgets
};

// A flow file checked as the server checks it: against the session's
// cookie limit, with clashes with the keyword lists among its warnings.
std::variant<flow::CheckedFlow, std::vector<std::string>> check_configured_flow(
    const Config& config, const std::string& path, flow::BeforeFirstDigest before_first_digest = nullptr);

// The conversation, or every reason the flow file cannot run, one per line.
// Starts OpenSSL as the conversation needs it (crypto/openssl_start.hpp):
// lean, unless a flow calls out, whose libcurl TLS needs OpenSSL's defaults.
// A flow that calls out gets libcurl (loaded here) and, with an auth token,
// the key that signs its run-function calls.
std::variant<OpenedConversation, std::string> open_conversation(const Config& config);

} // namespace sms

// The conversation the settings name: a Studio flow file (SMS_FLOW), read,
// checked and compiled here, once, or a compiled conversation by name.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "config/config.hpp"
#include "conversation/conversation.hpp"

namespace sms {

struct OpenedConversation {
    std::unique_ptr<Conversation> conversation;
    std::vector<std::string> warnings; // a flow's (flow/flow_file.hpp)
};

// The conversation, or every reason the flow file cannot run, one per line.
std::variant<OpenedConversation, std::string> open_conversation(const Config& config);

} // namespace sms

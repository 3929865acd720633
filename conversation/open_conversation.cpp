#include "conversation/open_conversation.hpp"

#include "flow/flow_conversation.hpp"
#include "flow/flow_file.hpp"

namespace sms {

std::variant<OpenedConversation, std::string> open_conversation(const Config& config) {
    if (config.flow_file.empty()) return OpenedConversation{make_conversation(config.conversation), {}};
    auto checked = flow::check_flow_file(config.flow_file, config.flow_limits, config.session);
    if (auto* errors = std::get_if<std::vector<std::string>>(&checked)) {
        std::string message;
        for (const auto& error : *errors) message += (message.empty() ? "" : "\n") + config.flow_file + ": " + error;
        return message;
    }
    auto& flow = std::get<flow::CheckedFlow>(checked);
    for (auto& warning : flow.warnings) warning = config.flow_file + ": warning: " + warning;
    return OpenedConversation{std::make_unique<flow::FlowConversation>(std::move(flow.flow), config.flow_limits),
                              std::move(flow.warnings)};
}

} // namespace sms

#include "conversation/open_conversation.hpp"

#include "flow/flow_conversation.hpp"
#include "http/libcurl_client.hpp"

namespace sms {

std::variant<flow::CheckedFlow, std::vector<std::string>> check_configured_flow(const Config& config,
                                                                               const std::string& path) {
    auto checked = flow::check_flow_file(path, config.flow_limits, config.session);
    auto* flow = std::get_if<flow::CheckedFlow>(&checked);
    if (flow != nullptr && config.opt_out.keywords) {
        for (auto& clash : flow::keyword_clashes(flow->flow, config.opt_out.start, config.opt_out.stop)) {
            flow->warnings.push_back(std::move(clash));
        }
    }
    return checked;
}

std::variant<OpenedConversation, std::string> open_conversation(const Config& config) {
    if (config.flow_file.empty()) return OpenedConversation{make_conversation(config.conversation), {}};
    auto checked = check_configured_flow(config, config.flow_file);
    if (auto* errors = std::get_if<std::vector<std::string>>(&checked)) {
        std::string message;
        for (const auto& error : *errors) message += (message.empty() ? "" : "\n") + config.flow_file + ": " + error;
        return message;
    }
    auto& flow = std::get<flow::CheckedFlow>(checked);
    for (auto& warning : flow.warnings) warning = config.flow_file + ": warning: " + warning;
    // libcurl is loaded only for a flow that calls out: other deployments,
    // and every plain CGI request of theirs, never pay for it.
    flow::CallChannel calls;
    const bool calls_out = flow.flow.calls_out();
    if (calls_out) {
        auto client = http::load_libcurl_client({config.flow_http_ca_file});
        if (auto* error = std::get_if<std::string>(&client)) {
            return config.flow_file + ": the flow makes HTTP calls, but " + *error;
        }
        calls.client = std::get<std::shared_ptr<const http::Client>>(std::move(client));
        if (!config.auth_token.empty()) calls.auth_token = std::make_shared<const KeyedHmac>("SHA1", config.auth_token);
    }
    return OpenedConversation{
        std::make_unique<flow::FlowConversation>(std::move(flow.flow), config.flow_limits, std::move(calls)),
        std::move(flow.warnings), calls_out};
}

} // namespace sms

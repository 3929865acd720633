#include "conversation/open_conversation.hpp"

#include "crypto/openssl_start.hpp"
#include "flow/flow_conversation.hpp"
#include "http/libcurl_client.hpp"

namespace sms {

std::variant<flow::CheckedFlow, std::vector<std::string>> check_configured_flow(
    const Config& config, const std::string& path, flow::BeforeFirstDigest before_first_digest) {
    auto checked = flow::check_flow_file(path, config.conversation.flow_limits, config.handler.session, before_first_digest);
    auto* flow = std::get_if<flow::CheckedFlow>(&checked);
    if (flow != nullptr && config.handler.opt_out.keywords) {
        for (auto& clash : flow::keyword_clashes(flow->flow, config.handler.opt_out.start, config.handler.opt_out.stop)) {
            flow->warnings.push_back(std::move(clash));
        }
    }
    return checked;
}

std::variant<OpenedConversation, std::string> open_conversation(const Config& config) {
    if (config.conversation.flow_file.empty()) {
        start_openssl(false);
        return OpenedConversation{make_conversation(config.conversation.name), {}};
    }
    // Started once the flow is compiled, before the file's digest, OpenSSL's
    // first use: whether the flow calls out is known by then.
    auto checked = check_configured_flow(config, config.conversation.flow_file,
                                         [](const flow::Flow& flow) { start_openssl(flow.calls_out()); });
    if (auto* errors = std::get_if<std::vector<std::string>>(&checked)) {
        std::string message;
        for (const auto& error : *errors) message += (message.empty() ? "" : "\n") + config.conversation.flow_file + ": " + error;
        return message;
    }
    auto& flow = std::get<flow::CheckedFlow>(checked);
    for (auto& warning : flow.warnings) warning = config.conversation.flow_file + ": warning: " + warning;
    // libcurl is loaded only for a flow that calls out: other deployments,
    // and every plain CGI request of theirs, never pay for it.
    flow::CallChannel calls;
    const bool calls_out = flow.flow.calls_out();
    if (calls_out) {
        auto client = http::load_libcurl_client({config.conversation.flow_http_ca_file});
        if (auto* error = std::get_if<std::string>(&client)) {
            return config.conversation.flow_file + ": the flow makes HTTP calls, but " + *error;
        }
        calls.client = std::get<std::shared_ptr<const http::Client>>(std::move(client));
        if (!config.handler.auth_token.empty()) calls.auth_token = std::make_shared<const KeyedHmac>("SHA1", config.handler.auth_token);
    }
    return OpenedConversation{
        std::make_unique<flow::FlowConversation>(std::move(flow.flow), config.conversation.flow_limits, std::move(calls)),
        std::move(flow.warnings), calls_out};
}

} // namespace sms

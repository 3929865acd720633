// A compiled Studio flow as a conversation: each message runs the flow's
// widgets from where the sender's execution waits (or from the trigger)
// until a send-and-wait-for-reply widget or the end, and the execution's
// state travels in the session cookie. See README "Flows".
#pragma once

#include <memory>

#include "conversation/conversation.hpp"
#include "crypto/keyed_hmac.hpp"
#include "flow/flow.hpp"
#include "flow/flow_limits.hpp"
#include "http/http_client.hpp"

namespace sms::flow {

// The session keys of an execution, besides its stored fields (flow.hpp).
inline constexpr std::string_view kWaitingStateKey = ".s"; // the wait widget's name
inline constexpr std::string_view kWaitStartedKey = ".w";  // when its message was sent, Unix seconds
inline constexpr std::string_view kRevisionKey = ".r";     // Flow::revision

// What a flow's HTTP calls go through, provided by the server: the only
// I/O a flow does, behind an interface that tests replace.
struct CallChannel {
    std::shared_ptr<const http::Client> client;     // null: every call fails (a flow without calls)
    std::shared_ptr<const KeyedHmac> auth_token;    // HMAC-SHA1; null: run-function calls go unsigned
};

class FlowConversation final : public Conversation {
public:
    FlowConversation(Flow flow, FlowLimits limits, CallChannel calls = {})
        : flow_(std::move(flow)), limits_(limits), calls_(std::move(calls)) {}

    ConversationOutcome respond(const InboundMessage& message, Session& session,
                                twiml::MessagingResponse& reply) const override;

    const Flow& flow() const { return flow_; }

private:
    Flow flow_;
    FlowLimits limits_;
    CallChannel calls_;
};

} // namespace sms::flow

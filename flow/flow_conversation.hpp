// A compiled Studio flow as a conversation: each message runs the flow's
// widgets from where the sender's execution waits (or from the trigger)
// until a send-and-wait-for-reply widget or the end, and the execution's
// state travels in the session cookie. See README "Flows".
#pragma once

#include "conversation/conversation.hpp"
#include "flow/flow.hpp"
#include "flow/flow_limits.hpp"

namespace sms::flow {

// The session keys of an execution, besides its stored fields (flow.hpp).
inline constexpr std::string_view kWaitingStateKey = ".s"; // the wait widget's name
inline constexpr std::string_view kWaitStartedKey = ".w";  // when its message was sent, Unix seconds
inline constexpr std::string_view kRevisionKey = ".r";     // Flow::revision

class FlowConversation final : public Conversation {
public:
    FlowConversation(Flow flow, FlowLimits limits) : flow_(std::move(flow)), limits_(limits) {}

    ConversationOutcome respond(const InboundMessage& message, Session& session,
                                twiml::MessagingResponse& reply) const override;

    const Flow& flow() const { return flow_; }

private:
    Flow flow_;
    FlowLimits limits_;
};

} // namespace sms::flow

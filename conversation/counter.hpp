// The Twilio guide's conversation: count the sender's messages.
#pragma once

#include "conversation/conversation.hpp"

namespace sms {

class CounterConversation final : public Conversation {
public:
    ConversationOutcome respond(const InboundMessage& message, Session& session,
                                twiml::MessagingResponse& reply) const override;
};

} // namespace sms

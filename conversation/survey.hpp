// A short survey, and the walkthrough for writing your own conversation: it
// asks a name, then a rating from 1 to 5 (asking again until the answer is
// valid), thanks the sender by name, and starts over on RESTART. It uses only
// the Conversation interface and the Session API, like any new conversation.
#pragma once

#include "conversation/conversation.hpp"

namespace sms {

class SurveyConversation final : public Conversation {
public:
    ConversationOutcome respond(const InboundMessage& message, Session& session,
                                twiml::MessagingResponse& reply) const override;
};

} // namespace sms

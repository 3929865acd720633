#include "conversation/counter.hpp"

#include <string>

namespace sms {

ConversationOutcome CounterConversation::respond(const InboundMessage&, Session& session,
                                                 twiml::MessagingResponse& reply) const {
    const bool first = session.get_int("counter").value_or(0) == 0;
    const std::int64_t count = session.add("counter", 1); // stays at the maximum, never wraps
    if (first) {
        reply.message("Hello, thanks for the new message.");
    } else {
        reply.message("Hello, thanks for message number " + std::to_string(count));
    }
    return {};
}

} // namespace sms

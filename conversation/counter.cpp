#include "conversation/counter.hpp"

#include <string>

namespace sms {

void CounterConversation::respond(const InboundMessage&, Session& session, twiml::MessagingResponse& reply) const {
    const std::int64_t previous = session.get_int("counter").value_or(0);
    if (previous == 0) {
        reply.message("Hello, thanks for the new message.");
    } else {
        reply.message("Hello, thanks for message number " + std::to_string(previous + 1));
    }
    session.set("counter", previous + 1);
}

} // namespace sms

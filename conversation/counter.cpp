#include "conversation/counter.hpp"

#include <charconv>
#include <string_view>

namespace sms {

ConversationOutcome CounterConversation::respond(const InboundMessage&, Session& session,
                                                 twiml::MessagingResponse& reply) const {
    const bool first = session.get_int("counter").value_or(0) == 0;
    const std::int64_t count = session.add("counter", 1); // stays at the maximum, never wraps
    if (first) {
        reply.message("Hello, thanks for the new message.");
    } else {
        // Written in place: the reply is the only text this answer builds.
        constexpr std::string_view kLead = "Hello, thanks for message number ";
        char text[kLead.size() + 20];
        const auto end = std::to_chars(kLead.copy(text, kLead.size()) + text, std::end(text), count).ptr;
        reply.message(std::string_view(text, static_cast<std::size_t>(end - text)));
    }
    return {};
}

} // namespace sms

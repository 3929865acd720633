// Testing a conversation without the handler: one sender texting it, the
// session carried over from message to message as the handler's cookie
// would carry it, and each reply compared byte for byte as TwiML.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "conversation/conversation.hpp"
#include "request/form.hpp"
#include "session/session.hpp"
#include "twiml/messaging_response.hpp"

namespace sms::test {

// The TwiML of a reply with one <Message> holding `text` (as escaped).
inline std::string reply_with(std::string_view text) {
    return R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>)" + std::string(text) +
           "</Message></Response>";
}

template <typename ConversationType>
struct Sender {
    ConversationType conversation;
    Session session;
    std::string from = "+15551230001";
    std::string to = "+15559870000";
    std::int64_t now = 1700000000;

    // The TwiML the conversation answers `body` with.
    std::string send(std::string_view body) {
        const Form form;
        const InboundMessage message{from, to, body, "SM0", form, now};
        twiml::MessagingResponse reply;
        conversation.respond(message, session, reply);
        return reply.to_string();
    }
};

} // namespace sms::test

// Testing a conversation without the handler: one sender texting it, the
// session carried over from message to message as the handler's cookie
// would carry it, and each reply compared byte for byte as TwiML.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

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
    Sender() = default;
    explicit Sender(ConversationType conversation_) : conversation(std::move(conversation_)) {}

    ConversationType conversation;
    Session session;
    std::string from = "+15551230001";
    std::string to = "+15559870000";
    std::int64_t now = 1700000000;
    ConversationOutcome outcome; // of the last message

    // The TwiML the conversation answers `body` with. The form holds what
    // Twilio always sends (Body, From, To, MessageSid) and `more` ("Name", "value" pairs).
    std::string send(std::string_view body, std::initializer_list<std::pair<std::string_view, std::string_view>> more = {}) {
        Form form;
        form.add("Body", body);
        form.add("From", from);
        form.add("To", to);
        form.add("MessageSid", "SM0");
        for (const auto& [name, value] : more) form.add(name, value);
        const InboundMessage message{from, to, body, "SM0", form, now};
        twiml::MessagingResponse reply;
        outcome = conversation.respond(message, session, reply);
        return reply.to_string();
    }
};

} // namespace sms::test

// The extension point: a conversation reads one inbound SMS and the session
// restored from its cookie, updates the session and writes the TwiML reply.
// It does no I/O; the handler restores and stores the session around it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "conversation/call_record.hpp"
#include "request/form.hpp"
#include "session/session.hpp"
#include "twiml/messaging_response.hpp"

namespace sms {

struct InboundMessage {
    std::string_view from;        // From: the sender's number
    std::string_view to;          // To: your Twilio number
    std::string_view body;        // Body: the text, possibly empty or not UTF-8
    std::string_view message_sid; // MessageSid
    const Form& form;             // every parameter Twilio sent (NumMedia, MediaUrl0, ...)
    std::int64_t now;             // arrival time, Unix seconds
};

// What an answer tells the log, beyond the reply itself.
struct ConversationOutcome {
    std::string state;                // where the conversation now waits (a flow's state), for the log
    std::string_view session_outcome; // non-empty: replaces the restore outcome (a flow's "flow-changed")
    std::string note;                 // something the operator should know: a cut message, a render limit
    std::vector<CallRecord> calls;    // a flow's HTTP calls, for the log and the metrics
    std::string failure;              // non-empty: no reply could be made; the answer is a 500 with this reason
};

class Conversation {
public:
    virtual ~Conversation() = default;
    virtual ConversationOutcome respond(const InboundMessage& message, Session& session,
                                        twiml::MessagingResponse& reply) const = 0;
};

// The conversations this build ships, by the name --conversation takes;
// nullptr for an unknown name.
std::unique_ptr<Conversation> make_conversation(std::string_view name);
std::vector<std::string_view> conversation_names();

} // namespace sms

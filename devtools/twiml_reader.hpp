// Reads a messaging TwiML reply the way the sender's phone would see it: the
// text and media of each <Message>, and where a <Redirect> would lead.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sms::devtools {

struct TwimlMessage {
    std::string body; // the <Message> text, or its <Body> text; surrounding white space trimmed
    std::vector<std::string> media; // <Media> URLs
};

struct TwimlReply {
    std::vector<TwimlMessage> messages;
    std::vector<std::string> redirects; // <Redirect> URLs
};

struct TwimlReading {
    int error_code = 0; // Twilio's: 12100 not well-formed XML, 12102 root is not <Response>
    std::string error;  // set with each error code, and alone (code 0) when libxml2 cannot be loaded
    TwimlReply reply;
};

TwimlReading read_twiml(std::string_view document);

// One block per message, each ending in a newline; media as "[media] URL"
// lines, redirects as "[redirect] URL" lines, and "(no reply)" when empty.
std::string reply_text(const TwimlReply& reply);

} // namespace sms::devtools

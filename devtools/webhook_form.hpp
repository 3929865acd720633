// The form Twilio posts to an SMS webhook for one incoming message, built the
// same way for chat (in-process) and simulate (over HTTP).
#pragma once

#include <string>
#include <string_view>

#include "request/form.hpp"

namespace sms::devtools {

struct InboundSms {
    std::string_view from;
    std::string_view to;
    std::string_view body;
    std::string_view message_sid; // "SM" + 32 hex
    std::string_view account_sid; // "AC" + 32 hex
};

// Every parameter Twilio sends for an SMS without media, in the order it
// sends them. Geographic fields are empty, as Twilio sends them when it
// cannot locate a number, except the country of +1 numbers.
Form inbound_sms_form(const InboundSms& sms);

// A Twilio SID: `prefix` and 32 random lowercase hex digits.
std::string random_sid(std::string_view prefix);

// How many SMS segments `body` takes: 160 characters in one, 153 per part
// when longer; 70 and 67 when any character is outside ASCII (UCS-2). An
// approximation: GSM-7's escaped characters count double on a phone.
int count_segments(std::string_view body);

} // namespace sms::devtools

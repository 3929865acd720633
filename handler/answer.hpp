// What the handler gives back for one request: the HTTP response that goes
// to Twilio, and, apart from it, the record of what happened that only the
// access log and the metrics see.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "conversation/call_record.hpp"

namespace sms {

// What goes back over HTTP, and nothing else.
struct Response {
    int status = 200;
    std::string content_type;
    std::string allow;      // Allow header, when non-empty
    std::string set_cookie; // Set-Cookie header value, when non-empty
    std::string body;
};

// Which check of X-Twilio-Signature refused a request, for the metrics.
enum class SignatureFailure : std::uint8_t { none, missing, invalid };

// What the access log line and the metrics say about a request; never sent.
struct AccessRecord {
    std::string_view session_outcome; // new, restored, rotated, duplicate, rejected:<reason>
    std::string error;                // why an error status was chosen
    SignatureFailure signature_failure = SignatureFailure::none;
    std::string message_sid;
    std::string from_masked;
    std::string conversation_state; // where the conversation waits now (a flow's state)
    std::string note;               // what the operator should know: a cut message, a render limit
    std::vector<CallRecord> calls;  // a flow's HTTP calls, in order
};

struct Answer {
    Response response;
    AccessRecord record;
};

// A text/plain error response: one short line that says what was wrong,
// which the record keeps as the error.
Answer error_answer(int status, std::string_view reason);

} // namespace sms

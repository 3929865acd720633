// What running a flow may cost at most, per answer: all configurable
// (SMS_FLOW_MAX_*), all checked.
#pragma once

#include <chrono>
#include <cstddef>

#include "liquid/render_limits.hpp"

namespace sms::flow {

struct FlowLimits {
    // Widgets run for one message: a loop with no wait widget stops here.
    std::size_t max_widgets_per_answer = 100;
    // Bytes of each text the cookie keeps (a variable, an inbound field),
    // cut at a UTF-8 boundary: what bounds the cookie whatever senders type.
    std::size_t max_stored_text_bytes = 256;
    // Twilio's limit for one message's body, in characters.
    std::size_t max_message_characters = 1600;
    // Each HTTP call (make-http-request, run-function): Studio's is 10 s.
    std::chrono::milliseconds call_timeout{5000};
    // All the calls of one answer: Twilio waits 15 s for the webhook's.
    std::chrono::milliseconds calls_budget{10000};
    // A call's answer body, Studio's limit: a longer one fails the call.
    std::size_t max_call_body_bytes = 64 * 1024;
    // Each template render.
    liquid::RenderLimits render;
};

} // namespace sms::flow

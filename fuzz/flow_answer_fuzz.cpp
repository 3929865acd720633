// The whole handler answering with the shipped flows (counter, survey,
// appointment; signed and encrypted cookies), on a sequence of requests.
// The input is fields split as fuzz_input.hpp does, four a request:
//   control: byte 0 picks the handler (flow and cookie mode), byte 1 how much
//     time passed since the previous request (so that waits time out and
//     cookies expire), byte 2 flags: 1 send the cookie field as the Cookie
//     header instead of the cookie the previous answer set; 2 send the extra
//     field as the whole form; 4 repeat the previous MessageSid; 8 HTTPS;
//   cookie, body (the Body parameter, any bytes), extra (more form text).
// Carrying each answer's cookie into the next request walks the flows deep.
// Every answer is a status the handler documents, a 200 with a cookie
// unless it is a duplicate or HELP; the shipped flows neither
// loop nor outgrow their cookie, so never a 500; a cookie the handler set
// comes back restored while it is fresh; every Set-Cookie stays within the
// worst case the flow's cookie budget computed at start-up.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>

#include "flow/flow_conversation.hpp"
#include "flow/flow_file.hpp"
#include "fuzz/answer_rules.hpp"
#include "fuzz/form_post.hpp"
#include "fuzz/fuzz_input.hpp"
#include "handler/handler.hpp"

namespace {

// Embedded at build time (Makefile: $(BUILD)/embedded), so the target runs
// wherever its binary is.
constexpr std::array<std::string_view, 3> kFlows{
#include "flows/counter.json.inc"
    ,
#include "flows/survey.json.inc"
    ,
#include "flows/appointment.json.inc"
};

constexpr std::size_t kMaxRequests = 16;

struct FlowHandler {
    sms::Handler handler;
    std::size_t worst_case_cookie_bytes;
    bool encrypt;
};

FlowHandler make_flow_handler(std::string_view flow_json, bool encrypt) {
    std::vector<const char*> env{"SMS_SESSION_SECRET=fuzzing-secret-0123456789abcdef0123456789"};
    if (encrypt) env.push_back("SMS_SESSION_ENCRYPT=1");
    env.push_back(nullptr);
    sms::Config config = std::get<sms::Config>(sms::load_config(env.data(), {}));
    auto checked = std::get<sms::flow::CheckedFlow>(sms::flow::check_flow_text(flow_json, config.conversation.flow_limits, config.handler.session));
    const std::size_t worst_case = checked.budget.worst_case_bytes;
    auto conversation = std::make_unique<sms::flow::FlowConversation>(std::move(checked.flow), config.conversation.flow_limits);
    return {std::get<sms::Handler>(sms::Handler::from_config(std::move(config), std::move(conversation))), worst_case,
            encrypt};
}

const std::vector<FlowHandler>& flow_handlers() {
    static const std::vector<FlowHandler> handlers = [] {
        std::vector<FlowHandler> made;
        for (bool encrypt : {false, true}) {
            for (auto flow : kFlows) made.push_back(make_flow_handler(flow, encrypt));
        }
        return made;
    }();
    return handlers;
}

std::size_t largest_worst_case() {
    static const std::size_t largest = std::max_element(flow_handlers().begin(), flow_handlers().end(),
                                                        [](const auto& a, const auto& b) {
                                                            return a.worst_case_cookie_bytes < b.worst_case_cookie_bytes;
                                                        })->worst_case_cookie_bytes;
    return largest;
}

std::string message_sid(unsigned number) {
    std::string sid = "SM0123456789abcdef0123456789abcdef";
    for (std::size_t i = sid.size() - 1; number != 0; --i, number >>= 4) sid[i] = "0123456789abcdef"[number & 15];
    return sid;
}

// Time passed before a request: minutes up to two hours, then steps of
// five minutes up to ten and a half hours (past the 1-hour and 4-hour
// waits and the 4-hour cookie life).
std::int64_t delay_seconds(unsigned char code) { return code < 128 ? code * 60 : (code - 128) * 300; }

std::string_view cookie_value(std::string_view set_cookie) {
    const auto value = set_cookie.substr(set_cookie.find('=') + 1);
    return value.substr(0, value.find(';'));
}

void check_answer(const sms::Answer& answer, const FlowHandler& answering) {
    switch (answer.response.status) {
    case 200:
        if (answer.response.content_type != "text/xml" || !answer.response.body.starts_with("<?xml")) std::abort();
        // (HELP's cookie may be one another flow set.)
        if (!sms::fuzz::cookie_follows_outcome(answer)) std::abort();
        if (answer.response.set_cookie.size() >
            (answer.record.session_outcome == "help" ? largest_worst_case() : answering.worst_case_cookie_bytes)) {
            std::abort();
        }
        break;
    case 400: case 413: case 431:
        if (!sms::fuzz::error_is_explained(answer)) std::abort();
        break;
    default:
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    sms::fuzz::FuzzInput in(data, size);
    std::string carried_cookie;     // the cookie value the previous answer set
    bool carried_encrypted = false; // and the mode of the handler that set it
    bool carried_for_us = false;    // and whether our sender's form earned it
    std::int64_t carried_at = 0;    // and when
    std::int64_t now = 1'800'000'000;
    unsigned sid_number = 0;
    for (std::size_t n = 0; n < kMaxRequests && !in.rest().empty(); ++n) {
        const std::string_view control = in.next(), cookie = in.next(), body = in.next(), extra = in.next();
        const auto control_byte = [&](std::size_t i) { return i < control.size() ? static_cast<unsigned char>(control[i]) : 0; };
        const FlowHandler& answering = flow_handlers()[control_byte(0) % flow_handlers().size()];
        const unsigned flags = control_byte(2);
        const bool fuzzer_cookie = flags & 1, fuzzer_form = flags & 2;
        now += delay_seconds(control_byte(1));
        if (!(flags & 4)) ++sid_number;

        const std::string cookie_header = fuzzer_cookie ? std::string(cookie) : "sms_session=" + carried_cookie;
        const std::string form = fuzzer_form ? std::string(extra)
                                             : "From=%2B14155550100&To=%2B14155550199&MessageSid=" +
                                                   message_sid(sid_number) + "&Body=" + sms::fuzz::percent_encoded(body) +
                                                   (extra.empty() ? "" : "&") + std::string(extra);
        const sms::fuzz::FormPost post(form, cookie_header, now, flags & 8);
        const sms::Answer answer = answering.handler.handle(post.request());
        check_answer(answer, answering);

        // A fresh cookie of this handler's mode, for this sender, is believed.
        const bool carried_back = !fuzzer_cookie && !fuzzer_form && !carried_cookie.empty() && carried_for_us &&
                                  carried_encrypted == answering.encrypt && now - carried_at <= 4 * 3600;
        if (carried_back && answer.record.session_outcome.starts_with("rejected:")) std::abort();
        if (!answer.response.set_cookie.empty()) {
            carried_cookie = std::string(cookie_value(answer.response.set_cookie));
            carried_encrypted = answering.encrypt;
            carried_for_us = !fuzzer_form;
            carried_at = now;
        }
    }
    return 0;
}

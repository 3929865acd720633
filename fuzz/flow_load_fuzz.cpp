// Flow loading on arbitrary bytes: check_flow_text must give a checked flow
// or a non-empty list of one-line errors, whatever the file holds. A flow
// that loads then answers three messages whose every field the flow stores
// is longer than the stored-text limit: each Set-Cookie, signed and
// encrypted, must stay within the worst case its cookie budget promised.
#include <cstdlib>
#include <string>

#include "flow/cookie_budget.hpp"
#include "flow/flow_conversation.hpp"
#include "flow/flow_file.hpp"

namespace {

constexpr std::string_view kSecret = "fuzzing-secret-0123456789abcdef0123456789";
constexpr sms::ConversationPair kPair{"+14155550100", "+14155550199"};

// Small render limits, as liquid_fuzz uses: a flow's loops cost little.
sms::flow::FlowLimits fuzz_limits() {
    sms::flow::FlowLimits limits;
    limits.render.max_iterations = 2000;
    limits.render.max_output_bytes = 16384;
    limits.render.max_work = 1u << 20;
    return limits;
}

const sms::SessionCodec& codec(bool encrypt) {
    static const auto ring = std::get<sms::KeyRing>(sms::KeyRing::from_secrets(kSecret, ""));
    static const sms::SessionCodec signing(ring, sms::SessionOptions{});
    static const sms::SessionCodec sealing(ring, sms::SessionOptions{.encrypt = true});
    return encrypt ? sealing : signing;
}

bool one_line(const std::string& text) { return !text.empty() && text.find('\n') == std::string::npos; }

// A message carrying every field the flow stores, each longer than any
// stored text may be, so that the session grows as far as the flow lets it.
sms::Form longest_message(const sms::flow::Flow& flow, const std::string& sid, const std::string& filler) {
    sms::Form form{{"From", kPair.from}, {"To", kPair.to}, {"MessageSid", sid}, {"Body", filler}};
    const auto add = [&](const std::vector<sms::flow::StoredField>& fields) {
        for (const auto& field : fields) form.add(field.path.back(), filler);
    };
    add(flow.trigger_fields);
    for (const auto& fields : flow.inbound_fields) add(fields);
    return form;
}

void answer_within_budget(const sms::flow::CheckedFlow& checked, const sms::flow::FlowLimits& limits) {
    const sms::flow::FlowConversation conversation(checked.flow, limits);
    const auto sealed_budget = sms::flow::cookie_budget(checked.flow, limits, codec(true).options());
    const std::string filler(limits.max_stored_text_bytes + 7, 'x');
    sms::Session session;
    for (int i = 0; i < 3; ++i) {
        const std::string sid = "SM0123456789abcdef0123456789abcde" + std::to_string(i);
        const sms::Form form = longest_message(checked.flow, sid, filler);
        const sms::InboundMessage message{kPair.from, kPair.to, filler, sid, form, 1'800'000'000 + i * 60};
        sms::twiml::MessagingResponse reply;
        const auto outcome = conversation.respond(message, session, reply);
        if (!outcome.failure.empty()) {
            if (!one_line(outcome.failure)) std::abort();
            return;
        }
        session.started = 1'800'000'000;
        session.last_seen = message.now;
        session.last_message = sms::message_id(sid);
        const auto signed_cookie = codec(false).set_cookie(session, kPair, true);
        const auto sealed_cookie = codec(true).set_cookie(session, kPair, true);
        if (!signed_cookie || signed_cookie->size() > checked.budget.worst_case_bytes) std::abort();
        if (!sealed_cookie || sealed_cookie->size() > sealed_budget.worst_case_bytes) std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const sms::flow::FlowLimits limits = fuzz_limits();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto checked = sms::flow::check_flow_text(text, limits, codec(false).options());
    if (auto* errors = std::get_if<std::vector<std::string>>(&checked)) {
        if (errors->empty()) std::abort();
        for (const auto& error : *errors) {
            if (!one_line(error)) std::abort();
        }
        return 0;
    }
    const auto& flow = std::get<sms::flow::CheckedFlow>(checked);
    if (!flow.budget.fits()) std::abort();
    for (const auto& warning : flow.warnings) {
        if (!one_line(warning)) std::abort();
    }
    answer_within_budget(flow, limits);
    return 0;
}

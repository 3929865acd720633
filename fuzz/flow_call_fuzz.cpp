// The whole handler answering with a flow that calls out (a lookup whose
// parsed JSON is read before and after a wait, then a signed run-function),
// the endpoint answering arbitrary bytes, status, content type and
// transport outcome. The input is fields split as fuzz_input.hpp does, four
// a message:
//   control: byte 0 the transport outcome (0-7, most often ok), bytes 1-2
//     the HTTP status, byte 3 the milliseconds the call took (x 64);
//   content type, response body (both as the endpoint sent them), and the
//     message's Body (any bytes).
// Each answer's cookie is carried into the next message. Every answer is a
// 200 of TwiML whose Set-Cookie stays within the flow's worst case; the log
// records each call by state, method, host, status and time, and never
// holds a byte of what the endpoint or the sender sent.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>

#include "flow/flow_conversation.hpp"
#include "flow/flow_file.hpp"
#include "fuzz/form_post.hpp"
#include "fuzz/fuzz_input.hpp"
#include "handler/handler.hpp"

namespace {

constexpr std::string_view kFlow = R"({"description": "flow_call_fuzz", "initial_state": "Trigger", "states": [
  {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "lookup"}], "properties": {}},
  {"name": "lookup", "type": "make-http-request",
   "properties": {"method": "GET", "content_type": "application/x-www-form-urlencoded;charset=utf-8",
                  "url": "https://api.example.com/c/{{trigger.message.Body}}?v=1",
                  "parameters": [{"key": "q", "value": "{{trigger.message.Body}}"}]},
   "transitions": [{"event": "success", "next": "ask"}, {"event": "failed", "next": "sorry"}]},
  {"name": "ask", "type": "send-and-wait-for-reply",
   "properties": {"body": "Hi {{widgets.lookup.parsed.name}} {{widgets.lookup.parsed.items.size}} {{widgets.lookup.body}}",
                  "timeout": "3600"},
   "transitions": [{"event": "incomingMessage", "next": "save"}, {"event": "timeout"}]},
  {"name": "save", "type": "run-function",
   "properties": {"url": "https://fn-1234.twil.io/save",
                  "parameters": [{"key": "answer", "value": "{{widgets.ask.inbound.Body}}"},
                                 {"key": "tier", "value": "{{widgets.lookup.parsed.plan.tier}}"}]},
   "transitions": [{"event": "success", "next": "done"}, {"event": "fail", "next": "done"}]},
  {"name": "done", "type": "send-message",
   "properties": {"body": "{{widgets.lookup.parsed.name}} {{widgets.lookup.parsed.items[0].id}} {{widgets.lookup.parsed.plan}} {% for i in widgets.lookup.parsed.items %}{{i.id}},{% endfor %} {{widgets.save.status_code}} {{widgets.save.parsed.ok}}"},
   "transitions": [{"event": "sent"}]},
  {"name": "sorry", "type": "send-message",
   "properties": {"body": "sorry {{widgets.lookup.status_code}} {{widgets.lookup.content_type}} {{widgets.lookup.parsed}}"},
   "transitions": [{"event": "sent"}]}]})";

constexpr std::size_t kMaxMessages = 8;

// What the endpoint answers next: set from the input before each message.
struct Scripted {
    sms::http::Response response;
};

class ScriptedClient final : public sms::http::Client {
public:
    explicit ScriptedClient(const Scripted& script) : script_(script) {}
    sms::http::Response send(const sms::http::Request& request) const override {
        // What the server's client guarantees: no more than one byte past the limit.
        sms::http::Response response = script_.response;
        if (response.body.size() > request.max_body_bytes + 1) response.body.resize(request.max_body_bytes + 1);
        if (response.elapsed > request.timeout) {
            response.elapsed = request.timeout;
            response.transport = sms::http::Transport::timed_out;
            response.status = 0;
        }
        return response;
    }

private:
    const Scripted& script_;
};

Scripted& script() {
    static Scripted scripted;
    return scripted;
}

struct CallingHandler {
    sms::Handler handler;
    std::size_t worst_case_cookie_bytes;
};

const CallingHandler& calling_handler() {
    static const CallingHandler made = [] {
        const char* env[] = {"SMS_SESSION_SECRET=fuzzing-secret-0123456789abcdef0123456789", nullptr};
        sms::Config config = std::get<sms::Config>(sms::load_config(env, {}));
        auto checked = std::get<sms::flow::CheckedFlow>(sms::flow::check_flow_text(kFlow, config.conversation.flow_limits, config.handler.session));
        const std::size_t worst_case = checked.budget.worst_case_bytes;
        sms::flow::CallChannel calls{std::make_shared<const ScriptedClient>(script()),
                                     std::make_shared<const sms::KeyedHmac>("SHA1", "fuzzing-auth-token-0123456789abc")};
        auto conversation =
            std::make_unique<sms::flow::FlowConversation>(std::move(checked.flow), config.conversation.flow_limits, std::move(calls));
        return CallingHandler{std::get<sms::Handler>(sms::Handler::from_config(std::move(config), std::move(conversation))),
                              worst_case};
    }();
    return made;
}

// Each call as the flow names it, with a status word or number, never more
// than the budget's time.
bool well_formed_calls(const std::vector<sms::CallRecord>& calls) {
    for (const auto& call : calls) {
        const bool lookup = call.state == "lookup" && call.method == "GET" && call.host == "api.example.com";
        const bool save = call.state == "save" && call.method == "POST" && call.host == "fn-1234.twil.io";
        if (!lookup && !save) return false;
        static constexpr std::string_view kWords[] = {"timeout", "refused", "unresolved", "tls", "too-large", "budget", "failed"};
        const bool number = !call.status.empty() && call.status.find_first_not_of("0123456789") == std::string::npos;
        if (!number && std::find(std::begin(kWords), std::end(kWords), call.status) == std::end(kWords)) return false;
        if (call.elapsed > std::chrono::milliseconds(10000)) return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const CallingHandler& answering = calling_handler();
    sms::fuzz::FuzzInput in(data, size);
    std::string cookie;
    for (std::size_t n = 0; n < kMaxMessages && !in.rest().empty(); ++n) {
        const std::string_view control = in.next(), content_type = in.next(), body = in.next(), text = in.next();
        const auto control_byte = [&](std::size_t i) { return i < control.size() ? static_cast<unsigned char>(control[i]) : 0; };
        sms::http::Response& response = script().response;
        response = {};
        const unsigned transport = control_byte(0) % 16;
        response.transport = transport < 8 ? sms::http::Transport::ok : static_cast<sms::http::Transport>(transport - 8);
        response.status = response.transport == sms::http::Transport::ok ? control_byte(1) * 4 + control_byte(2) % 4 : 0;
        response.elapsed = std::chrono::milliseconds(control_byte(3) * 64);
        if (!content_type.empty()) response.content_type = std::string(content_type);
        response.body = std::string(body);
        if (response.body.size() == 1000) response.body.resize(64 * 1024 + 1, 'x'); // now and then, too large

        const std::string form = "From=%2B14155550100&To=%2B14155550199&MessageSid=SM0123456789abcdef0123456789abcd" +
                                 std::string(1, "0123456789abcdef"[n]) + "f&Body=" + sms::fuzz::percent_encoded(text);
        const sms::fuzz::FormPost post(form, "sms_session=" + cookie, 1'800'000'000 + static_cast<std::int64_t>(n) * 60);

        const sms::Answer answer = answering.handler.handle(post.request());
        if (answer.response.status != 200 || !answer.response.body.starts_with("<?xml")) std::abort();
        if (answer.response.set_cookie.size() > answering.worst_case_cookie_bytes) std::abort();
        if (!well_formed_calls(answer.record.calls)) std::abort();
        if (!answer.response.set_cookie.empty()) {
            const auto value = answer.response.set_cookie.substr(answer.response.set_cookie.find('=') + 1);
            cookie = value.substr(0, value.find(';'));
        }
    }
    return 0;
}

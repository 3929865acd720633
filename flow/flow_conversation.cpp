#include "flow/flow_conversation.hpp"

#include <algorithm>
#include <map>

#include "flow/call_result.hpp"
#include "liquid/utf8.hpp"
#include "request/form.hpp"
#include "signature/twilio_signature.hpp"
#include "text/utf8.hpp"

namespace sms::flow {

namespace {

// One answer: the widgets run for one message.
class Run {
public:
    Run(const Flow& flow, const FlowLimits& limits, const CallChannel& calls, const InboundMessage& message,
        Session& session, twiml::MessagingResponse& reply)
        : flow_(flow), limits_(limits), calls_(calls), message_(message), session_(session), reply_(reply) {}

    ConversationOutcome answer();

private:
    enum class Stop { waiting, ended, failed };

    void start();
    Stop run_from(std::size_t index);
    void send(const State& state);
    bool split_matches(const State& state, const SplitCase& split_case, std::string_view input);
    void set_variables(const State& state);
    bool call(const State& state, std::size_t index);
    // The call's answer, or the word the log gives for why it was not made.
    std::variant<http::Response, std::string_view> send(const State& state, http::Request& request,
                                                        const Form& parameters);
    void store_results(const State& state, const liquid::Value& result);
    const liquid::Value* live_result(std::size_t index) const;
    void keep(const std::vector<StoredField>& fields);
    void drop_foreign_entries();

    // The template data: the flow's data shape filled in from the session
    // and the message, made again only after the session changed.
    const liquid::Value& data();
    liquid::Value fill(const DataShape& shape) const;
    // property and detail name what is rendered, for a note ("variables." and the key).
    std::string render(const State& state, std::string_view property, const Text& text, std::string_view detail = {});
    void note(const std::string& text) { outcome_.note += (outcome_.note.empty() ? "" : "; ") + text; }

    const Flow& flow_;
    const FlowLimits& limits_;
    const CallChannel& calls_;
    const InboundMessage& message_;
    Session& session_;
    twiml::MessagingResponse& reply_;
    ConversationOutcome outcome_;
    std::size_t widgets_run_ = 0;
    liquid::Value data_;
    bool data_stale_ = true;
    // The answers of the calls made in this answer, by state index.
    std::map<std::size_t, liquid::Value> results_;
    std::chrono::milliseconds calls_spent_{0};
};

const liquid::Value* Run::live_result(std::size_t index) const {
    const auto found = results_.find(index);
    return found != results_.end() ? &found->second : nullptr;
}

liquid::Value Run::fill(const DataShape& shape) const {
    switch (shape.source) {
    case DataShape::Source::object: break;
    case DataShape::Source::session: {
        const auto text = session_.get_string(shape.session_key);
        return text ? liquid::Value(std::string(*text)) : liquid::Value();
    }
    case DataShape::Source::channel_address: return liquid::Value(std::string(message_.to));
    case DataShape::Source::contact_address: return liquid::Value(std::string(message_.from));
    case DataShape::Source::sid: return liquid::Value(flow_.sid);
    case DataShape::Source::stored_value: {
        const auto stored = session_.get_string(shape.session_key);
        return stored ? decode_stored_result(*stored) : liquid::Value();
    }
    case DataShape::Source::call_result:
        if (const liquid::Value* result = live_result(shape.call_state)) return *result;
        break; // from an earlier answer: what the cookie kept of it
    }
    liquid::Object object;
    object.reserve(shape.members.size());
    for (const auto& member : shape.members) object.emplace_back(member.key, fill(member));
    return liquid::Value(std::move(object));
}

const liquid::Value& Run::data() {
    if (data_stale_) {
        data_ = fill(flow_.data_shape);
        data_stale_ = false;
    }
    return data_;
}

std::string Run::render(const State& state, std::string_view property, const Text& text, std::string_view detail) {
    std::string out;
    if (!text.compiled) return out;
    if (auto stopped = text.compiled->render(data(), out, limits_.render, message_.now)) {
        note("state " + state.name + " " + std::string(property) + std::string(detail) + ": rendering stopped: " + *stopped);
    }
    return out;
}

// Copies the message's fields that templates read into the session, each
// cut to the stored-text limit; a field the message lacks is removed, so
// that an earlier reply's value does not linger.
void Run::keep(const std::vector<StoredField>& fields) {
    for (const auto& field : fields) {
        const std::string_view name = field.path.back();
        if (const auto value = message_.form.find(name)) {
            session_.set(field.key, std::string(text::utf8_cut(*value, limits_.max_stored_text_bytes)));
        } else {
            session_.erase(field.key);
        }
    }
    data_stale_ = true;
}

void Run::start() {
    session_.clear();
    keep(flow_.trigger_fields);
}

void Run::send(const State& state) {
    std::string body = render(state, "body", state.body);
    const std::size_t cut = liquid::utf8_advance(body, 0, limits_.max_message_characters);
    if (cut < body.size()) {
        body.resize(cut);
        note("state " + state.name + ": message cut to " + std::to_string(limits_.max_message_characters) +
             " characters");
    }
    const std::string media_url = render(state, "media_url", state.media_url);
    std::string to = render(state, "to", state.to);
    std::string from = render(state, "from", state.from);
    if (body.empty() && media_url.empty()) {
        note("state " + state.name + ": empty message not sent");
        return;
    }
    // The reply goes to the sender from our number unless the widget says otherwise.
    if (to == message_.from) to.clear();
    if (from == message_.to) from.clear();
    const auto add = [&](std::initializer_list<twiml::Attribute> attributes) {
        if (media_url.empty()) {
            reply_.message(body, attributes);
            return;
        }
        twiml::Message message = reply_.message_without_body(attributes);
        if (!body.empty()) message.body(body);
        message.media(media_url);
    };
    if (!to.empty() && !from.empty()) add({{"to", to}, {"from", from}});
    else if (!to.empty()) add({{"to", to}});
    else if (!from.empty()) add({{"from", from}});
    else add({});
}

bool Run::split_matches(const State& state, const SplitCase& split_case, std::string_view input) {
    for (const auto& condition : split_case.conditions) {
        if (const auto* compiled = std::get_if<Condition>(&condition.value)) {
            if (!compiled->matches(input, message_.now)) return false;
            continue;
        }
        const std::string value = render(state, "condition value", std::get<Text>(condition.value));
        auto compiled = Condition::compile(condition.type, value);
        if (const auto* reason = std::get_if<std::string>(&compiled)) {
            note("state " + state.name + " condition " + condition.description + ": " + *reason);
            return false;
        }
        if (!std::get<Condition>(compiled).matches(input, message_.now)) return false;
    }
    return true;
}

// Studio renders a widget's properties before it runs: every value sees the
// variables as they were when the widget started.
void Run::set_variables(const State& state) {
    std::vector<std::string> values;
    values.reserve(state.variables.size());
    for (const auto& variable : state.variables) {
        std::string value = render(state, "variables.", variable.value, variable.key);
        value.resize(text::utf8_cut(value, limits_.max_stored_text_bytes).size());
        values.push_back(std::move(value));
    }
    for (std::size_t i = 0; i < values.size(); ++i) session_.set(state.variables[i].session_key, std::move(values[i]));
    data_stale_ = true;
}

std::variant<http::Response, std::string_view> Run::send(const State& state, http::Request& request,
                                                         const Form& parameters) {
    const Call& call = state.call;
    // Defence in depth: the loader made sure the URL starts with literal text.
    if (!request.url.starts_with(call.fixed_prefix)) return "bad-url";
    if (!calls_.client) return "no-client";
    const auto left = limits_.calls_budget - calls_spent_;
    if (left <= std::chrono::milliseconds(0)) return "budget";
    request.timeout = std::min(limits_.call_timeout, left);
    request.connect_timeout = request.timeout;
    request.max_body_bytes = limits_.max_call_body_bytes;
    // Expect: none, or libcurl waits a second for "100 Continue" before a large body.
    request.headers.push_back("Expect:");
    if (call.post) {
        request.headers.push_back(call.json ? "Content-Type: application/json;charset=utf-8"
                                            : "Content-Type: application/x-www-form-urlencoded;charset=utf-8");
    }
    if (call.signed_ && calls_.auth_token) {
        request.headers.push_back("X-Twilio-Signature: " +
                                  compute_twilio_signature(*calls_.auth_token, request.url, parameters));
    }
    http::Response response = calls_.client->send(request);
    calls_spent_ += response.elapsed;
    return response;
}

// Keeps what templates read of this call's result in a later answer; a
// value too long to keep is dropped, and noted.
void Run::store_results(const State& state, const liquid::Value& result) {
    for (const auto& field : state.call.stored) {
        const liquid::Value* value = &result;
        for (std::size_t i = 2; i < field.path.size() && value != nullptr; ++i) value = value->member(field.path[i]);
        std::optional<std::string> stored;
        if (value != nullptr && value->kind() != liquid::Value::Kind::undefined) {
            stored = encode_stored_result(*value, limits_.max_stored_text_bytes);
            if (!stored) note("state " + state.name + ": " + field.key.substr(2) + " is too long to keep in the cookie");
        }
        if (stored) session_.set(field.key, std::move(*stored));
        else session_.erase(field.key);
    }
}

// make-http-request and run-function: true on success.
bool Run::call(const State& state, std::size_t index) {
    const Call& call = state.call;
    http::Request request;
    request.method = call.method();
    // A sender's text may be in it: as a browser would, encode what no URL
    // may hold, so no byte of theirs ends the request line.
    request.url = escape_url_unsafe(render(state, "url", call.url));
    Form parameters;
    for (const auto& parameter : call.parameters) {
        parameters.add(parameter.key, render(state, "parameters.", parameter.value, parameter.key));
    }
    if (call.json) {
        request.body = render(state, "body", call.body);
    } else if (call.post) {
        request.body = encode_form(parameters);
    } else if (parameters.size() > 0) {
        request.url += request.url.find('?') == std::string::npos ? '?' : '&';
        request.url += encode_form(parameters);
    }
    auto sent = send(state, request, call.json ? Form() : parameters);
    http::Response response;
    std::string status;
    if (auto* made = std::get_if<http::Response>(&sent)) {
        response = std::move(*made);
        status = call_status(response, limits_.max_call_body_bytes);
    } else {
        response.transport = http::Transport::failed;
        status = std::get<std::string_view>(sent);
    }
    outcome_.calls.push_back({state.name, call.method(), call.host, std::move(status), response.elapsed});
    liquid::Value result = call_result(response, limits_.max_call_body_bytes);
    store_results(state, result);
    results_[index] = std::move(result);
    data_stale_ = true;
    return call_succeeded(response, limits_.max_call_body_bytes);
}

Run::Stop Run::run_from(std::size_t index) {
    while (index != kEnd) {
        const State& state = flow_.states[index];
        if (++widgets_run_ > limits_.max_widgets_per_answer) {
            outcome_.failure = "the flow ran " + std::to_string(limits_.max_widgets_per_answer) +
                               " widgets without waiting for a reply (a loop?), at state " + state.name;
            return Stop::failed;
        }
        outcome_.state = state.name;
        switch (state.type) {
        case WidgetType::trigger: index = state.next; break;
        case WidgetType::send_message:
            send(state);
            index = state.next;
            break;
        case WidgetType::send_and_wait_for_reply:
            send(state);
            session_.set(kWaitingStateKey, state.name);
            session_.set(kWaitStartedKey, message_.now);
            session_.set(kRevisionKey, static_cast<std::int64_t>(flow_.revision));
            return Stop::waiting;
        case WidgetType::split_based_on: {
            const std::string input = render(state, "input", state.input);
            index = state.next;
            for (const auto& split_case : state.cases) {
                if (split_matches(state, split_case, input)) {
                    index = split_case.next;
                    break;
                }
            }
            break;
        }
        case WidgetType::set_variables:
            set_variables(state);
            index = state.next;
            break;
        case WidgetType::make_http_request:
        case WidgetType::run_function: index = call(state, index) ? state.next : state.on_failure; break;
        }
    }
    session_.clear(); // the execution has ended: nothing of it is kept
    return Stop::ended;
}

// After the flow file changed, entries the new flow does not keep go.
void Run::drop_foreign_entries() {
    std::vector<std::string> foreign;
    const auto kept = [this](std::string_view key) {
        const auto in = [key](const std::vector<StoredField>& fields) {
            return std::any_of(fields.begin(), fields.end(), [key](const StoredField& f) { return f.key == key; });
        };
        if (key == kWaitingStateKey || key == kWaitStartedKey || key == kRevisionKey) return true;
        if (in(flow_.trigger_fields) || in(flow_.variables)) return true;
        return std::any_of(flow_.inbound_fields.begin(), flow_.inbound_fields.end(), in) ||
               std::any_of(flow_.states.begin(), flow_.states.end(), [&in](const State& s) { return in(s.call.stored); });
    };
    for (const auto& [key, value] : session_.entries()) {
        if (!kept(key)) foreign.push_back(key);
    }
    for (const auto& key : foreign) session_.erase(key);
}

ConversationOutcome Run::answer() {
    const auto waiting_name = session_.get_string(kWaitingStateKey);
    std::optional<std::size_t> waiting;
    if (waiting_name) {
        waiting = flow_.find(*waiting_name);
        const bool same_revision = session_.get_int(kRevisionKey) == static_cast<std::int64_t>(flow_.revision);
        if (!waiting || flow_.states[*waiting].type != WidgetType::send_and_wait_for_reply) {
            waiting.reset();
            outcome_.session_outcome = "flow-changed";
        } else if (!same_revision) {
            drop_foreign_entries();
        }
    }
    if (!waiting) {
        start();
        run_from(flow_.start);
        return std::move(outcome_);
    }
    const State& wait = flow_.states[*waiting];
    const std::int64_t started = session_.get_int(kWaitStartedKey).value_or(message_.now);
    session_.erase(kWaitingStateKey);
    session_.erase(kWaitStartedKey);
    if (message_.now - started > wait.timeout_seconds) {
        // The reply came too late: the timeout path runs now. If it ends the
        // execution, this message starts the next one; if it waits again,
        // this message answers no question the sender saw.
        if (run_from(wait.on_timeout) == Stop::ended) {
            start();
            run_from(flow_.start);
        }
    } else {
        keep(flow_.inbound_fields[*waiting]);
        run_from(wait.next);
    }
    return std::move(outcome_);
}

} // namespace

ConversationOutcome FlowConversation::respond(const InboundMessage& message, Session& session,
                                              twiml::MessagingResponse& reply) const {
    return Run(flow_, limits_, calls_, message, session, reply).answer();
}

} // namespace sms::flow

// A Studio flow compiled for running: states resolved to indexes, every
// template parsed and every literal condition compiled, what the cookie must
// keep listed. Made once at start-up by load_flow (flow/flow_loader.hpp);
// answering a message only walks it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "flow/condition.hpp"
#include "liquid/template.hpp"

namespace sms::flow {

enum class WidgetType : std::uint8_t {
    trigger,
    send_message,
    send_and_wait_for_reply,
    split_based_on,
    set_variables,
    make_http_request,
    run_function,
};

std::string_view widget_type_name(WidgetType type);

// A transition's target: a state index, or kEnd for a transition without
// `next`, which ends the execution.
inline constexpr std::size_t kEnd = static_cast<std::size_t>(-1);

// A string property's Liquid template; none when the property is absent or "".
struct Text {
    std::optional<liquid::Template> compiled;
};

// A split's condition: compiled once when its value is plain text, else
// compiled from the rendered value at each test.
struct SplitCondition {
    ConditionType type;
    std::variant<Condition, Text> value;
    std::string description; // "equal_to yes", for flow dot and check
};

struct SplitCase {
    std::vector<SplitCondition> conditions; // all must hold
    std::size_t next = kEnd;
};

struct Variable {
    std::string key;
    std::string session_key; // "v.KEY"
    Text value;
};

// A value the cookie keeps from one answer to the next, under `key`.
struct StoredField {
    std::string key;           // the session key: "v.NAME", "t.Body", "i.WIDGET.Body"
    std::vector<std::string> path; // where templates read it: {"flow","variables","NAME"}
};

struct CallParameter {
    std::string key;
    Text value;
};

// make-http-request and run-function: one HTTP call, whose answer the
// widgets after it read as widgets.NAME.status_code, .content_type, .body
// and .parsed.
struct Call {
    bool post = false;
    bool json = false;   // make-http-request with application/json: `body` is sent, not the parameters
    bool signed_ = false; // run-function: carries X-Twilio-Signature when an auth token is set
    Text url;
    std::string url_source;   // as written in the flow, for flow check
    std::string fixed_prefix; // "scheme://host[:port]/": literal in the flow, so no sender can change it
    std::string host;         // "host[:port]", for the log
    Text body;
    std::vector<CallParameter> parameters;
    std::vector<StoredField> stored; // results some template reads after a wait: "c.NAME.parsed.x"

    std::string_view method() const { return post ? "POST" : "GET"; }
};

struct State {
    std::string name;
    WidgetType type = WidgetType::trigger;

    // send-message, send-and-wait-for-reply
    Text body, media_url, to, from;
    std::int64_t timeout_seconds = 3600; // send-and-wait-for-reply

    Text input;                   // split-based-on
    std::vector<SplitCase> cases; // split-based-on, in order

    std::vector<Variable> variables; // set-variables

    Call call; // make-http-request, run-function

    // trigger: incomingMessage; send-message: sent; split: noMatch;
    // set-variables: next; send-and-wait-for-reply: incomingMessage;
    // make-http-request, run-function: success.
    std::size_t next = kEnd;
    std::size_t on_timeout = kEnd; // send-and-wait-for-reply
    std::size_t on_failure = kEnd; // make-http-request: failed; run-function: fail
};

// The shape of the data templates read, fixed by the flow: nested objects
// whose leaves say where each answer finds their value. Made at load from
// the stored fields and Flow::Reads, so that an answer only fills it in.
struct DataShape {
    // call_result: the call's answer when it ran in this answer, else an
    // object of its stored values (members of source stored_value).
    enum class Source : std::uint8_t { object, session, channel_address, contact_address, sid, call_result, stored_value };
    std::string key;
    Source source = Source::object;
    std::string session_key;        // Source::session, Source::stored_value
    std::size_t call_state = kEnd;  // Source::call_result: the call widget's index
    std::vector<DataShape> members; // Source::object

    // Adds a leaf at `path` (creating the objects on the way).
    // Returns the leaf.
    DataShape& add(const std::vector<std::string>& path, Source leaf_source, std::string leaf_session_key = {});
};

struct Flow {
    std::vector<State> states;
    std::size_t start = kEnd; // the trigger's incomingMessage target
    std::string sid;          // "FW" + 32 hex digits of the file's SHA-256: flow.sid
    std::uint32_t revision = 0; // the file's revision, kept in the cookie

    std::vector<StoredField> trigger_fields; // trigger.message.* read by some template
    // widgets.NAME.inbound.* read by some template, by the wait state's index.
    std::vector<std::vector<StoredField>> inbound_fields;
    std::vector<StoredField> variables; // every flow.variables key a set-variables writes or a template reads
    // What templates read, and only that: the stored fields, and those of
    // flow.channel.address, contact.channel.address and flow.sid they use.
    DataShape data_shape;

    std::optional<std::size_t> find(std::string_view state_name) const;
    // True when some state makes an HTTP call (the server then loads libcurl).
    bool calls_out() const;
};

} // namespace sms::flow

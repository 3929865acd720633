#include "flow/flow_loader.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "crypto/sha256.hpp"
#include "flow/flow_reads.hpp"
#include "text/ascii.hpp"
#include "text/json_document.hpp"

namespace sms::flow {

namespace {

using Json = nlohmann::ordered_json;

// Deeper JSON than any flow needs is refused while parsing.
constexpr std::size_t kMaxDepth = 64;

struct WidgetSpec {
    std::string_view name;
    WidgetType type;
    std::vector<std::string_view> events; // every event Studio defines for it
};

const std::vector<WidgetSpec>& widget_specs() {
    static const std::vector<WidgetSpec> specs{
        {"trigger", WidgetType::trigger,
         {"incomingMessage", "incomingCall", "incomingRequest", "incomingParent", "incomingConversationMessage"}},
        {"send-message", WidgetType::send_message, {"sent", "failed"}},
        {"send-and-wait-for-reply", WidgetType::send_and_wait_for_reply,
         {"incomingMessage", "timeout", "deliveryFailure"}},
        {"split-based-on", WidgetType::split_based_on, {"noMatch", "match"}},
        {"set-variables", WidgetType::set_variables, {"next"}},
        {"make-http-request", WidgetType::make_http_request, {"success", "failed"}},
        {"run-function", WidgetType::run_function, {"success", "fail"}},
    };
    return specs;
}

const WidgetSpec* find_spec(std::string_view type) {
    for (const auto& spec : widget_specs()) {
        if (spec.name == type) return &spec;
    }
    return nullptr;
}

// The text of a JSON string, or of a number or boolean (exports write some
// values either way); nothing for null, arrays and objects.
std::optional<std::string> text_of(const Json* json) {
    if (json == nullptr) return std::nullopt;
    if (json->is_string()) return json->get<std::string>();
    if (json->is_number_integer()) return std::to_string(json->get<std::int64_t>());
    if (json->is_number()) return text::json_text(*json);
    if (json->is_boolean()) return json->get<bool>() ? "true" : "false";
    return std::nullopt;
}

const Json* member(const Json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    const auto found = object.find(std::string(key));
    return found == object.end() ? nullptr : &*found;
}

std::string string_member(const Json& object, std::string_view key) {
    const Json* value = member(object, key);
    return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

bool is_literal(std::string_view source) {
    return source.find("{{") == std::string_view::npos && source.find("{%") == std::string_view::npos;
}

// Studio writes timeouts as strings of digits or as integers.
std::optional<std::int64_t> parse_timeout(const Json* json) {
    if (json == nullptr || json->is_null()) return 3600; // Studio's default: stop gathering after an hour
    std::int64_t seconds = -1;
    if (json->is_number_integer()) {
        seconds = json->get<std::int64_t>();
    } else if (json->is_string()) {
        const auto text = json->get<std::string>();
        if (!text.empty() && text.size() <= 9 &&
            std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            seconds = std::stoll(text);
        }
    }
    if (seconds < 1 || seconds > kMaxTimeoutSeconds) return std::nullopt;
    return seconds;
}

// The literal start of a call's URL: "scheme://authority" and the delimiter
// after it, which no template output can change.
struct FixedStart {
    std::string prefix;
    std::string host; // the authority without any user information
};

std::variant<FixedStart, std::string> fixed_start(std::string_view url) {
    const std::size_t scheme_end = text::starts_with_ignoring_case(url, "https://")  ? 8
                                   : text::starts_with_ignoring_case(url, "http://") ? 7
                                                                                     : 0;
    if (scheme_end == 0) return std::string("does not start with http:// or https://");
    const std::size_t authority_end = url.find_first_of("/?#", scheme_end);
    const std::string_view authority = url.substr(scheme_end, authority_end - scheme_end);
    if (authority_end == std::string_view::npos && !is_literal(url)) {
        return std::string("a template follows the host with no '/' between them, so a sender could change the host");
    }
    if (authority.find('{') != std::string_view::npos || authority.find('%') != std::string_view::npos) {
        return std::string("its host is made by a template, so a sender could choose where the call goes");
    }
    const std::size_t at = authority.rfind('@');
    const std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
    if (host.empty()) return std::string("has no host");
    const std::size_t prefix_end = authority_end == std::string_view::npos ? url.size() : authority_end + 1;
    return FixedStart{std::string(url.substr(0, prefix_end)), std::string(host)};
}

class Compiler {
public:
    std::variant<LoadedFlow, std::vector<std::string>> compile(const Json& definition, std::string_view json_text,
                                                               BeforeFirstDigest before_first_digest);

private:
    void error(const StateRef& where, const std::string& message) { errors_.push_back(where.describe() + ": " + message); }

    Text compile_text(const StateRef& where, std::string_view property, const Json* json);
    std::size_t target(const StateRef& where, const Json& transition, std::string_view event);
    void compile_state(const Json& json, const StateRef& where, State& state);
    void compile_transitions(const StateRef& where, const Json& json, const WidgetSpec& spec, const Json* input,
                             State& state);
    void compile_condition(const StateRef& where, const Json& json, const Json* input, SplitCase& out);
    void compile_call(const StateRef& where, const Json* properties, State& state);
    void warn_unreachable(const Flow& flow);

    std::vector<std::string> errors_;
    std::vector<std::string> warnings_;
    StateIndex index_by_name_;
    FlowReads reads_;
};

Text Compiler::compile_text(const StateRef& where, std::string_view property, const Json* json) {
    const auto source = text_of(json);
    if (json != nullptr && !json->is_null() && !source) error(where, std::string(property) + ": not a string");
    auto parsed = liquid::Template::parse(source.value_or(""));
    if (auto* e = std::get_if<liquid::ParseError>(&parsed)) {
        error(where, std::string(property) + ": " + e->to_string());
        parsed = liquid::Template::parse("");
    }
    if (source.value_or("").empty()) return {};
    reads_.note(where, property, std::get<liquid::Template>(parsed), errors_);
    return {std::get<liquid::Template>(std::move(parsed))};
}

std::size_t Compiler::target(const StateRef& where, const Json& transition, std::string_view event) {
    const Json* next = member(transition, "next");
    if (next == nullptr || next->is_null() || (next->is_string() && next->get<std::string>().empty())) return kEnd;
    if (!next->is_string()) {
        error(where, "transition " + in_quotes(event) + ": next is not a state name");
        return kEnd;
    }
    const auto name = next->get<std::string>();
    const auto found = index_by_name_.find(name);
    if (found == index_by_name_.end()) {
        error(where, "transition " + in_quotes(event) + " goes to " + in_quotes(name) + ", which is no state");
        return kEnd;
    }
    return found->second;
}

void Compiler::compile_condition(const StateRef& where, const Json& json, const Json* input, SplitCase& out) {
    const std::string type_name = string_member(json, "type");
    const auto type = parse_condition_type(type_name);
    if (!type) {
        error(where, "unknown condition type " + in_quotes(type_name));
        return;
    }
    const std::string value = text_of(member(json, "value")).value_or("");
    const std::string description = std::string(condition_type_name(*type)) + (value.empty() ? "" : " " + value);
    // Studio's documentation: a condition's subject is the split's input.
    // Exports also copy the input into `arguments`; where they differ, the
    // input is tested, and the author is told.
    if (const Json* arguments = member(json, "arguments"); arguments != nullptr && arguments->is_array()) {
        const std::string tested = text_of(input).value_or("");
        for (const auto& argument : *arguments) {
            if (text_of(&argument).value_or(tested) != tested) {
                warnings_.push_back(where.describe() + ": condition " + in_quotes(description) + " has arguments " +
                                    text::json_text(argument) + " but tests the split's input " + in_quotes(tested) +
                                    ", as Studio's documentation says");
                break;
            }
        }
    }
    if (is_literal(value)) {
        auto compiled = Condition::compile(*type, value);
        if (auto* reason = std::get_if<std::string>(&compiled)) {
            error(where, "condition " + in_quotes(description) + ": " + *reason);
            return;
        }
        out.conditions.push_back({*type, std::get<Condition>(std::move(compiled)), description});
    } else {
        out.conditions.push_back({*type, compile_text(where, "condition " + in_quotes(description), member(json, "value")),
                                  description});
    }
}

void Compiler::compile_transitions(const StateRef& where, const Json& json, const WidgetSpec& spec, const Json* input,
                                   State& state) {
    const Json* transitions = member(json, "transitions");
    if (transitions == nullptr || !transitions->is_array()) {
        error(where, "no transitions array");
        return;
    }
    for (const auto& transition : *transitions) {
        const std::string event = string_member(transition, "event");
        if (event.empty()) {
            error(where, "a transition without an event");
            continue;
        }
        if (std::find(spec.events.begin(), spec.events.end(), event) == spec.events.end()) {
            error(where, "event " + in_quotes(event) + " is not one of " + std::string(spec.name) + "'s events");
            continue;
        }
        const std::size_t next = target(where, transition, event);
        if (state.type == WidgetType::split_based_on && event == "match") {
            const Json* conditions = member(transition, "conditions");
            if (conditions == nullptr || !conditions->is_array() || conditions->empty()) {
                error(where, "a match transition without conditions");
                continue;
            }
            SplitCase split_case;
            split_case.next = next;
            for (const auto& condition : *conditions) compile_condition(where, condition, input, split_case);
            state.cases.push_back(std::move(split_case));
        } else if (event == "timeout") {
            state.on_timeout = next;
        } else if (event == "success") {
            state.next = next;
        } else if ((event == "failed" && state.type == WidgetType::make_http_request) || event == "fail") {
            state.on_failure = next;
        } else if (event == "incomingMessage" || event == "sent" || event == "noMatch" || event == "next") {
            state.next = next;
        }
        // The other events (failed, deliveryFailure, calls, REST requests)
        // never happen to an answer made of TwiML.
    }
}

void Compiler::compile_call(const StateRef& where, const Json* properties, State& state) {
    const auto property = [properties](std::string_view key) -> const Json* {
        return properties == nullptr ? nullptr : member(*properties, key);
    };
    Call& call = state.call;
    call.url_source = text_of(property("url")).value_or("");
    if (call.url_source.empty()) {
        error(where, "no url");
    } else if (auto start = fixed_start(call.url_source); auto* reason = std::get_if<std::string>(&start)) {
        error(where, "url " + in_quotes(call.url_source) + " " + *reason);
    } else {
        call.fixed_prefix = std::move(std::get<FixedStart>(start).prefix);
        call.host = std::move(std::get<FixedStart>(start).host);
    }
    call.url = compile_text(where, "url", property("url"));
    if (state.type == WidgetType::run_function) {
        call.post = true; // Studio posts a Function's parameters as a form
        call.signed_ = true;
    } else {
        const std::string method = text_of(property("method")).value_or("GET");
        if (method != "GET" && method != "POST") error(where, "method " + in_quotes(method) + " is not GET or POST");
        call.post = method == "POST";
        const std::string content_type = text_of(property("content_type")).value_or("");
        const auto type_is = [&content_type](std::string_view type) {
            return content_type == type || content_type == std::string(type) + ";charset=utf-8";
        };
        if (type_is("application/json")) {
            call.json = true;
        } else if (!content_type.empty() && !type_is("application/x-www-form-urlencoded")) {
            error(where, "content_type " + in_quotes(content_type) +
                             " is not application/x-www-form-urlencoded;charset=utf-8 or application/json;charset=utf-8");
        }
        if (call.json && !call.post) error(where, "a GET request has no JSON body: use POST, or the form content type");
        if (call.json) call.body = compile_text(where, "body", property("body"));
    }
    const Json* parameters = property("parameters");
    if (parameters != nullptr && !parameters->is_null() && !parameters->is_array()) error(where, "parameters is not an array");
    if (parameters == nullptr || !parameters->is_array()) return;
    if (call.json && !parameters->empty()) {
        warnings_.push_back(where.describe() + ": parameters are not sent: a JSON request sends its body");
        return;
    }
    for (const auto& parameter : *parameters) {
        const auto key = text_of(member(parameter, "key"));
        if (!key || key->empty()) {
            error(where, "a parameter without a key");
            continue;
        }
        call.parameters.push_back({*key, compile_text(where, "parameters." + *key, member(parameter, "value"))});
    }
}

void Compiler::compile_state(const Json& json, const StateRef& where, State& state) {
    const WidgetSpec* spec = find_spec(where.type);
    if (spec == nullptr) {
        error(where, where.type.empty() ? "no widget type"
                                        : "widget type " + in_quotes(where.type) +
                                              " is not supported (sms_fcgi runs trigger, send-message, "
                                              "send-and-wait-for-reply, split-based-on, set-variables, "
                                              "make-http-request and run-function)");
        return;
    }
    state.type = spec->type;
    const Json* properties = member(json, "properties");
    const auto property = [properties](std::string_view key) -> const Json* {
        return properties == nullptr ? nullptr : member(*properties, key);
    };
    const Json* input = nullptr;
    switch (state.type) {
    case WidgetType::send_message:
    case WidgetType::send_and_wait_for_reply:
        state.body = compile_text(where, "body", property("body"));
        state.media_url = compile_text(where, "media_url", property("media_url"));
        state.to = compile_text(where, "to", property("to"));
        state.from = compile_text(where, "from", property("from"));
        if (state.type == WidgetType::send_and_wait_for_reply) {
            const auto timeout = parse_timeout(property("timeout"));
            if (!timeout) error(where, "timeout is not a whole number of seconds from 1 to 2592000 (30 days)");
            state.timeout_seconds = timeout.value_or(0);
        }
        break;
    case WidgetType::split_based_on:
        input = property("input");
        state.input = compile_text(where, "input", input);
        break;
    case WidgetType::set_variables: {
        const Json* variables = property("variables");
        if (variables != nullptr && !variables->is_array()) error(where, "variables is not an array");
        if (variables == nullptr || !variables->is_array()) break;
        for (const auto& variable : *variables) {
            const auto key = text_of(member(variable, "key"));
            if (!key || key->empty()) {
                error(where, "a variable without a key");
                continue;
            }
            state.variables.push_back({*key, "v." + *key, compile_text(where, "variables." + *key, member(variable, "value"))});
            reads_.note_variable(*key);
        }
        break;
    }
    case WidgetType::make_http_request:
    case WidgetType::run_function: compile_call(where, properties, state); break;
    case WidgetType::trigger: break;
    }
    compile_transitions(where, json, *spec, input, state);
}

void Compiler::warn_unreachable(const Flow& flow) {
    std::vector<bool> seen(flow.states.size());
    std::vector<std::size_t> pending{flow.start};
    const auto visit = [&](std::size_t index) {
        if (index != kEnd && !seen[index]) pending.push_back(index);
    };
    while (!pending.empty()) {
        const std::size_t index = pending.back();
        pending.pop_back();
        if (index == kEnd || seen[index]) continue;
        seen[index] = true;
        const State& state = flow.states[index];
        visit(state.next);
        visit(state.on_timeout);
        for (const auto& split_case : state.cases) visit(split_case.next);
    }
    for (std::size_t i = 0; i < flow.states.size(); ++i) {
        if (!seen[i] && flow.states[i].type != WidgetType::trigger) {
            warnings_.push_back(StateRef{i, flow.states[i].name, std::string(widget_type_name(flow.states[i].type))}.describe() +
                                ": no message ever reaches it");
        }
    }
}

std::variant<LoadedFlow, std::vector<std::string>> Compiler::compile(const Json& definition, std::string_view json_text,
                                                                     BeforeFirstDigest before_first_digest) {
    if (!definition.is_object()) return std::vector<std::string>{"not a flow definition: the JSON is not an object"};
    const Json* states = member(definition, "states");
    if (states == nullptr || !states->is_array() || states->empty()) {
        return std::vector<std::string>{"not a flow definition: no \"states\" array with at least one state"};
    }
    LoadedFlow loaded;
    Flow& flow = loaded.flow;
    flow.states.resize(states->size());
    for (std::size_t i = 0; i < states->size(); ++i) {
        const Json& json = (*states)[i];
        State& state = flow.states[i];
        state.name = string_member(json, "name");
        if (state.name.empty()) {
            errors_.push_back("states[" + std::to_string(i) + "]: no name");
            continue;
        }
        if (const auto [it, inserted] = index_by_name_.emplace(state.name, i); !inserted) {
            errors_.push_back("duplicate state name " + in_quotes(state.name) + " (states[" + std::to_string(it->second) +
                              "] and states[" + std::to_string(i) + "])");
        }
    }
    std::size_t trigger = kEnd;
    for (std::size_t i = 0; i < states->size(); ++i) {
        const Json& json = (*states)[i];
        const StateRef where{i, flow.states[i].name, string_member(json, "type")};
        compile_state(json, where, flow.states[i]);
        if (where.type == "trigger") {
            if (trigger != kEnd) error(where, "a second trigger (the first is states[" + std::to_string(trigger) + "])");
            trigger = i;
        }
    }

    const std::string initial = string_member(definition, "initial_state");
    if (initial.empty()) {
        errors_.push_back("no \"initial_state\"");
    } else if (!index_by_name_.contains(initial)) {
        errors_.push_back("\"initial_state\" is " + in_quotes(initial) + ", which is no state");
    } else if (index_by_name_.find(initial)->second != trigger) {
        errors_.push_back("\"initial_state\" " + in_quotes(initial) + " is not the trigger");
    }
    if (trigger == kEnd) {
        errors_.push_back("no trigger state");
    } else if (flow.states[trigger].next == kEnd) {
        errors_.push_back(StateRef{trigger, flow.states[trigger].name, "trigger"}.describe() +
                          ": no incomingMessage transition to a state, so no message would start the flow");
    }
    if (errors_.empty()) {
        flow.start = flow.states[trigger].next;
        reads_.store(flow, index_by_name_, errors_);
    }
    if (!errors_.empty()) return std::move(errors_);

    if (before_first_digest != nullptr) before_first_digest(flow);
    const Sha256Digest digest = sha256(json_text);
    static const char kHex[] = "0123456789abcdef";
    flow.sid = "FW";
    for (std::size_t i = 0; i < 16; ++i) {
        flow.sid += kHex[digest[i] >> 4];
        flow.sid += kHex[digest[i] & 0xF];
    }
    flow.revision = static_cast<std::uint32_t>(digest[0]) << 24 | static_cast<std::uint32_t>(digest[1]) << 16 |
                    static_cast<std::uint32_t>(digest[2]) << 8 | digest[3];
    warn_unreachable(flow);
    loaded.warnings = std::move(warnings_);
    return loaded;
}

} // namespace

std::variant<LoadedFlow, std::vector<std::string>> load_flow(std::string_view json_text, BeforeFirstDigest before_first_digest) {
    auto parsed = text::parse_json(json_text, kMaxDepth);
    if (const auto* error = std::get_if<text::JsonError>(&parsed)) {
        if (error->kind == text::JsonError::Kind::too_deep) return std::vector<std::string>{"not a flow definition: " + error->message};
        return std::vector<std::string>{"not JSON: " + error->message};
    }
    const Json& document = std::get<Json>(parsed);
    // The REST API's Flow resource wraps the definition.
    const Json* definition = member(document, "definition");
    if (definition == nullptr || member(document, "states") != nullptr) definition = &document;
    return Compiler().compile(*definition, json_text, before_first_digest);
}

} // namespace sms::flow

#include "flow/flow_loader.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "crypto/sha256.hpp"
#include "liquid/referenced_paths.hpp"
#include "text/ascii.hpp"

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

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

// The text of a JSON string, or of a number or boolean (exports write some
// values either way); nothing for null, arrays and objects.
std::optional<std::string> text_of(const Json* json) {
    if (json == nullptr) return std::nullopt;
    if (json->is_string()) return json->get<std::string>();
    if (json->is_number_integer()) return std::to_string(json->get<std::int64_t>());
    if (json->is_number()) return json->dump();
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

struct Where {
    std::size_t index;
    std::string name;
    std::string type;
    std::string describe() const {
        return "states[" + std::to_string(index) + "] " + in_quotes(name) + (type.empty() ? "" : " (" + type + ")");
    }
};

class Compiler {
public:
    std::variant<LoadedFlow, std::vector<std::string>> compile(const Json& definition, std::string_view json_text);

private:
    void error(const Where& where, const std::string& message) { errors_.push_back(where.describe() + ": " + message); }

    Text compile_text(const Where& where, std::string_view property, const Json* json);
    void note_reads(const Where& where, std::string_view property, const liquid::Template& compiled);
    std::size_t target(const Where& where, const Json& transition, std::string_view event);
    void compile_state(const Json& json, const Where& where, State& state);
    void compile_transitions(const Where& where, const Json& json, const WidgetSpec& spec, const Json* input,
                             State& state);
    void compile_condition(const Where& where, const Json& json, const Json* input, SplitCase& out);
    void compile_call(const Where& where, const Json* properties, State& state);
    std::vector<bool> reached_after_a_wait(const Flow& flow, std::size_t from) const;
    void store_call_results(Flow& flow);
    void store_fields(Flow& flow);
    void warn_unreachable(const Flow& flow);

    std::vector<std::string> errors_;
    std::vector<std::string> warnings_;
    std::map<std::string, std::size_t, std::less<>> index_by_name_;
    std::set<std::string> trigger_reads_;                                    // trigger.message.FIELD
    std::map<std::string, std::set<std::string>, std::less<>> inbound_reads_; // widgets.NAME.inbound.FIELD
    std::map<std::string, Where, std::less<>> inbound_readers_;              // NAME: one state that reads it
    std::set<std::string> variable_keys_; // flow.variables.KEY written or read
    // widgets.NAME.PATH read for any other widget than a wait: PATH (empty
    // for the whole widget) and the reading state's index, by NAME.
    std::map<std::string, std::set<std::pair<liquid::VariablePath, std::size_t>>, std::less<>> widget_reads_;
    struct {
        bool channel_address = false; // flow.channel.address
        bool contact_address = false; // contact.channel.address
        bool sid = false;             // flow.sid, flow.flow_sid
    } reads_;

    void note_fixed_reads(const liquid::VariablePath& path) {
        const auto under = [&path](std::initializer_list<std::string_view> prefix) {
            std::size_t i = 0;
            for (auto step : prefix) {
                if (i == path.size()) return true; // the path reads all of what is under it
                if (path[i++] != step) return false;
            }
            return true;
        };
        reads_.channel_address = reads_.channel_address || under({"flow", "channel", "address"});
        reads_.contact_address = reads_.contact_address || under({"contact", "channel", "address"});
        reads_.sid = reads_.sid || under({"flow", "sid"}) || under({"flow", "flow_sid"});
    }
};

Text Compiler::compile_text(const Where& where, std::string_view property, const Json* json) {
    const auto source = text_of(json);
    if (json != nullptr && !json->is_null() && !source) error(where, std::string(property) + ": not a string");
    auto parsed = liquid::Template::parse(source.value_or(""));
    if (auto* e = std::get_if<liquid::ParseError>(&parsed)) {
        error(where, std::string(property) + ": " + e->to_string());
        parsed = liquid::Template::parse("");
    }
    if (source.value_or("").empty()) return {};
    note_reads(where, property, std::get<liquid::Template>(parsed));
    return {std::get<liquid::Template>(std::move(parsed))};
}

// Records which inbound fields a template reads, so that the cookie keeps
// exactly those; a read whose fields cannot be known is an error.
void Compiler::note_reads(const Where& where, std::string_view property, const liquid::Template& compiled) {
    const std::string what(property);
    for (const auto& path : liquid::referenced_paths(compiled)) {
        if (path.empty()) {
            error(where, what + ": looks a variable up by a computed name, so what to keep cannot be known");
        } else if (path[0] == "trigger") {
            if (path.size() < 3 || path[1] != "message") {
                if (path.size() < 2 || path[1] == "message") {
                    error(where, what + ": reads all of trigger.message; name the fields it needs (trigger.message.Body)");
                }
                continue;
            }
            trigger_reads_.insert(path[2]);
        } else if (path[0] == "flow" || path[0] == "contact") {
            note_fixed_reads(path);
            if (path[0] == "flow" && path.size() >= 3 && path[1] == "variables") {
                // Kept even when no set-variables of this flow writes it: an
                // execution from before a change of the file may carry it.
                variable_keys_.insert(path[2]);
            }
        } else if (path[0] == "widgets") {
            if (path.size() < 2) {
                error(where, what + ": looks a widget up by a computed name, so what to keep cannot be known");
            } else if (path.size() == 2 || path[2] != "inbound") {
                widget_reads_[path[1]].emplace(liquid::VariablePath(path.begin() + 2, path.end()), where.index);
            } else if (path.size() == 3) {
                error(where, what + ": reads all of widgets." + path[1] + ".inbound; name the fields it needs (widgets." +
                                 path[1] + ".inbound.Body)");
            } else {
                inbound_reads_[path[1]].insert(path[3]);
                inbound_readers_.emplace(path[1], where);
            }
        }
    }
}

std::size_t Compiler::target(const Where& where, const Json& transition, std::string_view event) {
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

void Compiler::compile_condition(const Where& where, const Json& json, const Json* input, SplitCase& out) {
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
                                    argument.dump() + " but tests the split's input " + in_quotes(tested) +
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

void Compiler::compile_transitions(const Where& where, const Json& json, const WidgetSpec& spec, const Json* input,
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

void Compiler::compile_call(const Where& where, const Json* properties, State& state) {
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

void Compiler::compile_state(const Json& json, const Where& where, State& state) {
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
            variable_keys_.insert(*key);
        }
        break;
    }
    case WidgetType::make_http_request:
    case WidgetType::run_function: compile_call(where, properties, state); break;
    case WidgetType::trigger: break;
    }
    compile_transitions(where, json, *spec, input, state);
}

// The states a message can reach after the execution passed `from` and
// then waited for a reply: a call's results read there come from the cookie.
std::vector<bool> Compiler::reached_after_a_wait(const Flow& flow, std::size_t from) const {
    std::vector<bool> seen[2] = {std::vector<bool>(flow.states.size()), std::vector<bool>(flow.states.size())};
    std::vector<std::pair<std::size_t, bool>> pending;
    const auto leave = [&](std::size_t index, bool waited) {
        const State& state = flow.states[index];
        waited = waited || state.type == WidgetType::send_and_wait_for_reply;
        for (const std::size_t next : {state.next, state.on_timeout, state.on_failure}) pending.emplace_back(next, waited);
        for (const auto& split_case : state.cases) pending.emplace_back(split_case.next, waited);
    };
    leave(from, false);
    while (!pending.empty()) {
        const auto [index, waited] = pending.back();
        pending.pop_back();
        if (index == kEnd || seen[waited][index]) continue;
        seen[waited][index] = true;
        leave(index, waited);
    }
    return std::move(seen[1]);
}

// What a call's results the cookie keeps: the paths some template reads in
// a later answer than the call's; a path under another kept one is left out.
void Compiler::store_call_results(Flow& flow) {
    for (const auto& [name, reads] : widget_reads_) {
        const auto found = index_by_name_.find(name);
        if (found == index_by_name_.end()) continue; // no such widget: always undefined, as in Studio
        State& state = flow.states[found->second];
        if (state.type == WidgetType::send_and_wait_for_reply) {
            for (const auto& [path, reader] : reads) {
                if (path.empty()) {
                    error(Where{reader, flow.states[reader].name, std::string(widget_type_name(flow.states[reader].type))},
                          "reads all of widgets." + name + "; name the fields it needs (widgets." + name + ".inbound.Body)");
                }
            }
            continue;
        }
        if (state.type != WidgetType::make_http_request && state.type != WidgetType::run_function) continue;
        const std::vector<bool> later = reached_after_a_wait(flow, found->second);
        std::set<liquid::VariablePath> kept;
        for (const auto& [path, reader] : reads) {
            if (!later[reader]) continue;
            if (path.empty()) {
                error(Where{reader, flow.states[reader].name, std::string(widget_type_name(flow.states[reader].type))},
                      "reads all of widgets." + name + " after a wait; name the results it needs (widgets." + name +
                          ".parsed.name)");
                continue;
            }
            kept.insert(path);
        }
        for (auto it = kept.begin(); it != kept.end();) {
            const auto& path = *it;
            const bool under_another = std::any_of(kept.begin(), kept.end(), [&path](const liquid::VariablePath& other) {
                return other.size() < path.size() && std::equal(other.begin(), other.end(), path.begin());
            });
            it = under_another ? kept.erase(it) : std::next(it);
        }
        for (const auto& path : kept) {
            std::string key = "c." + name;
            for (const auto& step : path) key += "." + step;
            liquid::VariablePath full{"widgets", name};
            full.insert(full.end(), path.begin(), path.end());
            state.call.stored.push_back({std::move(key), std::move(full)});
        }
    }
}

// The cookie keeps the variables set-variables writes, the trigger.message
// fields templates read, and each wait widget's inbound fields they read.
void Compiler::store_fields(Flow& flow) {
    for (const auto& key : variable_keys_) flow.variables.push_back({"v." + key, {"flow", "variables", key}});
    for (const auto& field : trigger_reads_) flow.trigger_fields.push_back({"t." + field, {"trigger", "message", field}});
    flow.inbound_fields.resize(flow.states.size());
    for (const auto& [name, fields] : inbound_reads_) {
        const auto found = index_by_name_.find(name);
        if (found == index_by_name_.end() || flow.states[found->second].type != WidgetType::send_and_wait_for_reply) {
            error(inbound_readers_.at(name), "reads widgets." + name + ".inbound, but " + in_quotes(name) +
                                                 " is not a send-and-wait-for-reply state");
            continue;
        }
        for (const auto& field : fields) {
            flow.inbound_fields[found->second].push_back({"i." + name + "." + field, {"widgets", name, "inbound", field}});
        }
    }
    using Source = DataShape::Source;
    const auto add_stored = [&flow](const std::vector<StoredField>& fields) {
        for (const auto& field : fields) flow.data_shape.add(field.path, Source::session, field.key);
    };
    add_stored(flow.trigger_fields);
    for (const auto& fields : flow.inbound_fields) add_stored(fields);
    add_stored(flow.variables);
    for (std::size_t i = 0; i < flow.states.size(); ++i) {
        const State& state = flow.states[i];
        if (state.type != WidgetType::make_http_request && state.type != WidgetType::run_function) continue;
        flow.data_shape.add({"widgets", state.name}, Source::call_result).call_state = i;
        for (const auto& field : state.call.stored) flow.data_shape.add(field.path, Source::stored_value, field.key);
    }
    if (reads_.channel_address) flow.data_shape.add({"flow", "channel", "address"}, Source::channel_address);
    if (reads_.sid) {
        flow.data_shape.add({"flow", "sid"}, Source::sid);
        flow.data_shape.add({"flow", "flow_sid"}, Source::sid);
    }
    if (reads_.contact_address) flow.data_shape.add({"contact", "channel", "address"}, Source::contact_address);
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
            warnings_.push_back(Where{i, flow.states[i].name, std::string(widget_type_name(flow.states[i].type))}.describe() +
                                ": no message ever reaches it");
        }
    }
}

std::variant<LoadedFlow, std::vector<std::string>> Compiler::compile(const Json& definition, std::string_view json_text) {
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
        const Where where{i, flow.states[i].name, string_member(json, "type")};
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
        errors_.push_back(Where{trigger, flow.states[trigger].name, "trigger"}.describe() +
                          ": no incomingMessage transition to a state, so no message would start the flow");
    }
    if (errors_.empty()) {
        flow.start = flow.states[trigger].next;
        store_call_results(flow);
        store_fields(flow);
    }
    if (!errors_.empty()) return std::move(errors_);

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

std::variant<LoadedFlow, std::vector<std::string>> load_flow(std::string_view json_text) {
    Json document;
    try {
        std::size_t depth = 0;
        document = Json::parse(json_text, [&depth](int d, Json::parse_event_t, Json&) {
            depth = static_cast<std::size_t>(d);
            if (depth > kMaxDepth) throw std::length_error("nested deeper than " + std::to_string(kMaxDepth) + " levels");
            return true;
        });
    } catch (const Json::exception& e) {
        return std::vector<std::string>{std::string("not JSON: ") + e.what()};
    } catch (const std::length_error& e) {
        return std::vector<std::string>{std::string("not a flow definition: ") + e.what()};
    }
    // The REST API's Flow resource wraps the definition.
    const Json* definition = member(document, "definition");
    if (definition == nullptr || member(document, "states") != nullptr) definition = &document;
    return Compiler().compile(*definition, json_text);
}

} // namespace sms::flow

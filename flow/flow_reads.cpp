#include "flow/flow_reads.hpp"

#include <algorithm>

namespace sms::flow {

namespace {

void add_error(std::vector<std::string>& errors, const StateRef& state, const std::string& message) {
    errors.push_back(state.describe() + ": " + message);
}

StateRef reference(const Flow& flow, std::size_t index) {
    return {index, flow.states[index].name, std::string(widget_type_name(flow.states[index].type))};
}

// The states a message can reach after the execution passed `from` and
// then waited for a reply: a call's results read there come from the cookie.
std::vector<bool> reached_after_a_wait(const Flow& flow, std::size_t from) {
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

} // namespace

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string StateRef::describe() const {
    return "states[" + std::to_string(index) + "] " + in_quotes(name) + (type.empty() ? "" : " (" + type + ")");
}

void FlowReads::note(const StateRef& state, std::string_view property, const liquid::Template& compiled,
                     std::vector<std::string>& errors) {
    const std::string what(property);
    for (const auto& path : liquid::referenced_paths(compiled)) {
        if (path.empty()) {
            add_error(errors, state, what + ": looks a variable up by a computed name, so what to keep cannot be known");
        } else if (path[0] == "trigger") {
            if (path.size() < 3 || path[1] != "message") {
                if (path.size() < 2 || path[1] == "message") {
                    add_error(errors, state,
                              what + ": reads all of trigger.message; name the fields it needs (trigger.message.Body)");
                }
                continue;
            }
            trigger_reads_.insert(path[2]);
        } else if (path[0] == "flow" || path[0] == "contact") {
            note_fixed(path);
            if (path[0] == "flow" && path.size() >= 3 && path[1] == "variables") {
                // Kept even when no set-variables of this flow writes it: an
                // execution from before a change of the file may carry it.
                variable_keys_.insert(path[2]);
            }
        } else if (path[0] == "widgets") {
            if (path.size() < 2) {
                add_error(errors, state, what + ": looks a widget up by a computed name, so what to keep cannot be known");
            } else if (path.size() == 2 || path[2] != "inbound") {
                widget_reads_[path[1]].emplace(liquid::VariablePath(path.begin() + 2, path.end()), state.index);
            } else if (path.size() == 3) {
                add_error(errors, state,
                          what + ": reads all of widgets." + path[1] + ".inbound; name the fields it needs (widgets." +
                              path[1] + ".inbound.Body)");
            } else {
                inbound_reads_[path[1]].insert(path[3]);
                inbound_readers_.emplace(path[1], state);
            }
        }
    }
}

void FlowReads::note_fixed(const liquid::VariablePath& path) {
    const auto under = [&path](std::initializer_list<std::string_view> prefix) {
        std::size_t i = 0;
        for (auto step : prefix) {
            if (i == path.size()) return true; // the path reads all of what is under it
            if (path[i++] != step) return false;
        }
        return true;
    };
    channel_address_ = channel_address_ || under({"flow", "channel", "address"});
    contact_address_ = contact_address_ || under({"contact", "channel", "address"});
    sid_ = sid_ || under({"flow", "sid"}) || under({"flow", "flow_sid"});
}

// What a call's results the cookie keeps: the paths some template reads in
// a later answer than the call's; a path under another kept one is left out.
void FlowReads::store_call_results(Flow& flow, const StateIndex& states, std::vector<std::string>& errors) const {
    for (const auto& [name, reads] : widget_reads_) {
        const auto found = states.find(name);
        if (found == states.end()) continue; // no such widget: always undefined, as in Studio
        State& state = flow.states[found->second];
        if (state.type == WidgetType::send_and_wait_for_reply) {
            for (const auto& [path, reader] : reads) {
                if (path.empty()) {
                    add_error(errors, reference(flow, reader),
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
                add_error(errors, reference(flow, reader),
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
// fields templates read, each wait widget's inbound fields they read, and
// the call results read after a wait.
void FlowReads::store(Flow& flow, const StateIndex& states, std::vector<std::string>& errors) const {
    store_call_results(flow, states, errors);
    for (const auto& key : variable_keys_) flow.variables.push_back({"v." + key, {"flow", "variables", key}});
    for (const auto& field : trigger_reads_) flow.trigger_fields.push_back({"t." + field, {"trigger", "message", field}});
    flow.inbound_fields.resize(flow.states.size());
    for (const auto& [name, fields] : inbound_reads_) {
        const auto found = states.find(name);
        if (found == states.end() || flow.states[found->second].type != WidgetType::send_and_wait_for_reply) {
            add_error(errors, inbound_readers_.at(name),
                      "reads widgets." + name + ".inbound, but " + in_quotes(name) + " is not a send-and-wait-for-reply state");
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
    if (channel_address_) flow.data_shape.add({"flow", "channel", "address"}, Source::channel_address);
    if (sid_) {
        flow.data_shape.add({"flow", "sid"}, Source::sid);
        flow.data_shape.add({"flow", "flow_sid"}, Source::sid);
    }
    if (contact_address_) flow.data_shape.add({"contact", "channel", "address"}, Source::contact_address);
}

} // namespace sms::flow

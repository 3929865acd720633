#include "flow/flow_conversation.hpp"

#include <algorithm>

#include "liquid/utf8.hpp"
#include "text/utf8.hpp"

namespace sms::flow {

namespace {

// Template data made from (path, value) pairs: {"flow","variables","x"} -> "1"
// becomes {"flow": {"variables": {"x": "1"}}}.
class DataTree {
public:
    void put(const std::vector<std::string>& path, liquid::Value value) {
        Node* node = &root_;
        for (const auto& step : path) {
            const auto found = std::find(node->keys.begin(), node->keys.end(), step);
            const auto at = static_cast<std::size_t>(found - node->keys.begin());
            if (found == node->keys.end()) {
                node->keys.push_back(step);
                node->children.emplace_back();
            }
            node = &node->children[at];
        }
        node->leaf = std::move(value);
    }

    liquid::Value build() const { return build(root_); }

private:
    // Keys and children side by side: a vector of an incomplete type is
    // allowed, a std::pair holding one is not (clang refuses it).
    struct Node {
        std::vector<std::string> keys;
        std::vector<Node> children;
        liquid::Value leaf;
    };

    static liquid::Value build(const Node& node) {
        if (node.children.empty()) return node.leaf;
        liquid::Object object;
        object.reserve(node.children.size());
        for (std::size_t i = 0; i < node.children.size(); ++i) object.emplace_back(node.keys[i], build(node.children[i]));
        return liquid::Value(std::move(object));
    }

    Node root_;
};

// One answer: the widgets run for one message.
class Run {
public:
    Run(const Flow& flow, const FlowLimits& limits, const InboundMessage& message, Session& session,
        twiml::MessagingResponse& reply)
        : flow_(flow), limits_(limits), message_(message), session_(session), reply_(reply) {}

    ConversationOutcome answer();

private:
    enum class Stop { waiting, ended, failed };

    void start();
    Stop run_from(std::size_t index);
    void send(const State& state);
    bool split_matches(const State& state, const SplitCase& split_case, std::string_view input);
    void set_variables(const State& state);
    void keep(const std::vector<StoredField>& fields);
    void drop_foreign_entries();

    const liquid::Value& data();
    std::string render(const State& state, std::string_view property, const Text& text);
    void note(const std::string& text) { outcome_.note += (outcome_.note.empty() ? "" : "; ") + text; }

    const Flow& flow_;
    const FlowLimits& limits_;
    const InboundMessage& message_;
    Session& session_;
    twiml::MessagingResponse& reply_;
    ConversationOutcome outcome_;
    std::size_t widgets_run_ = 0;
    liquid::Value data_;
    bool data_stale_ = true;
};

const liquid::Value& Run::data() {
    if (!data_stale_) return data_;
    DataTree tree;
    const auto put_stored = [&](const std::vector<StoredField>& fields) {
        for (const auto& field : fields) {
            if (const auto text = session_.get_string(field.key)) tree.put(field.path, liquid::Value(std::string(*text)));
        }
    };
    put_stored(flow_.trigger_fields);
    for (const auto& fields : flow_.inbound_fields) put_stored(fields);
    put_stored(flow_.variables);
    tree.put({"flow", "channel", "address"}, liquid::Value(std::string(message_.to)));
    tree.put({"flow", "sid"}, liquid::Value(flow_.sid));
    tree.put({"flow", "flow_sid"}, liquid::Value(flow_.sid));
    tree.put({"contact", "channel", "address"}, liquid::Value(std::string(message_.from)));
    data_ = tree.build();
    data_stale_ = false;
    return data_;
}

std::string Run::render(const State& state, std::string_view property, const Text& text) {
    std::string out;
    if (!text.compiled) return out;
    if (auto stopped = text.compiled->render(data(), out, limits_.render, message_.now)) {
        note("state " + state.name + " " + std::string(property) + ": rendering stopped: " + *stopped);
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
        std::string value = render(state, "variables." + variable.key, variable.value);
        value.resize(text::utf8_cut(value, limits_.max_stored_text_bytes).size());
        values.push_back(std::move(value));
    }
    for (std::size_t i = 0; i < values.size(); ++i) session_.set("v." + state.variables[i].key, std::move(values[i]));
    data_stale_ = true;
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
        return std::any_of(flow_.inbound_fields.begin(), flow_.inbound_fields.end(), in);
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
    Stop stop;
    if (!waiting) {
        start();
        stop = run_from(flow_.start);
    } else {
        const State& wait = flow_.states[*waiting];
        const std::int64_t started = session_.get_int(kWaitStartedKey).value_or(message_.now);
        session_.erase(kWaitingStateKey);
        session_.erase(kWaitStartedKey);
        if (message_.now - started > wait.timeout_seconds) {
            // The reply came too late: the timeout path runs now. If it ends
            // the execution, this message starts the next one; if it waits
            // again, this message answers no question the sender saw.
            stop = run_from(wait.on_timeout);
            if (stop == Stop::ended) {
                start();
                stop = run_from(flow_.start);
            }
        } else {
            keep(flow_.inbound_fields[*waiting]);
            stop = run_from(wait.next);
        }
    }
    (void)stop;
    return std::move(outcome_);
}

} // namespace

ConversationOutcome FlowConversation::respond(const InboundMessage& message, Session& session,
                                              twiml::MessagingResponse& reply) const {
    return Run(flow_, limits_, message, session, reply).answer();
}

} // namespace sms::flow

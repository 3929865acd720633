#include "flow/flow_dot.hpp"

namespace sms::flow {

namespace {

// Text for a DOT double-quoted string: quotes and backslashes escaped,
// control characters dropped.
std::string dot_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) >= ' ') out += c;
    }
    return out;
}

std::string dot_string(std::string_view text) { return "\"" + dot_escape(text) + "\""; }

} // namespace

std::string flow_dot(const Flow& flow) {
    std::string out = "digraph flow {\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
                      "  edge [fontname=\"Helvetica\", fontsize=10];\n";
    bool ends = false;
    for (const auto& state : flow.states) {
        // "\\n" (backslash, n) is DOT's line break inside a label.
        std::string label = dot_escape(state.name) + "\\n" + std::string(widget_type_name(state.type));
        if (state.type == WidgetType::send_and_wait_for_reply) {
            label += " (" + std::to_string(state.timeout_seconds) + " s)";
        }
        out += "  " + dot_string(state.name) + " [label=\"" + label + "\"";
        if (state.type == WidgetType::trigger) out += ", shape=oval";
        out += "];\n";
    }
    const auto edge = [&](const State& from, std::size_t to, const std::string& label) {
        ends = ends || to == kEnd;
        out += "  " + dot_string(from.name) + " -> " + (to == kEnd ? std::string("\"(end)\"") : dot_string(flow.states[to].name)) +
               " [label=" + dot_string(label) + "];\n";
    };
    for (const auto& state : flow.states) {
        switch (state.type) {
        case WidgetType::trigger:
            edge(state, state.next, "incomingMessage");
            break;
        case WidgetType::send_message: edge(state, state.next, "sent"); break;
        case WidgetType::set_variables: edge(state, state.next, "next"); break;
        case WidgetType::send_and_wait_for_reply:
            edge(state, state.next, "incomingMessage");
            edge(state, state.on_timeout, "timeout");
            break;
        case WidgetType::split_based_on:
            for (const auto& split_case : state.cases) {
                std::string label;
                for (const auto& condition : split_case.conditions) {
                    label += (label.empty() ? "" : " and ") + condition.description;
                }
                edge(state, split_case.next, label);
            }
            edge(state, state.next, "noMatch");
            break;
        case WidgetType::make_http_request:
            edge(state, state.next, "success");
            edge(state, state.on_failure, "failed");
            break;
        case WidgetType::run_function:
            edge(state, state.next, "success");
            edge(state, state.on_failure, "fail");
            break;
        }
    }
    if (ends) out += "  \"(end)\" [shape=doublecircle, label=\"end\"];\n";
    return out + "}\n";
}

} // namespace sms::flow

#include "flow/flow.hpp"

#include <algorithm>

namespace sms::flow {

std::string_view widget_type_name(WidgetType type) {
    switch (type) {
    case WidgetType::trigger: return "trigger";
    case WidgetType::send_message: return "send-message";
    case WidgetType::send_and_wait_for_reply: return "send-and-wait-for-reply";
    case WidgetType::split_based_on: return "split-based-on";
    case WidgetType::set_variables: return "set-variables";
    case WidgetType::make_http_request: return "make-http-request";
    case WidgetType::run_function: return "run-function";
    }
    return "?";
}

DataShape& DataShape::add(const std::vector<std::string>& path, Source leaf_source, std::string leaf_session_key) {
    DataShape* node = this;
    for (const auto& step : path) {
        auto found = std::find_if(node->members.begin(), node->members.end(),
                                  [&step](const DataShape& member) { return member.key == step; });
        if (found == node->members.end()) {
            node->members.push_back({step, Source::object, {}, kEnd, {}});
            found = std::prev(node->members.end());
        }
        node = &*found;
    }
    node->source = leaf_source;
    node->session_key = std::move(leaf_session_key);
    return *node;
}

std::optional<std::size_t> Flow::find(std::string_view state_name) const {
    for (std::size_t i = 0; i < states.size(); ++i) {
        if (states[i].name == state_name) return i;
    }
    return std::nullopt;
}

bool Flow::calls_out() const {
    return std::any_of(states.begin(), states.end(), [](const State& state) {
        return state.type == WidgetType::make_http_request || state.type == WidgetType::run_function;
    });
}

} // namespace sms::flow

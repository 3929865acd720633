#include "flow/flow.hpp"

namespace sms::flow {

std::string_view widget_type_name(WidgetType type) {
    switch (type) {
    case WidgetType::trigger: return "trigger";
    case WidgetType::send_message: return "send-message";
    case WidgetType::send_and_wait_for_reply: return "send-and-wait-for-reply";
    case WidgetType::split_based_on: return "split-based-on";
    case WidgetType::set_variables: return "set-variables";
    }
    return "?";
}

std::optional<std::size_t> Flow::find(std::string_view state_name) const {
    for (std::size_t i = 0; i < states.size(); ++i) {
        if (states[i].name == state_name) return i;
    }
    return std::nullopt;
}

} // namespace sms::flow

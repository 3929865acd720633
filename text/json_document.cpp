#include "text/json_document.hpp"

namespace sms::text {

namespace {

struct TooDeep {};

} // namespace

std::variant<nlohmann::ordered_json, JsonError> parse_json(std::string_view text, std::size_t max_depth) {
    using Json = nlohmann::ordered_json;
    try {
        // The callback sees each value as it starts, so a deep document stops
        // at the limit instead of being built first.
        return Json::parse(text, [max_depth](int depth, Json::parse_event_t, Json&) {
            if (static_cast<std::size_t>(depth) > max_depth) throw TooDeep{};
            return true;
        });
    } catch (const Json::exception& e) {
        return JsonError{JsonError::Kind::syntax, e.what()};
    } catch (const TooDeep&) {
        return JsonError{JsonError::Kind::too_deep, "nested deeper than " + std::to_string(max_depth) + " levels"};
    }
}

std::string json_text(const nlohmann::ordered_json& value) { return value.dump(); }

} // namespace sms::text

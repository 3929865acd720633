// JSON text to a document (nlohmann's ordered_json: keys stay in file order),
// refusing documents nested deeper than a limit, and back to text. Flows and
// Liquid data both parse here, so the parser and the serializer, the slowest
// code in the tree to compile, are instantiated in this one file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

namespace sms::text {

struct JsonError {
    enum class Kind { syntax, too_deep };
    Kind kind;
    std::string message; // nlohmann's description, or "nested deeper than N levels"
};

std::variant<nlohmann::ordered_json, JsonError> parse_json(std::string_view text, std::size_t max_depth);

// The value as compact JSON text (nlohmann's dump, instantiated here too).
std::string json_text(const nlohmann::ordered_json& value);

} // namespace sms::text

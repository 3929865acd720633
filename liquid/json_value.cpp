#include "liquid/json_value.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "liquid/js_number.hpp"
#include "text/json_document.hpp"

namespace sms::liquid {

namespace {

struct TooDeep {};

Value convert(const nlohmann::ordered_json& json, int depth) {
    if (depth > kMaxJsonDepth) throw TooDeep{};
    switch (json.type()) {
    case nlohmann::json::value_t::null: return Value::null();
    case nlohmann::json::value_t::boolean: return Value(json.get<bool>());
    case nlohmann::json::value_t::number_integer: return Value(static_cast<double>(json.get<std::int64_t>()));
    case nlohmann::json::value_t::number_unsigned: return Value(static_cast<double>(json.get<std::uint64_t>()));
    case nlohmann::json::value_t::number_float: return Value(json.get<double>());
    case nlohmann::json::value_t::string: return Value(json.get<std::string>());
    case nlohmann::json::value_t::array: {
        Array array;
        array.reserve(json.size());
        for (const auto& element : json) array.push_back(convert(element, depth + 1));
        return Value(std::move(array));
    }
    case nlohmann::json::value_t::object: {
        Object object;
        object.reserve(json.size());
        for (const auto& [key, element] : json.items()) object.emplace_back(key, convert(element, depth + 1));
        return Value(std::move(object));
    }
    default: return Value();
    }
}

void append_json_string(std::string& out, std::string_view text) {
    static const char kHex[] = "0123456789abcdef";
    out += '"';
    for (char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out += kHex[(c >> 4) & 0xF];
                out += kHex[c & 0xF];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace

std::variant<Value, std::string> value_from_json(const nlohmann::ordered_json& json) {
    try {
        return convert(json, 0);
    } catch (const TooDeep&) {
        return std::string("JSON nested deeper than ") + std::to_string(kMaxJsonDepth) + " levels";
    }
}

std::variant<Value, std::string> parse_json_value(std::string_view text) {
    auto parsed = text::parse_json(text, kMaxJsonDepth);
    if (const auto* error = std::get_if<text::JsonError>(&parsed)) {
        if (error->kind == text::JsonError::Kind::too_deep) return "JSON " + error->message;
        return std::string("not valid JSON");
    }
    return value_from_json(std::get<nlohmann::ordered_json>(parsed));
}

bool append_json(std::string& out, const Value& value) {
    switch (value.kind()) {
    case Value::Kind::undefined: return false;
    case Value::Kind::null: out += "null"; return true;
    case Value::Kind::boolean: out += value.boolean() ? "true" : "false"; return true;
    case Value::Kind::number:
        if (std::isfinite(value.number())) append_js_number(out, value.number());
        else out += "null";
        return true;
    case Value::Kind::string: append_json_string(out, value.string()); return true;
    case Value::Kind::array: {
        out += '[';
        bool first = true;
        for (const auto& element : value.array()) {
            if (!first) out += ',';
            first = false;
            if (!append_json(out, element)) out += "null";
        }
        out += ']';
        return true;
    }
    case Value::Kind::object: {
        out += '{';
        bool first = true;
        for (const auto& [key, element] : value.object()) {
            if (element.kind() == Value::Kind::undefined) continue;
            if (!first) out += ',';
            first = false;
            append_json_string(out, key);
            out += ':';
            append_json(out, element);
        }
        out += '}';
        return true;
    }
    }
    return false;
}

} // namespace sms::liquid

#include "liquid/value.hpp"

#include <cmath>
#include <limits>

#include "liquid/js_number.hpp"
#include "liquid/utf8.hpp"

namespace sms::liquid {

const Value* Value::member(std::string_view key) const {
    if (kind_ != Kind::object) return nullptr;
    for (const auto& [name, value] : object())
        if (name == key) return &value;
    return nullptr;
}

void append_text(std::string& out, const Value& value) {
    switch (value.kind()) {
    case Value::Kind::undefined:
    case Value::Kind::null: return;
    case Value::Kind::boolean: out += value.boolean() ? "true" : "false"; return;
    case Value::Kind::number: append_js_number(out, value.number()); return;
    case Value::Kind::string: out += value.string(); return;
    case Value::Kind::array:
        for (const auto& element : value.array()) append_text(out, element);
        return;
    case Value::Kind::object: out += "[object Object]"; return;
    }
}

std::string to_text(const Value& value) {
    std::string out;
    append_text(out, value);
    return out;
}

bool equals(const Value& a, const Value& b) {
    if (a.is_array()) {
        if (!b.is_array() || a.array().size() != b.array().size()) return false;
        for (std::size_t i = 0; i < a.array().size(); ++i)
            if (!equals(a.array()[i], b.array()[i])) return false;
        return true;
    }
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
    case Value::Kind::undefined:
    case Value::Kind::null: return true;
    case Value::Kind::boolean: return a.boolean() == b.boolean();
    case Value::Kind::number: return a.number() == b.number();
    case Value::Kind::string: return a.string() == b.string();
    case Value::Kind::array: return false;
    case Value::Kind::object: return &a.object() == &b.object(); // identity, as ===
    }
    return false;
}

namespace {

// ToPrimitive for the relational operators: arrays become their elements'
// String() joined by ",", objects "[object Object]", the rest stays.
Value to_primitive(const Value& value) {
    if (value.is_object()) return Value(std::string("[object Object]"));
    if (!value.is_array()) return value;
    std::string joined;
    bool first = true;
    for (const auto& element : value.array()) {
        if (!first) joined += ',';
        first = false;
        if (!element.is_nil()) joined += to_text(to_primitive(element));
    }
    return Value(std::move(joined));
}

// -1, 0, 1, or 2 for "unordered" (a NaN took part).
int js_compare(const Value& a, const Value& b) {
    const Value pa = to_primitive(a), pb = to_primitive(b);
    if (pa.is_string() && pb.is_string()) {
        const int c = compare_utf16(pa.string(), pb.string());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    const double x = to_number(pa), y = to_number(pb);
    if (std::isnan(x) || std::isnan(y)) return 2;
    return x < y ? -1 : x > y ? 1 : 0;
}

} // namespace

std::string js_string(const Value& value) {
    if (value.kind() == Value::Kind::undefined) return "undefined";
    if (value.kind() == Value::Kind::null) return "null";
    return to_text(to_primitive(value));
}

bool less_than(const Value& a, const Value& b) { return js_compare(a, b) == -1; }

bool less_or_equal(const Value& a, const Value& b) {
    const int c = js_compare(a, b);
    return c == -1 || c == 0;
}

double to_number(const Value& value) {
    switch (value.kind()) {
    case Value::Kind::undefined: return std::numeric_limits<double>::quiet_NaN();
    case Value::Kind::null: return 0;
    case Value::Kind::boolean: return value.boolean() ? 1 : 0;
    case Value::Kind::number: return value.number();
    case Value::Kind::string: return parse_js_number(value.string());
    case Value::Kind::array:
    case Value::Kind::object: return to_number(to_primitive(value));
    }
    return 0;
}

} // namespace sms::liquid

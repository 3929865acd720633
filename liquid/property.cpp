#include "liquid/property.hpp"

#include <charconv>
#include <cmath>

#include "liquid/js_number.hpp"
#include "liquid/utf8.hpp"

namespace sms::liquid {

namespace {

// A key that is an integer in canonical form ("0", "12", "-1") as an index.
bool integer_key(std::string_view key, double& index) {
    if (key.empty() || key.size() > 15) return false;
    long long n = 0;
    auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), n);
    if (ec != std::errc() || end != key.data() + key.size()) return false;
    if ((key[0] == '0' && key.size() > 1) || (key[0] == '-' && (key.size() == 1 || key[1] == '0'))) return false;
    index = static_cast<double>(n);
    return true;
}

// The UTF-16 unit at index as JavaScript's str[index] gives it, for
// characters of the Basic Multilingual Plane; undefined otherwise.
Value string_unit(const std::string& s, double index) {
    if (index < 0 || index != std::floor(index)) return Value();
    std::size_t units = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8_char_length(s, i);
        const std::size_t width = len == 4 ? 2 : 1;
        if (static_cast<double>(units) == index) return width == 1 ? Value(s.substr(i, len)) : Value();
        units += width;
        i += len;
        if (static_cast<double>(units) > index) return Value();
    }
    return Value();
}

} // namespace

Value read_index(const Value& value, double index) {
    if (value.is_array()) {
        const auto& a = value.array();
        if (index < 0) index += static_cast<double>(a.size());
        if (index < 0 || index != std::floor(index) || index >= static_cast<double>(a.size())) return Value();
        return a[static_cast<std::size_t>(index)];
    }
    if (value.is_string()) return string_unit(value.string(), index);
    if (value.is_object()) {
        std::string key;
        append_js_number(key, index);
        const Value* member = value.member(key);
        return member != nullptr ? *member : Value();
    }
    return Value();
}

Value read_property(const Value& value, std::string_view key) {
    switch (value.kind()) {
    case Value::Kind::object: {
        if (const Value* member = value.member(key)) return *member;
        if (key == "size") return Value(static_cast<double>(value.object().size()));
        return Value();
    }
    case Value::Kind::array: {
        double index;
        if (integer_key(key, index)) return read_index(value, index);
        const auto& a = value.array();
        if (key == "size" || key == "length") return Value(static_cast<double>(a.size()));
        if (key == "first") return a.empty() ? Value() : a.front();
        if (key == "last") return a.empty() ? Value() : a.back();
        return Value();
    }
    case Value::Kind::string: {
        double index;
        if (integer_key(key, index)) return index < 0 ? Value() : string_unit(value.string(), index);
        if (key == "size" || key == "length") return Value(static_cast<double>(utf16_length(value.string())));
        return Value();
    }
    default: return Value();
    }
}

Value read_dotted_path(const Value& value, std::string_view path) {
    Value current = value;
    while (true) {
        const auto dot = path.find('.');
        current = read_property(current, path.substr(0, dot));
        if (dot == std::string_view::npos) return current;
        path.remove_prefix(dot + 1);
    }
}

} // namespace sms::liquid

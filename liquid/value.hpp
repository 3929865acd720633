// The data a Liquid template reads: undefined, null, boolean, number, string,
// array, object. Numbers are doubles, as in liquidjs (a JavaScript engine),
// so that output and arithmetic match it byte for byte. Strings, arrays and
// objects are shared and immutable: copying a Value never copies its text.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sms::liquid {

class Value;
using Array = std::vector<Value>;
// Keys in insertion order, as JavaScript objects keep them.
using Object = std::vector<std::pair<std::string, Value>>;

class Value {
public:
    enum class Kind { undefined, null, boolean, number, string, array, object };

    Value() = default;
    static Value null() { return Value(Kind::null); }
    explicit Value(bool b) : kind_(Kind::boolean), boolean_(b) {}
    explicit Value(double n) : kind_(Kind::number), number_(n) {}
    explicit Value(std::string s)
        : kind_(Kind::string), shared_(std::make_shared<const std::string>(std::move(s))) {}
    explicit Value(Array a) : kind_(Kind::array), shared_(std::make_shared<const Array>(std::move(a))) {}
    explicit Value(Object o) : kind_(Kind::object), shared_(std::make_shared<const Object>(std::move(o))) {}

    Kind kind() const { return kind_; }
    bool is_nil() const { return kind_ == Kind::undefined || kind_ == Kind::null; }
    bool is_string() const { return kind_ == Kind::string; }
    bool is_number() const { return kind_ == Kind::number; }
    bool is_array() const { return kind_ == Kind::array; }
    bool is_object() const { return kind_ == Kind::object; }

    bool boolean() const { return boolean_; }
    double number() const { return number_; }
    // Only for strings, arrays and objects respectively.
    const std::string& string() const { return *static_cast<const std::string*>(shared_.get()); }
    const Array& array() const { return *static_cast<const Array*>(shared_.get()); }
    const Object& object() const { return *static_cast<const Object*>(shared_.get()); }

    // Liquid truth: only undefined, null and false are false.
    bool truthy() const { return !(is_nil() || (kind_ == Kind::boolean && !boolean_)); }

    // The member named key of an object, or nullptr.
    const Value* member(std::string_view key) const;

private:
    explicit Value(Kind kind) : kind_(kind) {}

    Kind kind_ = Kind::undefined;
    bool boolean_ = false;
    double number_ = 0;
    std::shared_ptr<const void> shared_;
};

// Appends the value as {{ }} prints it: nil as nothing, arrays as their
// elements' text joined without separator, objects as "[object Object]".
void append_text(std::string& out, const Value& value);
std::string to_text(const Value& value);

// JavaScript's String(value): undefined and null spelled out, arrays joined by ",".
std::string js_string(const Value& value);

// JavaScript's strict equality, with arrays compared element by element.
bool equals(const Value& a, const Value& b);

// JavaScript's relational operators (a < b, a <= b) with its conversions.
bool less_than(const Value& a, const Value& b);
bool less_or_equal(const Value& a, const Value& b);

// JavaScript's Number(value): strings parsed, nil as 0 or NaN, booleans 0/1.
double to_number(const Value& value);

} // namespace sms::liquid

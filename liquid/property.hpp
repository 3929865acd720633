// Reading one property of a value the way liquidjs does: object members,
// array and string indexes (negative from the end), and the size, length,
// first and last that arrays and strings answer.
#pragma once

#include <string_view>

#include "liquid/value.hpp"

namespace sms::liquid {

Value read_property(const Value& value, std::string_view key);
Value read_index(const Value& value, double index);

// A dotted path ("a.b.c") read from value, as map, where and sort use it.
Value read_dotted_path(const Value& value, std::string_view path);

} // namespace sms::liquid

// Every filter the templates may call, found by name at parse time.
#pragma once

#include <string_view>

#include "liquid/filter_spec.hpp"

namespace sms::liquid {

// The filter named name, or nullptr (an unknown filter is a parse error).
const FilterSpec* find_filter(std::string_view name);

} // namespace sms::liquid

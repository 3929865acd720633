// The filters of each kind, which filter_table.cpp puts together.
#pragma once

#include <span>

#include "liquid/filter_spec.hpp"

namespace sms::liquid {

std::span<const FilterSpec> string_filters();
std::span<const FilterSpec> number_filters();
std::span<const FilterSpec> array_filters();
std::span<const FilterSpec> date_filters();
std::span<const FilterSpec> misc_filters(); // default, json, to_json, url and HTML escaping

} // namespace sms::liquid

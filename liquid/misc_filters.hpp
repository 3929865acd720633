// default, json, to_json, size, slice, and the URL and HTML escaping filters, as filter_table.cpp finds them.
#pragma once

#include <span>

#include "liquid/filter_spec.hpp"

namespace sms::liquid {

std::span<const FilterSpec> misc_filters();

} // namespace sms::liquid

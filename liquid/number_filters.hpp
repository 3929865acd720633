// The number filters, as filter_table.cpp finds them.
#pragma once

#include <span>

#include "liquid/filter_spec.hpp"

namespace sms::liquid {

std::span<const FilterSpec> number_filters();

} // namespace sms::liquid

// The data a template can read, as variable paths: {"widgets", "ask",
// "inbound", "Body"} means that value and anything under it. Conservative:
// a path stops before the first index, dynamic lookup, size, first or last
// (the whole value there may be read), and a dynamic top-level lookup gives
// the empty path (all data). Loop variables and forloop are not data.
#pragma once

#include <string>
#include <vector>

#include "liquid/template.hpp"

namespace sms::liquid {

using VariablePath = std::vector<std::string>;

// Sorted, without duplicates; a path under another listed path is left out.
std::vector<VariablePath> referenced_paths(const Template& compiled);

} // namespace sms::liquid

// A filter as the parser finds it by name and the renderer calls it.
#pragma once

#include <cstddef>
#include <ctime>
#include <span>
#include <string_view>
#include <utility>

#include "liquid/value.hpp"

namespace sms::liquid {

class RenderBudget; // liquid/render_budget.hpp

struct FilterArguments {
    std::span<const Value> positional;
    std::span<const std::pair<std::string_view, Value>> named;

    // The i-th positional argument, undefined when absent.
    const Value& operator[](std::size_t i) const {
        static const Value kUndefined;
        return i < positional.size() ? positional[i] : kUndefined;
    }
};

struct FilterContext {
    RenderBudget& budget;
    std::time_t now; // what "now" and "today" mean to date
};

using FilterFunction = Value (*)(const Value& input, const FilterArguments& arguments, FilterContext& context);

struct FilterSpec {
    std::string_view name;
    FilterFunction function;
    std::size_t min_arguments; // fewer is a parse error, as in liquidjs
};

} // namespace sms::liquid

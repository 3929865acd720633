#include "liquid/filter_sets.hpp"

namespace sms::liquid {

const FilterSpec* find_filter(std::string_view name) {
    for (auto set : {string_filters(), number_filters(), array_filters(), date_filters(), misc_filters()})
        for (const FilterSpec& spec : set)
            if (spec.name == name) return &spec;
    return nullptr;
}

} // namespace sms::liquid

#include "liquid/filter_table.hpp"

#include "liquid/array_filters.hpp"
#include "liquid/date_filters.hpp"
#include "liquid/misc_filters.hpp"
#include "liquid/number_filters.hpp"
#include "liquid/string_filters.hpp"

namespace sms::liquid {

const FilterSpec* find_filter(std::string_view name) {
    for (auto set : {string_filters(), number_filters(), array_filters(), date_filters(), misc_filters()})
        for (const FilterSpec& spec : set)
            if (spec.name == name) return &spec;
    return nullptr;
}

} // namespace sms::liquid

// The array filters. A value that is not an array counts as an array of
// itself (nil as an empty one), as liquidjs's toArray makes it.
#include "liquid/array_filters.hpp"

#include <algorithm>
#include <cmath>

#include "liquid/render_budget.hpp"
#include "liquid/property.hpp"
#include "liquid/utf8.hpp"
#include "text/ascii.hpp"

namespace sms::liquid {

namespace {

Array to_array(const Value& v) {
    if (v.is_nil()) return {};
    if (v.is_array()) return v.array();
    return {v};
}

Value join(const Value& in, const FilterArguments& a, FilterContext&) {
    const std::string separator = a[0].is_nil() ? " " : to_text(a[0]);
    std::string out;
    bool first = true;
    for (const Value& element : to_array(in)) {
        if (!first) out += separator;
        first = false;
        if (!element.is_nil()) out += js_string(element);
    }
    return Value(std::move(out));
}

Value first(const Value& in, const FilterArguments&, FilterContext&) {
    if (in.is_array()) return in.array().empty() ? Value() : in.array().front();
    if (in.is_string()) return read_property(in, "0");
    return Value(std::string());
}

Value last(const Value& in, const FilterArguments&, FilterContext&) {
    if (in.is_array()) return in.array().empty() ? Value() : in.array().back();
    if (in.is_string()) {
        const std::size_t units = utf16_length(in.string());
        return units == 0 ? Value() : read_property(in, std::to_string(units - 1));
    }
    return Value(std::string());
}

Value reverse(const Value& in, const FilterArguments&, FilterContext&) {
    Array array = to_array(in);
    std::reverse(array.begin(), array.end());
    return Value(std::move(array));
}

// Ascending, nil last; what JavaScript's < and > say for the rest.
int ordered_compare(const Value& a, const Value& b, bool case_insensitive) {
    if (a.is_nil() && b.is_nil()) return 0;
    if (a.is_nil()) return 1;
    if (b.is_nil()) return -1;
    if (case_insensitive && a.is_string() && b.is_string()) {
        return ordered_compare(Value(text::to_lower(a.string())), Value(text::to_lower(b.string())), false);
    }
    if (less_than(a, b)) return -1;
    if (less_than(b, a)) return 1;
    return 0;
}

Value sort_by(const Value& in, const Value& property, bool case_insensitive) {
    Array array = to_array(in);
    const std::string path = property.is_nil() ? std::string() : to_text(property);
    std::vector<std::pair<Value, Value>> keyed;
    for (Value& element : array) {
        Value key = path.empty() ? element : read_dotted_path(element, path);
        keyed.emplace_back(std::move(key), std::move(element));
    }
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
        return ordered_compare(x.first, y.first, case_insensitive) < 0;
    });
    Array sorted;
    for (auto& [key, element] : keyed) sorted.push_back(std::move(element));
    return Value(std::move(sorted));
}

Value sort(const Value& in, const FilterArguments& a, FilterContext&) { return sort_by(in, a[0], false); }
Value sort_natural(const Value& in, const FilterArguments& a, FilterContext&) { return sort_by(in, a[0], true); }

Value map(const Value& in, const FilterArguments& a, FilterContext&) {
    const std::string path = to_text(a[0]);
    Array out;
    for (const Value& element : to_array(in)) out.push_back(read_dotted_path(element, path));
    return Value(std::move(out));
}

Value sum(const Value& in, const FilterArguments& a, FilterContext&) {
    const std::string path = a[0].is_nil() ? std::string() : to_text(a[0]);
    double total = 0;
    for (const Value& element : to_array(in)) {
        const double n = to_number(path.empty() ? element : read_dotted_path(element, path));
        if (!std::isnan(n)) total += n;
    }
    return Value(total);
}

Value compact(const Value& in, const FilterArguments&, FilterContext&) {
    Array out;
    for (const Value& element : to_array(in))
        if (!element.is_nil()) out.push_back(element);
    return Value(std::move(out));
}

Value concat(const Value& in, const FilterArguments& a, FilterContext&) {
    Array out = to_array(in);
    for (const Value& element : to_array(a[0])) out.push_back(element);
    return Value(std::move(out));
}

// JavaScript's Set keeps the first of SameValueZero-equal items: strings and
// numbers by value, arrays and objects by identity.
Value uniq(const Value& in, const FilterArguments&, FilterContext& context) {
    Array out;
    for (const Value& element : to_array(in)) {
        bool seen = false;
        for (const Value& kept : out) {
            context.budget.work(1);
            if (element.is_array() ? kept.is_array() && &kept.array() == &element.array() : equals(kept, element) ||
                (element.is_number() && kept.is_number() && std::isnan(element.number()) && std::isnan(kept.number()))) {
                seen = true;
                break;
            }
        }
        if (!seen) out.push_back(element);
    }
    return Value(std::move(out));
}

// Whether element's property a[0] is a[1], or truthy when a[1] is absent.
bool matches(const Value& element, const FilterArguments& a) {
    const Value value = read_dotted_path(element, to_text(a[0]));
    return a[1].kind() == Value::Kind::undefined ? value.truthy() : equals(value, a[1]);
}

Value filter_by(const Value& in, const FilterArguments& a, bool keep) {
    Array out;
    for (const Value& element : to_array(in))
        if (matches(element, a) == keep) out.push_back(element);
    return Value(std::move(out));
}

// The index of the first element that matches, or the element count.
std::size_t search(const Array& array, const FilterArguments& a) {
    std::size_t i = 0;
    while (i < array.size() && !matches(array[i], a)) ++i;
    return i;
}

Value find(const Value& in, const FilterArguments& a, FilterContext&) {
    const Array array = to_array(in);
    const std::size_t i = search(array, a);
    return i < array.size() ? array[i] : Value();
}

Value find_index(const Value& in, const FilterArguments& a, FilterContext&) {
    const Array array = to_array(in);
    const std::size_t i = search(array, a);
    return i < array.size() ? Value(static_cast<double>(i)) : Value();
}

Value has(const Value& in, const FilterArguments& a, FilterContext&) {
    const Array array = to_array(in);
    return Value(search(array, a) < array.size());
}

Value where(const Value& in, const FilterArguments& a, FilterContext&) { return filter_by(in, a, true); }
Value reject(const Value& in, const FilterArguments& a, FilterContext&) { return filter_by(in, a, false); }

constexpr FilterSpec kFilters[] = {
    {"join", join, 0},       {"first", first, 0},     {"last", last, 0},         {"reverse", reverse, 0},
    {"sort", sort, 0},       {"sort_natural", sort_natural, 0}, {"map", map, 0},  {"sum", sum, 0},
    {"compact", compact, 0}, {"concat", concat, 0},   {"uniq", uniq, 0},         {"where", where, 0},
    {"reject", reject, 0},   {"find", find, 0},       {"find_index", find_index, 0}, {"has", has, 0},
};

} // namespace

std::span<const FilterSpec> array_filters() { return kFilters; }

} // namespace sms::liquid

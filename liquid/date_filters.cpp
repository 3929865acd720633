// date: a time ("now", "today", seconds since the epoch as a number or a
// string of digits, or an ISO 8601 date) formatted with strftime in UTC.
// What is not a time is returned as it is, as liquidjs does.
#include "liquid/date_filters.hpp"

#include <cmath>
#include <optional>

#include "liquid/js_number.hpp"
#include "liquid/render_budget.hpp"
#include "liquid/strftime.hpp"
#include "text/iso8601.hpp"

namespace sms::liquid {

namespace {

constexpr double kMaxDateMs = 8.64e15; // JavaScript's Date range

std::optional<double> to_milliseconds(const Value& v, std::time_t now) {
    if (v.is_number()) return v.number() * 1000;
    if (!v.is_string()) return std::nullopt;
    const std::string& s = v.string();
    if (s == "now" || s == "today") return static_cast<double>(now) * 1000;
    if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos) return parse_js_number(s) * 1000;
    return text::parse_iso8601_milliseconds(s);
}

Value date(const Value& in, const FilterArguments& a, FilterContext& context) {
    const auto ms = to_milliseconds(in, context.now);
    if (!ms || !(std::fabs(*ms) <= kMaxDateMs)) return in;
    // liquidjs's default format when none is given.
    const std::string format = a[0].is_nil() ? "%A, %B %-e, %Y at %-l:%M %P %z" : to_text(a[0]);
    context.budget.work(format.size());
    return Value(format_date(static_cast<std::int64_t>(std::trunc(*ms)), format));
}

constexpr FilterSpec kFilters[] = {
    {"date", date, 0},
};

} // namespace

std::span<const FilterSpec> date_filters() { return kFilters; }

} // namespace sms::liquid

// abs, at_least, at_most, ceil, floor, round, plus, minus, times, divided_by,
// modulo: liquidjs converts every operand with Number(x) || 0.
#include "liquid/number_filters.hpp"

#include <cmath>

#include "liquid/js_number.hpp"

namespace sms::liquid {

namespace {

double operand(const Value& v) {
    const double n = to_number(v);
    return std::isnan(n) ? 0 : n;
}

// JavaScript's Math.round: halves round towards +infinity.
double js_round(double x) {
    if (!std::isfinite(x)) return x;
    const double r = std::floor(x);
    return x - r >= 0.5 ? r + 1 : r;
}

// Number(`${mantissa}e${exponent + shift}`) from String(n), as liquidjs's round shifts decimals.
double shift_decimal(double n, double shift) {
    std::string text;
    append_js_number(text, n);
    const auto e = text.find('e');
    double exponent = e == std::string::npos ? 0 : parse_js_number(text.substr(e + 1));
    std::string shifted = text.substr(0, e) + "e";
    append_js_number(shifted, exponent + shift);
    return parse_js_number(shifted);
}

Value round_filter(const Value& in, const FilterArguments& a, FilterContext&) {
    const double v = operand(in), places = operand(a[0]);
    const double scaled = shift_decimal(std::fabs(v), places);
    if (!(scaled <= 9007199254740991.0)) return Value(v);
    const double rounded = shift_decimal(js_round(scaled), -places);
    return Value(v < 0 ? -rounded : rounded);
}

template <double (*F)(double)>
Value unary(const Value& in, const FilterArguments&, FilterContext&) {
    return Value(F(operand(in)));
}

template <double (*F)(double, double)>
Value binary(const Value& in, const FilterArguments& a, FilterContext&) {
    return Value(F(operand(in), operand(a[0])));
}

double js_abs(double x) { return std::fabs(x); }
double js_ceil(double x) { return std::ceil(x); }
double js_floor(double x) { return std::floor(x); }
double js_max(double x, double y) { return std::isnan(x) || std::isnan(y) ? NAN : std::max(x, y); }
double js_min(double x, double y) { return std::isnan(x) || std::isnan(y) ? NAN : std::min(x, y); }
double add(double x, double y) { return x + y; }
double subtract(double x, double y) { return x - y; }
double multiply(double x, double y) { return x * y; }
// ((v % arg) + arg) % arg, with JavaScript's % (fmod).
double modulo(double x, double y) { return std::fmod(std::fmod(x, y) + y, y); }

Value divided_by(const Value& in, const FilterArguments& a, FilterContext&) {
    const double q = operand(in) / operand(a[0]);
    return Value(operand(a[1]) != 0 ? std::floor(q) : q);
}

constexpr FilterSpec kFilters[] = {
    {"abs", unary<js_abs>, 0},          {"ceil", unary<js_ceil>, 0},       {"floor", unary<js_floor>, 0},
    {"round", round_filter, 0},         {"at_least", binary<js_max>, 0},   {"at_most", binary<js_min>, 0},
    {"plus", binary<add>, 0},           {"minus", binary<subtract>, 0},    {"times", binary<multiply>, 0},
    {"divided_by", divided_by, 0},      {"modulo", binary<modulo>, 0},
};

} // namespace

std::span<const FilterSpec> number_filters() { return kFilters; }

} // namespace sms::liquid

#include "flow/condition.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "flow/condition_time.hpp"
#include "text/ascii.hpp"

namespace sms::flow {

namespace {

// In the order of ConditionType.
constexpr std::array<std::string_view, 17> kNames = {
    "equal_to",
    "not_equal_to",
    "matches_any_of",
    "does_not_match_any_of",
    "is_blank",
    "is_not_blank",
    "regex",
    "contains",
    "does_not_contain",
    "starts_with",
    "does_not_start_with",
    "less_than",
    "greater_than",
    "is_before_time",
    "is_after_time",
    "is_before_date",
    "is_after_date",
};
static_assert(kNames.size() == static_cast<std::size_t>(ConditionType::is_after_date) + 1);

// The types that are the negation of another: they match where it does not.
bool negated(ConditionType type) {
    switch (type) {
    case ConditionType::not_equal_to:
    case ConditionType::does_not_match_any_of:
    case ConditionType::is_not_blank:
    case ConditionType::does_not_contain:
    case ConditionType::does_not_start_with:
        return true;
    default:
        return false;
    }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A finite decimal number: optional sign, digits with an optional fraction,
// optional exponent. std::from_chars alone would also take "inf" and "nan".
std::optional<double> parse_number(std::string_view text) {
    const bool signed_ = !text.empty() && (text.front() == '+' || text.front() == '-');
    const std::string_view unsigned_part = text.substr(signed_ ? 1 : 0);
    if (unsigned_part.empty() || !(is_digit(unsigned_part.front()) || unsigned_part.front() == '.')) return std::nullopt;
    if (text.front() == '+') text.remove_prefix(1); // from_chars takes '-' only
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

// The comma-separated items of a matches_any_of value, trimmed, empty ones dropped.
std::vector<std::string> list_items(std::string_view list) {
    std::vector<std::string> items;
    while (true) {
        const std::size_t comma = list.find(',');
        const std::string_view item = text::trim(list.substr(0, comma));
        if (!item.empty()) items.emplace_back(item);
        if (comma == std::string_view::npos) return items;
        list.remove_prefix(comma + 1);
    }
}

std::optional<std::int64_t> time_of_day_of_input(std::string_view input, std::int64_t now) {
    if (const auto time = parse_time_of_day(input)) return time;
    if (const auto moment = parse_moment(input, now)) return time_of_day_of(*moment);
    return std::nullopt;
}

std::optional<std::int64_t> day_of_input(std::string_view input, std::int64_t now) {
    if (const auto moment = parse_moment(input, now)) return day_of(*moment);
    return std::nullopt;
}

} // namespace

std::optional<ConditionType> parse_condition_type(std::string_view studio_name) {
    const auto found = std::find(kNames.begin(), kNames.end(), studio_name);
    if (found == kNames.end()) return std::nullopt;
    return static_cast<ConditionType>(found - kNames.begin());
}

std::string_view condition_type_name(ConditionType type) { return kNames[static_cast<std::size_t>(type)]; }

std::variant<Condition, std::string> Condition::compile(ConditionType type, std::string_view value) {
    const std::string_view trimmed = text::trim(value);
    Condition condition(type);
    switch (type) {
    case ConditionType::matches_any_of:
    case ConditionType::does_not_match_any_of:
        condition.items_ = list_items(trimmed);
        break;
    case ConditionType::regex: {
        // UTF-8, so that a pattern is checked for valid UTF-8 here and input
        // that is not valid UTF-8 simply fails to match what it cannot spell.
        re2::RE2::Options options;
        options.set_encoding(re2::RE2::Options::EncodingUTF8);
        options.set_case_sensitive(false);
        options.set_never_capture(true);
        options.set_log_errors(false);
        options.set_max_mem(kRegexMaxMemory);
        condition.regex_ = std::make_shared<const re2::RE2>(re2::StringPiece(trimmed.data(), trimmed.size()), options);
        if (!condition.regex_->ok()) return "bad regex: " + condition.regex_->error();
        break;
    }
    case ConditionType::less_than:
    case ConditionType::greater_than: {
        const auto number = parse_number(trimmed);
        if (!number) return "not a number: " + std::string(trimmed);
        condition.number_ = *number;
        break;
    }
    case ConditionType::is_before_time:
    case ConditionType::is_after_time: {
        const auto time = parse_time_of_day(trimmed);
        if (!time) return "not a time: " + std::string(trimmed);
        condition.moment_ = *time;
        break;
    }
    case ConditionType::is_before_date:
    case ConditionType::is_after_date: {
        const auto moment = parse_iso_moment(trimmed);
        if (!moment) return "not a date: " + std::string(trimmed);
        condition.moment_ = day_of(*moment);
        break;
    }
    default:
        condition.text_ = trimmed;
        break;
    }
    return condition;
}

bool Condition::matches(std::string_view input, std::int64_t now) const {
    return holds(text::trim(input), now) != negated(type_);
}

// The condition, or for a negated type the one it negates, on trimmed input.
bool Condition::holds(std::string_view input, std::int64_t now) const {
    switch (type_) {
    case ConditionType::equal_to:
    case ConditionType::not_equal_to:
        return text::equals_ignoring_case(input, text_);
    case ConditionType::matches_any_of:
    case ConditionType::does_not_match_any_of: {
        return std::any_of(items_.begin(), items_.end(),
                           [&](const std::string& item) { return text::equals_ignoring_case(input, item); });
    }
    case ConditionType::is_blank:
    case ConditionType::is_not_blank:
        return input.empty();
    case ConditionType::regex:
        return re2::RE2::PartialMatch(re2::StringPiece(input.data(), input.size()),
                                      *regex_);
    case ConditionType::contains:
    case ConditionType::does_not_contain: {
        return !text_.empty() && text::contains_ignoring_case(input, text_);
    }
    case ConditionType::starts_with:
    case ConditionType::does_not_start_with: {
        return !text_.empty() && text::starts_with_ignoring_case(input, text_);
    }
    case ConditionType::less_than: {
        const auto number = parse_number(input);
        return number && *number < number_;
    }
    case ConditionType::greater_than: {
        const auto number = parse_number(input);
        return number && *number > number_;
    }
    case ConditionType::is_before_time: {
        const auto time = time_of_day_of_input(input, now);
        return time && *time < moment_;
    }
    case ConditionType::is_after_time: {
        const auto time = time_of_day_of_input(input, now);
        return time && *time > moment_;
    }
    case ConditionType::is_before_date: {
        const auto day = day_of_input(input, now);
        return day && *day < moment_;
    }
    case ConditionType::is_after_date: {
        const auto day = day_of_input(input, now);
        return day && *day > moment_;
    }
    }
    return false;
}

} // namespace sms::flow

// The conditions of Studio's Split Based On widget, compiled once from their
// value and tested against the split's rendered input at each request.
//
// Studio documents that its "conditions are not case-sensitive and
// automatically trim leading and trailing spaces of the values", and that a
// condition reads "subject predicate value" with the split's input as the
// subject. So every type here trims input and value (space, tab, CR, LF) and
// ignores the case of ASCII letters (other bytes compare exactly: "É" is not
// "é"; a regex folds Unicode case as RE2 does). Where Studio says no more:
//   equal_to, not_equal_to: the input is (is not) the value.
//   matches_any_of, does_not_match_any_of: the input is (is not) one of the
//     value's comma-separated items, each trimmed, empty ones dropped.
//   is_blank, is_not_blank: the input is (is not) empty; the value is unused.
//   regex: RE2 syntax, searched for anywhere in the input (^...$ for all of
//     it; (?-i) for case); bytes that are not UTF-8 match no character.
//   contains, does_not_contain: the value occurs (does not) in the input; an
//     empty value occurs nowhere.
//   starts_with, does_not_start_with: the input begins (does not) with the
//     value; an empty value begins nothing.
//   less_than, greater_than: input and value are decimal numbers ("-1.5",
//     "2e3"; not "1,000", "0x1F", "Infinity"), the input below (above) the
//     value; an input that is no number matches neither.
//   is_before_time, is_after_time: the input's time of day, UTC, is strictly
//     before (after) the value, "HH:MM" or "HH:MM:SS"; the input is a time of
//     day, an ISO 8601 date-time, or "now" (the current time).
//   is_before_date, is_after_date: the input's UTC day is strictly before
//     (after) the value's, an ISO 8601 date or date-time; the input is one
//     too, or "now"/"today".
//   An input that is no time or date matches no time or date condition.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace re2 {
class RE2;
}

namespace sms::flow {

enum class ConditionType : std::uint8_t {
    equal_to,
    not_equal_to,
    matches_any_of,
    does_not_match_any_of,
    is_blank,
    is_not_blank,
    regex,
    contains,
    does_not_contain,
    starts_with,
    does_not_start_with,
    less_than,
    greater_than,
    is_before_time,
    is_after_time,
    is_before_date,
    is_after_date,
};

// "equal_to" -> ConditionType::equal_to; nullopt for a name Studio does not use.
std::optional<ConditionType> parse_condition_type(std::string_view studio_name);
std::string_view condition_type_name(ConditionType type);

// What one compiled regex may hold in memory (RE2's max_mem): a pattern that
// needs more fails to compile, whatever it is later matched against.
inline constexpr std::int64_t kRegexMaxMemory = 1 << 20;

class Condition {
public:
    // Compiled once (at start-up when the value is literal text; per request
    // when the flow's value holds Liquid), or a short one-line reason, e.g.
    // "bad regex: missing ): (ab" or "not a time: 25:00".
    static std::variant<Condition, std::string> compile(ConditionType type, std::string_view value);

    // Whether the tested text (the split's rendered input) satisfies the
    // condition; now = Unix seconds (UTC).
    bool matches(std::string_view input, std::int64_t now) const;

    ConditionType type() const { return type_; }

private:
    explicit Condition(ConditionType type) : type_(type) {}

    bool holds(std::string_view input, std::int64_t now) const;

    ConditionType type_;
    // What compile made of the value, by type: the trimmed text, the list
    // items, the regex, the number, or the time of day in seconds or the day
    // since 1970-01-01 that the input is compared with.
    std::string text_;
    std::vector<std::string> items_;
    std::shared_ptr<const re2::RE2> regex_;
    double number_ = 0;
    std::int64_t moment_ = 0;
};

} // namespace sms::flow

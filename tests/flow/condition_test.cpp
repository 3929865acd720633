// Studio's split conditions: every type both ways, Studio's case and space
// rules, list splitting, numbers, RE2 limits, and times and dates in UTC.
#include <boost/test/unit_test.hpp>

#include <string>

#include "flow/condition.hpp"

namespace sms::flow {

namespace {

// 2026-12-01T08:07:25Z, a Tuesday.
constexpr std::int64_t kNow = 1796112445;

Condition compiled(ConditionType type, std::string_view value) {
    auto result = Condition::compile(type, value);
    if (auto* error = std::get_if<std::string>(&result)) BOOST_FAIL(*error);
    return std::get<Condition>(std::move(result));
}

std::string compile_error(ConditionType type, std::string_view value) {
    auto result = Condition::compile(type, value);
    BOOST_REQUIRE(std::holds_alternative<std::string>(result));
    return std::get<std::string>(result);
}

bool test(ConditionType type, std::string_view value, std::string_view input, std::int64_t now = kNow) {
    return compiled(type, value).matches(input, now);
}

using enum ConditionType;

} // namespace

BOOST_AUTO_TEST_SUITE(flow_condition)

BOOST_AUTO_TEST_CASE(names_are_studios_and_round_trip) {
    const ConditionType all[] = {equal_to,         not_equal_to,  matches_any_of, does_not_match_any_of,
                                 is_blank,         is_not_blank,  regex,          contains,
                                 does_not_contain, starts_with,   does_not_start_with, less_than,
                                 greater_than,     is_before_time, is_after_time, is_before_date,
                                 is_after_date};
    for (const auto type : all) BOOST_TEST((parse_condition_type(condition_type_name(type)) == type));
    BOOST_TEST(condition_type_name(does_not_match_any_of) == "does_not_match_any_of");
    BOOST_TEST((parse_condition_type("is_after_date") == is_after_date));
    BOOST_TEST(!parse_condition_type("equals"));
    BOOST_TEST(!parse_condition_type("EQUAL_TO"));
    BOOST_TEST(!parse_condition_type(""));
}

BOOST_AUTO_TEST_CASE(equal_to_ignores_case_and_surrounding_space) {
    // A real flow asks senders to reply "YES" and tests equal_to "yes".
    BOOST_TEST(test(equal_to, "yes", "YES"));
    BOOST_TEST(test(equal_to, "yes", "  Yes \r\n"));
    BOOST_TEST(test(equal_to, " YES\t", "yes"));
    BOOST_TEST(!test(equal_to, "yes", "yes please"));
    BOOST_TEST(!test(equal_to, "yes", "y es"));
    BOOST_TEST(!test(equal_to, "yes", ""));
    BOOST_TEST(test(equal_to, "", "   "));
    BOOST_TEST(!test(not_equal_to, "yes", " YES "));
    BOOST_TEST(test(not_equal_to, "yes", "no"));
}

BOOST_AUTO_TEST_CASE(case_folds_ascii_only) {
    BOOST_TEST(test(equal_to, "caf\xC3\xA9", "CAF\xC3\xA9"));
    BOOST_TEST(!test(equal_to, "caf\xC3\xA9", "caf\xC3\x89")); // é and É are not folded
    BOOST_TEST(test(equal_to, "caf\xC3", "CAF\xC3"));          // invalid UTF-8 compares byte for byte
}

BOOST_AUTO_TEST_CASE(matches_any_of_splits_trims_and_drops_empty_items) {
    const auto yes = compiled(matches_any_of, "yes, y, ok,");
    BOOST_TEST(yes.matches("Y", kNow));
    BOOST_TEST(yes.matches(" ok ", kNow));
    BOOST_TEST(yes.matches("YES", kNow));
    BOOST_TEST(!yes.matches("", kNow)); // the empty item after the trailing comma matches nothing
    BOOST_TEST(!yes.matches("   ", kNow));
    BOOST_TEST(!yes.matches("yes, y", kNow));
    BOOST_TEST(!yes.matches("okay", kNow));
    BOOST_TEST(test(matches_any_of, "START, Start, start,", "sTaRt"));
    BOOST_TEST(test(matches_any_of, "1,BOCK,Bock,bock", "1"));
    BOOST_TEST(test(matches_any_of, "33 export", "33 EXPORT"));
    BOOST_TEST(!test(matches_any_of, ", ,,", ""));

    const auto not_yes = compiled(does_not_match_any_of, "yes, y, ok,");
    BOOST_TEST(not_yes.matches("no", kNow));
    BOOST_TEST(not_yes.matches("", kNow));
    BOOST_TEST(!not_yes.matches(" Y ", kNow));
}

BOOST_AUTO_TEST_CASE(is_blank_trims_and_ignores_the_value) {
    BOOST_TEST(test(is_blank, "", ""));
    BOOST_TEST(test(is_blank, "", " \t\r\n "));
    BOOST_TEST(test(is_blank, "anything", ""));
    BOOST_TEST(!test(is_blank, "", " x "));
    BOOST_TEST(!test(is_blank, "", "0"));
    BOOST_TEST(test(is_not_blank, "", "x"));
    BOOST_TEST(!test(is_not_blank, "", " \n"));
}

BOOST_AUTO_TEST_CASE(contains_and_starts_with_ignore_case) {
    BOOST_TEST(test(contains, "stop", "Please STOP texting"));
    BOOST_TEST(test(contains, " stop ", "stop"));
    BOOST_TEST(!test(contains, "stop", "Please ST0P"));
    BOOST_TEST(!test(contains, "", "anything")); // an empty value occurs nowhere
    BOOST_TEST(test(does_not_contain, "stop", "go on"));
    BOOST_TEST(!test(does_not_contain, "stop", "STOP"));
    BOOST_TEST(test(does_not_contain, "", "anything"));

    BOOST_TEST(test(starts_with, "help", "  HELP me"));
    BOOST_TEST(!test(starts_with, "help", "I need help"));
    BOOST_TEST(!test(starts_with, "help", "hel"));
    BOOST_TEST(!test(starts_with, "", "anything"));
    BOOST_TEST(test(does_not_start_with, "help", "I need help"));
    BOOST_TEST(!test(does_not_start_with, "help", "Help!"));
}

BOOST_AUTO_TEST_CASE(less_and_greater_compare_decimal_numbers) {
    BOOST_TEST(test(less_than, "10000", "9999"));
    BOOST_TEST(!test(less_than, "10000", "10000"));
    BOOST_TEST(!test(less_than, "10000", "10001"));
    BOOST_TEST(test(less_than, "2.5", "2.49"));
    BOOST_TEST(test(less_than, "0", "-0.5"));
    BOOST_TEST(test(less_than, "-1", " -1.5 "));
    BOOST_TEST(test(less_than, "1e3", "999"));
    BOOST_TEST(test(less_than, "1", ".5"));
    BOOST_TEST(test(less_than, "1", "+0.5"));
    BOOST_TEST(test(greater_than, "18", "21"));
    BOOST_TEST(test(greater_than, "-3", "-2.75"));
    BOOST_TEST(!test(greater_than, "18", "18.0"));
    BOOST_TEST(!test(greater_than, "18", "17.999"));

    // What is no number matches neither way.
    for (const char* input : {"", "  ", "abc", "12abc", "1,000", "0x10", "inf", "Infinity", "nan", "1e999", "+-1",
                              "- 1", "."}) {
        BOOST_TEST_CONTEXT(input) {
            BOOST_TEST(!test(less_than, "5", input));
            BOOST_TEST(!test(greater_than, "5", input));
        }
    }
    BOOST_TEST(compile_error(less_than, "five") == "not a number: five");
    BOOST_TEST(compile_error(greater_than, " ") == "not a number: ");
    BOOST_TEST(compile_error(greater_than, "nan") == "not a number: nan");
}

BOOST_AUTO_TEST_CASE(regex_searches_ignoring_case) {
    BOOST_TEST(test(regex, "^[0-9]{5}$", " 12345 "));
    BOOST_TEST(!test(regex, "^[0-9]{5}$", "1234"));
    BOOST_TEST(!test(regex, "^[0-9]{5}$", "123456"));
    BOOST_TEST(test(regex, "stop|quit", "Please QUIT now"));
    BOOST_TEST(!test(regex, "stop|quit", "Please continue"));
    BOOST_TEST(test(regex, "(?-i)Yes", "Yes"));
    BOOST_TEST(!test(regex, "(?-i)Yes", "YES"));
    BOOST_TEST(test(regex, "^caf\xC3\xA9$", "CAF\xC3\x89")); // RE2 folds Unicode case
}

BOOST_AUTO_TEST_CASE(regex_compile_errors_are_one_line) {
    BOOST_TEST(compile_error(regex, "(ab") == "bad regex: missing ): (ab");
    BOOST_TEST(compile_error(regex, "a**") == "bad regex: bad repetition operator: **");
    // Perl's lookaround is not RE2 syntax: it would need backtracking.
    BOOST_TEST(compile_error(regex, "a(?=b)") == "bad regex: invalid perl operator: (?=");
    BOOST_TEST(compile_error(regex, "caf\xC3") == "bad regex: invalid UTF-8");
}

BOOST_AUTO_TEST_CASE(regex_memory_is_bounded) {
    // Compiles under RE2's default 8 MiB, not within kRegexMaxMemory.
    BOOST_TEST(compile_error(regex, "\\pL{100}") == "bad regex: pattern too large - compile failed");
    BOOST_TEST(test(regex, "^\\pL{50}$", std::string(50, 'x')));
}

BOOST_AUTO_TEST_CASE(regex_on_invalid_utf8_input_fails_only_where_it_must) {
    const auto any = compiled(regex, "^.*$");
    BOOST_TEST(any.matches("caf\xC3\xA9", kNow));
    BOOST_TEST(!any.matches("caf\xC3", kNow)); // a lone lead byte is no character
    BOOST_TEST(!any.matches("\xFF\xFE", kNow));
    BOOST_TEST(test(regex, "caf", "caf\xC3"));
    BOOST_TEST(test(regex, "b", "\xF0\x80\x80\x80 b \xED\xA0\x80"));
    BOOST_TEST(!test(regex, "x", "\xF0\x80\x80\x80 b \xED\xA0\x80"));
}

BOOST_AUTO_TEST_CASE(regex_runs_in_linear_time) {
    // Catastrophic for a backtracking engine; RE2 answers in one pass.
    const std::string input = std::string(10000, 'a') + "b";
    BOOST_TEST(!test(regex, "(a+)+$", input));
    BOOST_TEST(test(regex, "(a+)+b", input));
    BOOST_TEST(!test(regex, "^(a+)+$", input));
    BOOST_TEST(test(regex, "^(a+)+b$", input));
    BOOST_TEST(!test(regex, "^(a|aa)+c$", input));
}

BOOST_AUTO_TEST_CASE(conditions_copy_and_share_their_compiled_regex) {
    const auto original = compiled(regex, "^y(es)?$");
    const Condition copy = original; // NOLINT(performance-unnecessary-copy-initialization)
    Condition moved = compiled(equal_to, "x");
    moved = std::move(copy);
    BOOST_TEST((moved.type() == regex));
    BOOST_TEST(moved.matches("YES", kNow));
    BOOST_TEST(original.matches("y", kNow));
    BOOST_TEST(!original.matches("yess", kNow));
}

BOOST_AUTO_TEST_CASE(time_conditions_compare_the_inputs_utc_time_of_day) {
    BOOST_TEST(test(is_before_time, "14:00", "13:59"));
    BOOST_TEST(test(is_before_time, "14:00", "9:30"));
    BOOST_TEST(!test(is_before_time, "14:00", "14:00"));
    BOOST_TEST(test(is_before_time, "14:00:30", "14:00:29"));
    BOOST_TEST(!test(is_before_time, "14:00", "14:00:01"));
    BOOST_TEST(test(is_after_time, "14:00", "14:00:01"));
    BOOST_TEST(!test(is_after_time, "14:00", "14:00"));
    BOOST_TEST(!test(is_after_time, "14:00", "08:00"));

    // A date-time counts by its time of day in UTC; "now" is the current time.
    BOOST_TEST(test(is_after_time, "12:00", "2026-01-01T12:30:00Z"));
    BOOST_TEST(test(is_before_time, "12:00", "2026-01-01T12:30:00+01:00")); // 11:30 UTC
    BOOST_TEST(test(is_after_time, "12:00", "2026-01-01T23:30:00-13:00")); // 12:30 UTC the next day
    BOOST_TEST(test(is_before_time, "08:10", "now"));
    BOOST_TEST(!test(is_before_time, "08:07", " NOW "));
    BOOST_TEST(test(is_after_time, "08:07", "now"));
    BOOST_TEST(test(is_after_time, "17:00", "now", kNow + 9 * 3600)); // 17:07:25
    BOOST_TEST(test(is_before_time, "00:01", "now", -86400 * 365 + 30)); // before 1970, 00:00:30

    // No time: no match either way.
    for (const char* input : {"", "noon", "25:00", "14", "14:5", "1400", "2026-13-01T10:00Z"}) {
        BOOST_TEST_CONTEXT(input) {
            BOOST_TEST(!test(is_before_time, "23:59", input));
            BOOST_TEST(!test(is_after_time, "00:00", input));
        }
    }
}

BOOST_AUTO_TEST_CASE(time_values_are_24_hour_times) {
    BOOST_TEST(compile_error(is_before_time, "25:00") == "not a time: 25:00");
    BOOST_TEST(compile_error(is_after_time, "24:00") == "not a time: 24:00");
    BOOST_TEST(compile_error(is_after_time, "12:60") == "not a time: 12:60");
    BOOST_TEST(compile_error(is_after_time, "2pm") == "not a time: 2pm");
    BOOST_TEST(compile_error(is_after_time, "12:00:") == "not a time: 12:00:");
    BOOST_TEST(compile_error(is_after_time, "") == "not a time: ");
    BOOST_TEST(test(is_before_time, " 23:59:59 ", "23:59:58"));
}

BOOST_AUTO_TEST_CASE(date_conditions_compare_the_inputs_utc_day) {
    BOOST_TEST(test(is_before_date, "2026-12-25", "2026-12-24"));
    BOOST_TEST(test(is_before_date, "2026-12-25", "2026-12-24T23:59:59Z"));
    BOOST_TEST(!test(is_before_date, "2026-12-25", "2026-12-25T00:00:00Z"));
    BOOST_TEST(!test(is_before_date, "2026-12-25", "2026-12-25"));
    BOOST_TEST(test(is_before_date, "2026-12-25", "2026-12-25T01:00:00+02:00")); // the 24th in UTC
    BOOST_TEST(test(is_after_date, "2026-12-25", "2026-12-26"));
    BOOST_TEST(!test(is_after_date, "2026-12-25", "2026-12-25T23:59:59Z"));
    BOOST_TEST(test(is_after_date, "2026-12-25T10:00:00Z", "2026-12-26 00:00"));

    BOOST_TEST(test(is_before_date, "2026-12-25", "now"));
    BOOST_TEST(test(is_before_date, "2026-12-02", "Today"));
    BOOST_TEST(!test(is_before_date, "2026-12-01", "today"));
    BOOST_TEST(test(is_after_date, "2026-11-30", "now"));
    BOOST_TEST(!test(is_after_date, "2026-12-01", "now"));
    BOOST_TEST(test(is_after_date, "2026-12-01", "now", kNow + 86400));
    BOOST_TEST(test(is_before_date, "1970-01-01", "1969-12-31T23:59:59Z"));

    for (const char* input : {"", "tomorrow", "12/25/2026", "2026-12-32", "14:00", "1796112445"}) {
        BOOST_TEST_CONTEXT(input) {
            BOOST_TEST(!test(is_before_date, "9999-12-31", input));
            BOOST_TEST(!test(is_after_date, "0001-01-01", input));
        }
    }
    BOOST_TEST(compile_error(is_before_date, "12/25/2026") == "not a date: 12/25/2026");
    BOOST_TEST(compile_error(is_after_date, "2026-13-01") == "not a date: 2026-13-01");
    BOOST_TEST(compile_error(is_after_date, "now") == "not a date: now");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::flow

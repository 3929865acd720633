#include "request/cookie_header.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "tests/exact_buffer.hpp"

namespace sms {

// Lets BOOST_TEST print a CookieError; static so that no other test file's
// printer can clash with it.
static std::ostream& operator<<(std::ostream& out, CookieError error) { return out << describe(error); }

namespace {

constexpr std::string_view kName = "sms_session";

struct Found {
    CookieError error = CookieError::none;
    std::optional<std::string> value; // a copy: the header buffer is gone when this is read
};

Found find(std::string_view header, const CookieLimits& limits = {}) {
    const test::ExactBuffer buffer(header);
    std::optional<std::string_view> value = "left over from an earlier call";
    Found found;
    found.error = find_cookie(buffer.view(), kName, limits, value);
    if (value) {
        const auto begin = buffer.view().data(), end = begin + buffer.view().size();
        BOOST_TEST((value->data() >= begin && value->data() + value->size() <= end), "value points into the header");
        found.value.emplace(*value);
    }
    return found;
}

void check_finds(std::string_view header, std::string_view expected) {
    BOOST_TEST_CONTEXT("header: " << header) {
        const Found found = find(header);
        BOOST_TEST(found.error == CookieError::none);
        BOOST_TEST_REQUIRE(found.value.has_value());
        BOOST_TEST(*found.value == expected);
    }
}

void check_finds_nothing(std::string_view header) {
    BOOST_TEST_CONTEXT("header: " << header) {
        const Found found = find(header);
        BOOST_TEST(found.error == CookieError::none);
        BOOST_TEST(!found.value.has_value());
    }
}

// "c0=0; c1=1; ..." with `count` cookies.
std::string numbered_cookies(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        if (i != 0) out.append("; ");
        out.append("c").append(std::to_string(i)).append("=").append(std::to_string(i));
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cookie_header)

BOOST_AUTO_TEST_CASE(a_single_cookie_is_found) {
    check_finds("sms_session=v1.abc_DEF-123", "v1.abc_DEF-123");
}

BOOST_AUTO_TEST_CASE(the_cookie_is_found_among_others) {
    check_finds("theme=dark; sms_session=abc; lang=en", "abc");
    check_finds("theme=dark; lang=en; sms_session=abc", "abc");
    check_finds("theme=dark;sms_session=abc;lang=en", "abc");
}

BOOST_AUTO_TEST_CASE(spaces_and_tabs_around_names_and_values_are_ignored) {
    check_finds(" \t sms_session \t= \t abc \t ;lang=en", "abc");
    check_finds("lang=en;\tsms_session=abc\t", "abc");
}

BOOST_AUTO_TEST_CASE(a_quoted_value_loses_its_quotes) {
    check_finds("sms_session=\"abc\"", "abc");
    check_finds("sms_session= \"abc\" ; lang=en", "abc");
    check_finds("sms_session=\"\"", "");
}

BOOST_AUTO_TEST_CASE(an_unbalanced_quote_is_part_of_the_value) {
    check_finds("sms_session=\"", "\"");
    check_finds("sms_session=\"abc", "\"abc");
    check_finds("sms_session=abc\"", "abc\"");
}

BOOST_AUTO_TEST_CASE(an_empty_value_is_found_as_empty) {
    check_finds("sms_session=", "");
    check_finds("sms_session=; lang=en", "");
}

BOOST_AUTO_TEST_CASE(equals_inside_a_value_belongs_to_the_value) {
    check_finds("sms_session=a=b==", "a=b==");
}

BOOST_AUTO_TEST_CASE(the_first_of_duplicate_cookies_wins) {
    check_finds("sms_session=first; sms_session=second", "first");
    check_finds("sms_session=; sms_session=second", "");
}

BOOST_AUTO_TEST_CASE(names_that_only_contain_the_name_do_not_match) {
    check_finds_nothing("xsms_session=a; sms_session2=b; sms_sessio=c; SMS_SESSION=d; sms session=e");
    check_finds("xsms_session=a; sms_session2=b; sms_session=right", "right");
    check_finds("sms_session2=b; xsms_session=a; sms_session=right; sms_session_=c", "right");
}

BOOST_AUTO_TEST_CASE(a_pair_without_equals_is_not_a_match) {
    check_finds_nothing("sms_session");
    check_finds_nothing("sms_session; lang=en");
    check_finds("sms_session; sms_session=real", "real");
}

BOOST_AUTO_TEST_CASE(an_empty_header_has_no_cookie) {
    check_finds_nothing("");
    check_finds_nothing(";");
    check_finds_nothing(" ; \t ;; ");
    check_finds_nothing("lang=en");
}

BOOST_AUTO_TEST_CASE(a_header_of_exactly_max_bytes_is_read) {
    const CookieLimits limits;
    std::string header = "sms_session=abc; pad=";
    header.resize(limits.max_header_bytes, 'x');
    const Found found = find(header, limits);
    BOOST_TEST(found.error == CookieError::none);
    BOOST_TEST_REQUIRE(found.value.has_value());
    BOOST_TEST(*found.value == "abc");
}

BOOST_AUTO_TEST_CASE(a_header_one_byte_over_max_is_rejected) {
    const CookieLimits limits;
    std::string header = "sms_session=abc; pad=";
    header.resize(limits.max_header_bytes + 1, 'x');
    const Found found = find(header, limits);
    BOOST_TEST(found.error == CookieError::header_too_large);
    BOOST_TEST(!found.value.has_value());
}

BOOST_AUTO_TEST_CASE(exactly_max_cookies_are_read) {
    const CookieLimits limits;
    const Found found = find(numbered_cookies(limits.max_cookies - 1) + "; sms_session=last", limits);
    BOOST_TEST(found.error == CookieError::none);
    BOOST_TEST_REQUIRE(found.value.has_value());
    BOOST_TEST(*found.value == "last");
}

BOOST_AUTO_TEST_CASE(one_cookie_more_than_max_is_rejected) {
    const CookieLimits limits;
    BOOST_TEST(find(numbered_cookies(limits.max_cookies + 1), limits).error == CookieError::too_many_cookies);
    BOOST_TEST(find(numbered_cookies(limits.max_cookies) + "; flag", limits).error == CookieError::too_many_cookies);
}

BOOST_AUTO_TEST_CASE(the_cookie_count_is_checked_after_the_cookie_was_found) {
    const CookieLimits limits;
    const Found found = find("sms_session=abc; " + numbered_cookies(limits.max_cookies), limits);
    BOOST_TEST(found.error == CookieError::too_many_cookies);
    BOOST_TEST(!found.value.has_value());
}

BOOST_AUTO_TEST_CASE(empty_pairs_do_not_count_towards_max_cookies) {
    const CookieLimits limits{.max_header_bytes = 64, .max_cookies = 2};
    BOOST_TEST(find(";; a=1 ;;; ; sms_session=x;;", limits).error == CookieError::none);
    BOOST_TEST(find("a=1; b=2; sms_session=x", limits).error == CookieError::too_many_cookies);
}

BOOST_AUTO_TEST_CASE(errors_are_described_for_the_response_body) {
    BOOST_TEST(describe(CookieError::none) == "ok");
    BOOST_TEST(describe(CookieError::header_too_large) == "Cookie header too large");
    BOOST_TEST(describe(CookieError::too_many_cookies) == "too many cookies");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms

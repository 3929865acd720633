#include "request/cookie_header.hpp"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <span>
#include <string_view>
#include <vector>

#include "tests/exact_buffer.hpp"

namespace sms {

// Lets BOOST_TEST print a CookieError; static so that no other test file's
// printer can clash with it.
static std::ostream& operator<<(std::ostream& out, CookieError error) { return out << describe(error); }

namespace {

constexpr std::string_view kName = "sms_session";

struct Found {
    CookieError error = CookieError::none;
    std::optional<std::string> value; // a copy: the header buffers are gone when this is read
    bool ambiguous = false;
};

// Every header in a buffer of its own and exactly its size, so that ASan
// sees any read past one.
Found find_in(const std::vector<std::string_view>& headers, const CookieLimits& limits = {}) {
    BOOST_TEST_REQUIRE(!headers.empty());
    std::vector<std::unique_ptr<test::ExactBuffer>> buffers;
    std::vector<std::string_view> views;
    for (std::string_view header : headers) {
        buffers.push_back(std::make_unique<test::ExactBuffer>(header));
        views.push_back(buffers.back()->view());
    }
    FoundCookie cookie{"left over from an earlier call", true};
    Found found;
    found.error = find_cookie(views.front(), std::span(views).subspan(1), kName, limits, cookie);
    found.ambiguous = cookie.ambiguous;
    if (cookie.value) {
        bool inside = false;
        for (std::string_view view : views) {
            inside = inside || (cookie.value->data() >= view.data() &&
                                cookie.value->data() + cookie.value->size() <= view.data() + view.size());
        }
        BOOST_TEST(inside, "value points into a header");
        found.value.emplace(*cookie.value);
    }
    return found;
}

Found find(std::string_view header, const CookieLimits& limits = {}) { return find_in({header}, limits); }

void check_finds(std::string_view header, std::string_view expected) {
    BOOST_TEST_CONTEXT("header: " << header) {
        const Found found = find(header);
        BOOST_TEST(found.error == CookieError::none);
        BOOST_TEST(!found.ambiguous);
        BOOST_TEST_REQUIRE(found.value.has_value());
        BOOST_TEST(*found.value == expected);
    }
}

void check_finds_nothing(std::string_view header) {
    BOOST_TEST_CONTEXT("header: " << header) {
        const Found found = find(header);
        BOOST_TEST(found.error == CookieError::none);
        BOOST_TEST(!found.value.has_value());
        BOOST_TEST(!found.ambiguous);
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

BOOST_AUTO_TEST_CASE(two_session_cookies_in_one_header_are_ambiguous) {
    for (std::string_view header : {"sms_session=first; sms_session=second", "sms_session=; sms_session=second",
                                    "sms_session=same; lang=en; sms_session=same", "a=1;sms_session=x;sms_session=y;sms_session=z"}) {
        BOOST_TEST_CONTEXT("header: " << header) {
            const Found found = find(header);
            BOOST_TEST(found.error == CookieError::none);
            BOOST_TEST(found.ambiguous);
            BOOST_TEST(!found.value.has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(the_cookie_is_found_in_any_of_several_headers) {
    for (const auto& headers : std::vector<std::vector<std::string_view>>{
             {"sms_session=abc", "lang=en"}, {"lang=en", "sms_session=abc"}, {"", "a=1", "b=2; sms_session=abc; c=3"}}) {
        const Found found = find_in(headers);
        BOOST_TEST(found.error == CookieError::none);
        BOOST_TEST(!found.ambiguous);
        BOOST_TEST_REQUIRE(found.value.has_value());
        BOOST_TEST(*found.value == "abc");
    }
}

BOOST_AUTO_TEST_CASE(session_cookies_in_two_headers_are_ambiguous) {
    for (const auto& headers : std::vector<std::vector<std::string_view>>{
             {"sms_session=first", "sms_session=second"}, {"sms_session=same", "lang=en; sms_session=same"},
             {"sms_session=a", "lang=en", "sms_session=b"}}) {
        const Found found = find_in(headers);
        BOOST_TEST(found.error == CookieError::none);
        BOOST_TEST(found.ambiguous);
        BOOST_TEST(!found.value.has_value());
    }
}

BOOST_AUTO_TEST_CASE(the_byte_limit_covers_all_headers_as_if_joined) {
    const CookieLimits limits{.max_header_bytes = 40, .max_cookies = 64};
    // 19 + "; " + 19 = 40 bytes, what nginx 1.23 would pass as one header.
    const std::string first = "sms_session=abcdefg", second = "lang=en; pad=xxxxxx";
    const Found at_limit = find_in({first, second}, limits);
    BOOST_TEST(at_limit.error == CookieError::none);
    BOOST_TEST_REQUIRE(at_limit.value.has_value());
    BOOST_TEST(*at_limit.value == "abcdefg");
    const Found over = find_in({first, second + "x"}, limits);
    BOOST_TEST(over.error == CookieError::header_too_large);
    BOOST_TEST(!over.value.has_value());
    BOOST_TEST(find_in({first, "", second}, limits).error == CookieError::header_too_large);
}

BOOST_AUTO_TEST_CASE(the_cookie_count_covers_all_headers) {
    const CookieLimits limits;
    const std::string half = numbered_cookies(limits.max_cookies / 2);
    const std::string rest = "sms_session=x; " + numbered_cookies(limits.max_cookies / 2 - 1);
    const Found at_limit = find_in({half, rest}, limits);
    BOOST_TEST(at_limit.error == CookieError::none);
    BOOST_TEST_REQUIRE(at_limit.value.has_value());
    BOOST_TEST(*at_limit.value == "x");
    const Found over = find_in({half, rest + "; one=more"}, limits);
    BOOST_TEST(over.error == CookieError::too_many_cookies);
    BOOST_TEST(!over.value.has_value());
    BOOST_TEST(!over.ambiguous);
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

#include "devtools/cookie_jar.hpp"

#include <boost/test/unit_test.hpp>

#include <limits>
#include <string>

namespace sms::devtools {

namespace {

constexpr std::int64_t kNow = 1700000000;
constexpr std::int64_t kHour = 3600;

SetCookie parsed(std::string_view header) {
    auto cookie = parse_set_cookie(header);
    BOOST_TEST_REQUIRE(cookie.has_value(), "not parsed: " << header);
    return *cookie;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cookie_jar)

BOOST_AUTO_TEST_CASE(parses_name_value_and_attributes) {
    const SetCookie cookie = parsed(" sms_session = v1.abc.def ; Path=/; Max-Age=14400; HttpOnly; SameSite=Lax; Secure");
    BOOST_TEST(cookie.name == "sms_session");
    BOOST_TEST(cookie.value == "v1.abc.def");
    BOOST_TEST(cookie.max_age.value_or(0) == 14400);
    BOOST_TEST(!cookie.expires);
    BOOST_TEST(cookie.has_path);
    BOOST_TEST(cookie.secure);
}

BOOST_AUTO_TEST_CASE(attribute_names_ignore_case) {
    const SetCookie cookie = parsed("a=1; max-age=60; path=/sms; httponly; SECURE");
    BOOST_TEST(cookie.max_age.value_or(0) == 60);
    BOOST_TEST(cookie.has_path);
    BOOST_TEST(cookie.secure);
}

BOOST_AUTO_TEST_CASE(a_value_may_be_empty_or_contain_equals) {
    BOOST_TEST(parsed("a=").value == "");
    BOOST_TEST(parsed("a=b=c").value == "b=c");
    BOOST_TEST(!parsed("a=b").has_path);
}

BOOST_AUTO_TEST_CASE(headers_without_a_name_are_ignored) {
    BOOST_TEST(!parse_set_cookie("novalue"));
    BOOST_TEST(!parse_set_cookie("=value; Path=/"));
    BOOST_TEST(!parse_set_cookie(""));
    BOOST_TEST(!parse_set_cookie("; a=b"));
}

BOOST_AUTO_TEST_CASE(unparsable_attributes_are_ignored) {
    const SetCookie cookie = parsed("a=1; Max-Age=12x; Max-Age=; Expires=someday; Path=relative");
    BOOST_TEST(!cookie.max_age);
    BOOST_TEST(!cookie.expires);
    BOOST_TEST(!cookie.has_path);
    BOOST_TEST(parsed("a=1; Max-Age=-5").max_age.value_or(0) == -5);
    BOOST_TEST(parsed("a=1; Max-Age=99999999999999999999999").max_age.value_or(0) ==
               std::numeric_limits<std::int64_t>::max());
}

BOOST_AUTO_TEST_CASE(expires_dates_are_read_in_every_form_rfc_6265_reads) {
    for (std::string_view date : {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                                  "Sun Nov  6 08:49:37 1994", "6 nov 1994 8:49:37", "Sun, 06-Nov-1994 08:49:37 GMT"}) {
        BOOST_TEST(parsed("a=1; Expires=" + std::string(date)).expires.value_or(0) == 784111777, date);
    }
    BOOST_TEST(parsed("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT").expires.value_or(-1) == 0);
    BOOST_TEST(parsed("a=1; Expires=Wed, 29 Feb 2012 23:59:59 GMT").expires.value_or(0) == 1330559999);
    BOOST_TEST(parsed("a=1; Expires=Sat, 01 Jan 2000 00:00:00 GMT").expires.value_or(0) == 946684800);
    BOOST_TEST(parsed("a=1; Expires=Fri, 31 Dec 2100 12:00:00 GMT").expires.value_or(0) == 4133937600);
}

BOOST_AUTO_TEST_CASE(impossible_expires_dates_are_ignored) {
    for (std::string_view date : {"Sun, 06 Nov 1994", "06 Nov 1994 24:00:00", "31 Nov 1994 08:49:37",
                                  "29 Feb 2013 08:49:37", "06 Nov 1600 08:49:37", "06 Xyz 1994 08:49:37",
                                  "060 Nov 1994 08:49:37", "06 Nov 19944 08:49:37", "tomorrow", ""}) {
        BOOST_TEST(!parsed("a=1; Expires=" + std::string(date)).expires, date);
    }
}

BOOST_AUTO_TEST_CASE(a_cookie_is_sent_back_to_the_same_pair_only) {
    CookieJar jar;
    jar.store("+1555", "+1999", parsed("s=one"), kNow);
    BOOST_TEST(jar.cookie_header("+1555", "+1999", kNow + 1) == "s=one");
    BOOST_TEST(jar.cookie_header("+1666", "+1999", kNow + 1) == "");
    BOOST_TEST(jar.cookie_header("+1555", "+1888", kNow + 1) == "");
    BOOST_TEST(jar.cookie_header("+1999", "+1555", kNow + 1) == "");
}

BOOST_AUTO_TEST_CASE(each_set_cookie_replaces_the_pairs_cookie) {
    CookieJar jar;
    jar.store("+1555", "+1999", parsed("s=one"), kNow);
    jar.store("+1555", "+1999", parsed("other=two"), kNow + 10);
    BOOST_TEST(jar.cookie_header("+1555", "+1999", kNow + 10) == "other=two");
}

BOOST_AUTO_TEST_CASE(forgotten_four_hours_after_it_was_last_set) {
    CookieJar jar;
    jar.store("+1555", "+1999", parsed("s=one"), kNow);
    BOOST_TEST(jar.cookie_header("+1555", "+1999", kNow + 4 * kHour - 1) == "s=one");
    BOOST_TEST(jar.cookie_header("+1555", "+1999", kNow + 4 * kHour) == "");

    jar.store("+1555", "+1999", parsed("s=two"), kNow + 3 * kHour);
    BOOST_TEST(jar.cookie_header("+1555", "+1999", kNow + 6 * kHour) == "s=two");
    BOOST_TEST(jar.find("+1555", "+1999", kNow + 7 * kHour) == nullptr);
}

BOOST_AUTO_TEST_CASE(longer_lifetimes_are_capped_at_four_hours) {
    CookieJar jar;
    jar.store("+1555", "+1999", parsed("s=one; Max-Age=86400"), kNow);
    BOOST_TEST(jar.cookie_header("+1555", "+1999", kNow + 4 * kHour) == "");
    jar.store("+1555", "+1999", parsed("s=one; Expires=Wed, 01 Jan 2100 00:00:00 GMT"), kNow);
    BOOST_TEST(jar.find("+1555", "+1999", kNow)->expires_at == kNow + 4 * kHour);
}

BOOST_AUTO_TEST_CASE(shorter_lifetimes_are_honoured) {
    CookieJar jar;
    jar.store("+1555", "+1999", parsed("s=one; Max-Age=60"), kNow);
    BOOST_TEST(jar.cookie_header("+1555", "+1999", kNow + 59) == "s=one");
    BOOST_TEST(jar.cookie_header("+1555", "+1999", kNow + 60) == "");

    jar.store("+1555", "+1999", parsed("s=one; Expires=Tue, 14 Nov 2023 22:15:00 GMT"), kNow); // kNow + 100
    BOOST_TEST(jar.find("+1555", "+1999", kNow)->expires_at == kNow + 100);
}

BOOST_AUTO_TEST_CASE(max_age_wins_over_expires) {
    CookieJar jar;
    jar.store("+1555", "+1999", parsed("s=one; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=30"), kNow);
    BOOST_TEST(jar.find("+1555", "+1999", kNow)->expires_at == kNow + 30);
}

BOOST_AUTO_TEST_CASE(an_expired_set_cookie_deletes_the_cookie) {
    for (std::string_view deletion : {"s=; Max-Age=0", "s=; Max-Age=-1", "s=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"}) {
        CookieJar jar;
        BOOST_TEST(jar.store("+1555", "+1999", parsed("s=one"), kNow));
        BOOST_TEST(!jar.store("+1555", "+1999", parsed(deletion), kNow + 1), deletion);
        BOOST_TEST(jar.cookie_header("+1555", "+1999", kNow + 1) == "", deletion);
    }
}

BOOST_AUTO_TEST_CASE(forget_drops_one_pair) {
    CookieJar jar;
    jar.store("+1555", "+1999", parsed("s=one"), kNow);
    jar.store("+1666", "+1999", parsed("s=two"), kNow);
    jar.forget("+1555", "+1999");
    BOOST_TEST(jar.cookie_header("+1555", "+1999", kNow) == "");
    BOOST_TEST(jar.cookie_header("+1666", "+1999", kNow) == "s=two");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::devtools

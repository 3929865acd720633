#include <boost/test/unit_test.hpp>

#include <limits>
#include <string>
#include <vector>

#include "session/session.hpp"

using sms::Session;

namespace {

std::vector<std::string> keys_of(const Session& session) {
    std::vector<std::string> keys;
    for (const auto& entry : session.entries()) keys.push_back(entry.first);
    return keys;
}

} // namespace

BOOST_AUTO_TEST_SUITE(session)

BOOST_AUTO_TEST_CASE(a_new_session_is_empty) {
    Session s;
    BOOST_TEST(s.empty());
    BOOST_TEST(s.entries().empty());
    BOOST_TEST(s.get("counter") == nullptr);
    BOOST_TEST(!s.get_int("counter").has_value());
    BOOST_TEST(!s.get_string("counter").has_value());
    BOOST_TEST(s.started == 0);
    BOOST_TEST(s.last_seen == 0);
    BOOST_TEST((s.last_message == sms::MessageId{}));
}

BOOST_AUTO_TEST_CASE(set_and_get_an_integer) {
    Session s;
    s.set("counter", std::int64_t{7});
    BOOST_TEST(!s.empty());
    BOOST_TEST(s.get_int("counter").value() == 7);
    const Session::Value* v = s.get("counter");
    BOOST_REQUIRE(v != nullptr);
    BOOST_TEST(std::get<std::int64_t>(*v) == 7);
}

BOOST_AUTO_TEST_CASE(add_counts_from_zero_and_saturates_at_the_ends) {
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    Session s;
    BOOST_TEST(s.add("n", 1) == 1);
    BOOST_TEST(s.add("n", 41) == 42);
    BOOST_TEST(s.get_int("n").value() == 42);
    s.set("n", kMax - 1);
    BOOST_TEST(s.add("n", 1) == kMax);
    BOOST_TEST(s.add("n", 1) == kMax);
    BOOST_TEST(s.add("n", kMax) == kMax);
    s.set("n", kMin + 1);
    BOOST_TEST(s.add("n", -1) == kMin);
    BOOST_TEST(s.add("n", -1) == kMin);
    BOOST_TEST(s.get_int("n").value() == kMin);
    s.set("text", std::string("7"));
    BOOST_TEST(s.add("text", 1) == 1); // a string is not a number to add to
}

BOOST_AUTO_TEST_CASE(set_and_get_a_string) {
    Session s;
    s.set("name", std::string("Ada"));
    BOOST_TEST(s.get_string("name").value() == "Ada");
    const Session::Value* v = s.get("name");
    BOOST_REQUIRE(v != nullptr);
    BOOST_TEST(std::get<std::string>(*v) == "Ada");
}

BOOST_AUTO_TEST_CASE(typed_getters_do_not_convert) {
    Session s;
    s.set("number", std::int64_t{42});
    s.set("text", std::string("42"));
    BOOST_TEST(!s.get_string("number").has_value());
    BOOST_TEST(!s.get_int("text").has_value());
    BOOST_TEST(s.get_int("number").value() == 42);
    BOOST_TEST(s.get_string("text").value() == "42");
}

BOOST_AUTO_TEST_CASE(set_overwrites_value_and_type) {
    Session s;
    s.set("k", std::int64_t{1});
    s.set("k", std::int64_t{2});
    BOOST_TEST(s.entries().size() == 1u);
    BOOST_TEST(s.get_int("k").value() == 2);
    s.set("k", std::string("two"));
    BOOST_TEST(s.entries().size() == 1u);
    BOOST_TEST(!s.get_int("k").has_value());
    BOOST_TEST(s.get_string("k").value() == "two");
}

BOOST_AUTO_TEST_CASE(entries_are_sorted_by_unsigned_key_bytes) {
    Session s;
    for (const char* key : {"b", "a", "c", "aa", "", "B", "a\xff", "a\x01"}) s.set(key, std::int64_t{1});
    const std::vector<std::string> expected{"", "B", "a", "a\x01", "aa", "a\xff", "b", "c"};
    BOOST_TEST(keys_of(s) == expected);
}

BOOST_AUTO_TEST_CASE(keys_may_contain_nul_bytes) {
    Session s;
    const std::string with_nul("a\0b", 3);
    s.set(with_nul, std::int64_t{1});
    s.set("a", std::int64_t{2});
    BOOST_TEST(s.get_int(with_nul).value() == 1);
    BOOST_TEST(s.get_int("a").value() == 2);
    BOOST_TEST(s.entries().size() == 2u);
}

BOOST_AUTO_TEST_CASE(erase_removes_only_the_named_key) {
    Session s;
    s.set("a", std::int64_t{1});
    s.set("b", std::int64_t{2});
    BOOST_TEST(s.erase("a"));
    BOOST_TEST(s.get("a") == nullptr);
    BOOST_TEST(s.get_int("b").value() == 2);
    BOOST_TEST(!s.erase("a"));
    BOOST_TEST(!s.erase("missing"));
    BOOST_TEST(s.erase("b"));
    BOOST_TEST(s.empty());
}

BOOST_AUTO_TEST_CASE(clear_removes_entries_but_keeps_bookkeeping) {
    Session s;
    s.set("a", std::int64_t{1});
    s.set("b", std::string("x"));
    s.started = 10;
    s.last_seen = 20;
    s.last_message = sms::message_id("SM1");
    s.clear();
    BOOST_TEST(s.empty());
    BOOST_TEST(s.started == 10);
    BOOST_TEST(s.last_seen == 20);
    BOOST_TEST((s.last_message == sms::message_id("SM1")));
}

BOOST_AUTO_TEST_CASE(equality_covers_entries_and_bookkeeping) {
    Session a, b;
    a.set("k", std::int64_t{1});
    b.set("k", std::int64_t{1});
    BOOST_TEST((a == b));
    b.set("k", std::string("1"));
    BOOST_TEST(!(a == b));
    b.set("k", std::int64_t{1});
    b.last_message = sms::message_id("SM2");
    BOOST_TEST(!(a == b));
    b.last_message = {};
    b.last_seen = 1;
    BOOST_TEST(!(a == b));
}

BOOST_AUTO_TEST_SUITE_END()

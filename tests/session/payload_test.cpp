#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>

#include "session/payload.hpp"

using sms::Session;

namespace {

// Raw payload bytes written out by hand, for the layout and the rejections.
std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out.push_back(static_cast<char>(v));
    return out;
}

// Version 2: no last message, started=1, last_seen=2, then `entries` (count first).
std::string with_entries(std::string_view entries) { return bytes({0, 1, 1}) + std::string(entries); }
// Version 1: started=1, last_seen=2, sid "S", reply "R", then `entries`.
std::string with_entries_v1(std::string_view entries) { return bytes({1, 2, 1, 'S', 1, 'R'}) + std::string(entries); }

Session round_trip(const Session& s) {
    Session out;
    out.set("stale", std::int64_t{1}); // decode must replace, not merge
    BOOST_REQUIRE(sms::decode_payload(sms::encode_payload(s), out));
    return out;
}

bool decodes(std::string_view payload) {
    Session out;
    return sms::decode_payload(payload, out);
}

bool decodes_v1(std::string_view payload) {
    Session out;
    return sms::decode_payload_v1(payload, out);
}

// The entries follow the same rules in both versions.
bool entries_decode(std::string_view entries) {
    const bool v2 = decodes(with_entries(entries));
    BOOST_TEST(decodes_v1(with_entries_v1(entries)) == v2);
    return v2;
}

Session sample_session() {
    Session s;
    s.started = 1700000000;
    s.last_seen = 1700000100;
    s.last_message = sms::message_id("SM0123456789abcdef0123456789abcdef");
    s.set("counter", std::int64_t{300});
    s.set("negative", std::int64_t{-300});
    s.set("name", std::string("Ada"));
    s.set("empty", std::string());
    return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(payload)

BOOST_AUTO_TEST_CASE(layout_is_byte_exact) {
    Session s;
    s.started = 1;
    s.last_seen = 2;
    s.set("k", std::int64_t{-1});
    s.set("s", std::string("xy"));
    // counts and lengths as LEB128, tag 0 int (zigzag: -1 -> 1), tag 1 string
    BOOST_TEST(sms::encode_payload(s) == with_entries(bytes({2, 1, 'k', 0, 1, 1, 's', 1, 2, 'x', 'y'})));
    s.last_message = sms::message_id("SM000102030405060708090a0b0c0d0e0f");
    BOOST_TEST(sms::encode_payload(s) == bytes({1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 1, 1}) +
                                             bytes({2, 1, 'k', 0, 1, 1, 's', 1, 2, 'x', 'y'}));
}

// What cookies issued before version 2 carry: the MessageSid becomes its
// id, the reply is dropped.
BOOST_AUTO_TEST_CASE(version_1_layout_decodes) {
    Session s;
    BOOST_REQUIRE(sms::decode_payload_v1(with_entries_v1(bytes({2, 1, 'k', 0, 1, 1, 's', 1, 2, 'x', 'y'})), s));
    BOOST_TEST(s.started == 1);
    BOOST_TEST(s.last_seen == 2);
    BOOST_TEST((s.last_message == sms::message_id("S")));
    BOOST_TEST(s.get_int("k").value() == -1);
    BOOST_TEST(s.get_string("s").value() == "xy");
    BOOST_REQUIRE(sms::decode_payload_v1(bytes({5, 9, 0, 0, 0}), s));
    BOOST_TEST((s.last_message == sms::MessageId{}));
    BOOST_TEST(s.last_seen == 9);
    const std::string sid = "SM0123456789abcdef0123456789abcdef";
    BOOST_REQUIRE(sms::decode_payload_v1(bytes({5, 9, 34}) + sid + bytes({0, 0}), s));
    BOOST_TEST((s.last_message == sms::message_id(sid)));
}

BOOST_AUTO_TEST_CASE(multi_byte_numbers_are_little_endian_base_128) {
    Session s;
    s.started = 300;           // 0xAC 0x02
    s.last_seen = 300 + 16384; // 16384 after the start: 0x80 0x80 0x01
    BOOST_TEST(sms::encode_payload(s) == bytes({0, 0xAC, 0x02, 0x80, 0x80, 0x01, 0}));
}

BOOST_AUTO_TEST_CASE(empty_session_round_trips) {
    Session s;
    BOOST_TEST(sms::encode_payload(s) == bytes({0, 0, 0, 0}));
    BOOST_TEST((round_trip(s) == s));
}

BOOST_AUTO_TEST_CASE(sample_session_round_trips) {
    const Session s = sample_session();
    BOOST_TEST((round_trip(s) == s));
}

BOOST_AUTO_TEST_CASE(integers_round_trip) {
    for (std::int64_t n : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{63}, std::int64_t{-64},
                           std::int64_t{64}, std::int64_t{-65}, std::int64_t{127}, std::int64_t{128},
                           std::int64_t{-129}, std::int64_t{1} << 32, -(std::int64_t{1} << 32), INT64_MAX,
                           INT64_MAX - 1, INT64_MIN, INT64_MIN + 1}) {
        BOOST_TEST_CONTEXT("n = " << n) {
            Session s;
            s.set("n", n);
            BOOST_TEST(round_trip(s).get_int("n").value() == n);
        }
    }
}

BOOST_AUTO_TEST_CASE(extreme_integers_take_ten_bytes) {
    for (std::int64_t n : {INT64_MAX, INT64_MIN}) {
        Session s;
        s.set("n", n);
        // 3 empty header fields, count, key length, key, tag, then the number
        BOOST_TEST(sms::encode_payload(s).size() == 3u + 1 + 1 + 1 + 1 + 10);
    }
}

BOOST_AUTO_TEST_CASE(largest_times_round_trip) {
    Session s;
    s.started = INT64_MAX;
    s.last_seen = INT64_MAX;
    BOOST_TEST((round_trip(s) == s));
}

BOOST_AUTO_TEST_CASE(long_strings_round_trip) {
    Session s;
    s.last_message = sms::message_id(std::string(200, 's'));
    s.set("long", std::string(70000, 'x'));
    BOOST_TEST((round_trip(s) == s));
}

BOOST_AUTO_TEST_CASE(binary_strings_round_trip) {
    std::string all_bytes;
    for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
    Session s;
    s.last_message = sms::message_id(all_bytes);
    s.set(all_bytes, all_bytes + all_bytes);
    s.set(std::string("\0", 1), std::string("\xff\x00\x80", 3));
    BOOST_TEST((round_trip(s) == s));
}

BOOST_AUTO_TEST_CASE(many_keys_round_trip) {
    Session s;
    for (int i = 0; i < 1000; ++i) {
        if (i % 2 == 0) s.set("key" + std::to_string(i), std::int64_t{i} * -977);
        else s.set("key" + std::to_string(i), std::string(static_cast<std::size_t>(i % 17), 'v'));
    }
    const Session out = round_trip(s);
    BOOST_TEST(out.entries().size() == 1000u);
    BOOST_TEST((out == s));
}

BOOST_AUTO_TEST_CASE(every_strict_prefix_is_rejected) {
    const std::string valid = sms::encode_payload(sample_session());
    BOOST_REQUIRE(decodes(valid));
    for (std::size_t n = 0; n < valid.size(); ++n) {
        BOOST_TEST_CONTEXT("prefix length " << n) { BOOST_TEST(!decodes(std::string_view(valid).substr(0, n))); }
    }
    const std::string valid_v1 = with_entries_v1(bytes({1, 1, 'a', 1, 2, 'x', 'y'}));
    BOOST_REQUIRE(decodes_v1(valid_v1));
    for (std::size_t n = 0; n < valid_v1.size(); ++n) {
        BOOST_TEST_CONTEXT("v1 prefix length " << n) { BOOST_TEST(!decodes_v1(std::string_view(valid_v1).substr(0, n))); }
    }
}

BOOST_AUTO_TEST_CASE(unknown_message_kinds_are_rejected) {
    for (int kind = 1; kind < 256; ++kind) {
        BOOST_TEST_CONTEXT("kind " << kind) {
            BOOST_TEST(decodes(bytes({kind}) + std::string(16, 'x') + bytes({0, 0, 0})) == (kind <= 3));
        }
    }
}

BOOST_AUTO_TEST_CASE(trailing_bytes_are_rejected) {
    const std::string valid = sms::encode_payload(sample_session());
    BOOST_TEST(!decodes(valid + '\0'));
    BOOST_TEST(!decodes(valid + 'x'));
    BOOST_TEST(!decodes(bytes({0, 0, 0, 0, 0})));
    BOOST_TEST(!decodes_v1(bytes({0, 0, 0, 0, 0, 0})));
}

BOOST_AUTO_TEST_CASE(unsorted_keys_are_rejected) {
    BOOST_TEST(entries_decode(bytes({2, 1, 'a', 0, 0, 1, 'b', 0, 0})));
    BOOST_TEST(!entries_decode(bytes({2, 1, 'b', 0, 0, 1, 'a', 0, 0})));
    BOOST_TEST(!entries_decode(bytes({2, 2, 'a', 'a', 0, 0, 1, 'a', 0, 0})));
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_rejected) {
    BOOST_TEST(!entries_decode(bytes({2, 1, 'a', 0, 0, 1, 'a', 0, 2})));
    BOOST_TEST(!entries_decode(bytes({2, 0, 0, 0, 0, 0, 0})));
}

BOOST_AUTO_TEST_CASE(unknown_value_tags_are_rejected) {
    BOOST_TEST(entries_decode(bytes({1, 1, 'a', 1, 0})));
    for (int tag : {2, 3, 0x7f, 0x80, 0xff}) {
        BOOST_TEST_CONTEXT("tag " << tag) { BOOST_TEST(!entries_decode(bytes({1, 1, 'a', tag, 0}))); }
    }
}

BOOST_AUTO_TEST_CASE(non_minimal_numbers_are_rejected) {
    BOOST_TEST(decodes(bytes({0, 0, 0, 0})));
    BOOST_TEST(!decodes(bytes({0, 0x80, 0x00, 0, 0})));          // started 0 in two bytes
    BOOST_TEST(!decodes(bytes({0, 0x81, 0x00, 0, 0})));          // started 1 in two bytes
    BOOST_TEST(!decodes(bytes({0, 0, 0x80, 0x00, 0})));          // last_seen - started
    BOOST_TEST(!decodes(bytes({0, 0, 0, 0x80, 0x00})));          // entry count
    BOOST_TEST(decodes_v1(bytes({0, 0, 0, 0, 0})));
    BOOST_TEST(!decodes_v1(bytes({0x80, 0x00, 0, 0, 0, 0})));    // started 0 in two bytes
    BOOST_TEST(!decodes_v1(bytes({0, 0, 0x80, 0x00, 0, 0})));    // sid length
    BOOST_TEST(!entries_decode(bytes({1, 1, 'a', 0, 0x82, 0x80, 0x00}))); // integer value
}

BOOST_AUTO_TEST_CASE(numbers_over_64_bits_are_rejected) {
    // 2^64 - 1 as an integer value: nine 0xFF then 0x01 (bit 63) is the limit.
    const std::string max_u64 = bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01});
    BOOST_TEST(entries_decode(bytes({1, 1, 'a', 0}) + max_u64));
    const std::string bit_64 = bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02});
    BOOST_TEST(!entries_decode(bytes({1, 1, 'a', 0}) + bit_64));
    const std::string eleven_bytes = bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x81, 0x00});
    BOOST_TEST(!entries_decode(bytes({1, 1, 'a', 0}) + eleven_bytes));
}

BOOST_AUTO_TEST_CASE(lengths_beyond_the_end_are_rejected) {
    BOOST_TEST(!decodes_v1(bytes({1, 2, 5, 'S', 'M'})));                     // sid
    BOOST_TEST(!decodes_v1(bytes({1, 2, 0, 3, 'R'})));                        // reply
    BOOST_TEST(!decodes(bytes({1}) + std::string(15, 'x')));                  // message id
    BOOST_TEST(!entries_decode(bytes({1, 4, 'a', 0, 0})));              // key
    BOOST_TEST(!entries_decode(bytes({1, 1, 'a', 1, 9, 'x', 'y'})));    // string value
    BOOST_TEST(!entries_decode(bytes({0xff, 0xff, 0xff, 0xff, 0x0f}))); // entry count
    const std::string huge_length = bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01});
    BOOST_TEST(!decodes_v1(bytes({1, 2}) + huge_length + "S"));
}

BOOST_AUTO_TEST_CASE(times_beyond_int64_max_are_rejected) {
    const std::string int64_max = bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f});
    const std::string two_to_63 = bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01});
    BOOST_TEST(decodes(bytes({0}) + int64_max + bytes({0, 0})));
    BOOST_TEST(!decodes(bytes({0}) + two_to_63 + bytes({0, 0})));
    BOOST_TEST(!decodes(bytes({0, 0}) + two_to_63 + bytes({0})));
    // A last message after INT64_MAX: started + (last_seen - started) overflows.
    BOOST_TEST(!decodes(bytes({0}) + int64_max + bytes({1, 0})));
    BOOST_TEST(decodes_v1(int64_max + int64_max + bytes({0, 0, 0})));
    BOOST_TEST(!decodes_v1(two_to_63 + bytes({0, 0, 0, 0})));
    BOOST_TEST(!decodes_v1(bytes({0}) + two_to_63 + bytes({0, 0, 0})));
}

BOOST_AUTO_TEST_SUITE_END()

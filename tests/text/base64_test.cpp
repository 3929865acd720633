#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <string_view>

#include "text/base64.hpp"

using sms::text::base64url_decode;
using sms::text::base64url_encode;

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string raw(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out.push_back(static_cast<char>(v));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(base64url)

// RFC 4648 section 10, without the padding.
BOOST_AUTO_TEST_CASE(rfc4648_test_vectors) {
    const std::pair<std::string_view, std::string_view> vectors[] = {
        {"", ""},         {"f", "Zg"},         {"fo", "Zm8"},         {"foo", "Zm9v"},
        {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [plain, encoded] : vectors) {
        BOOST_TEST(sms::text::base64url_encode(plain) == encoded);
        BOOST_TEST(sms::text::base64url_decode(encoded).value() == plain);
    }
}

// RFC 4648 section 10, standard base64 with its padding (Twilio's signatures).
BOOST_AUTO_TEST_CASE(standard_base64_rfc4648_test_vectors) {
    const std::pair<std::string_view, std::string_view> vectors[] = {
        {"", ""},             {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [plain, encoded] : vectors) {
        BOOST_TEST(sms::text::base64_encode(reinterpret_cast<const unsigned char*>(plain.data()), plain.size()) == encoded);
    }
    const std::string high = raw({0xfb, 0xef, 0xbe});
    BOOST_TEST(sms::text::base64_encode(reinterpret_cast<const unsigned char*>(high.data()), high.size()) == "++++");
}

// The two characters where base64url differs from base64 (RFC 4648 section 5).
BOOST_AUTO_TEST_CASE(url_alphabet_replaces_plus_and_slash) {
    BOOST_TEST(sms::text::base64url_encode(raw({0xfb, 0xef, 0xbe})) == "----"); // base64 "++++"
    BOOST_TEST(sms::text::base64url_encode(raw({0xff, 0xff, 0xff})) == "____"); // base64 "////"
    BOOST_TEST(sms::text::base64url_encode(raw({0xfb, 0xff})) == "-_8");        // base64 "+/8="
    BOOST_TEST(sms::text::base64url_decode("----").value() == raw({0xfb, 0xef, 0xbe}));
    BOOST_TEST(sms::text::base64url_decode("____").value() == raw({0xff, 0xff, 0xff}));
    BOOST_TEST(sms::text::base64url_decode("-_8").value() == raw({0xfb, 0xff}));
}

BOOST_AUTO_TEST_CASE(random_bytes_of_every_length_round_trip) {
    std::mt19937 rng(20240601);
    std::uniform_int_distribution<int> byte(0, 255);
    for (std::size_t n = 0; n <= 300; ++n) {
        std::string bytes;
        for (std::size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>(byte(rng)));
        const std::string text = sms::text::base64url_encode(bytes);
        BOOST_TEST_CONTEXT("length " << n) {
            BOOST_TEST(text.size() == (4 * n + 2) / 3); // unpadded
            BOOST_TEST(text.find_first_not_of(kAlphabet) == std::string::npos);
            BOOST_TEST(sms::text::base64url_decode(text).value() == bytes);
        }
    }
}

BOOST_AUTO_TEST_CASE(padding_is_rejected) {
    BOOST_TEST(!sms::text::base64url_decode("Zg==").has_value());
    BOOST_TEST(!sms::text::base64url_decode("Zm8=").has_value());
    BOOST_TEST(!sms::text::base64url_decode("Zg=").has_value());
    BOOST_TEST(!sms::text::base64url_decode("====").has_value());
}

BOOST_AUTO_TEST_CASE(standard_alphabet_is_rejected) {
    BOOST_TEST(!sms::text::base64url_decode("++++").has_value());
    BOOST_TEST(!sms::text::base64url_decode("////").has_value());
    BOOST_TEST(!sms::text::base64url_decode("+_8").has_value());
    BOOST_TEST(!sms::text::base64url_decode("-/8").has_value());
}

BOOST_AUTO_TEST_CASE(whitespace_is_rejected) {
    for (std::string_view text : {"Zm9v Yg", " Zm9v", "Zm9v\n", "Zm9v\r\n", "Zm\t9v", "Zm9vYmFy\n"}) {
        BOOST_TEST_CONTEXT("'" << text << "'") { BOOST_TEST(!sms::text::base64url_decode(text).has_value()); }
    }
}

BOOST_AUTO_TEST_CASE(every_byte_outside_the_alphabet_is_rejected) {
    for (int c = 0; c < 256; ++c) {
        std::string text = "AAA";
        text.push_back(static_cast<char>(c));
        const bool in_alphabet = kAlphabet.find(static_cast<char>(c)) != std::string_view::npos;
        BOOST_TEST_CONTEXT("byte " << c) { BOOST_TEST(sms::text::base64url_decode(text).has_value() == in_alphabet); }
    }
}

BOOST_AUTO_TEST_CASE(impossible_lengths_are_rejected) {
    for (std::string_view text : {"Z", "Zm9vY", "Zm9vYmFyZ", "AAAAAAAAAAAAA"}) {
        BOOST_TEST_CONTEXT(text) { BOOST_TEST(!sms::text::base64url_decode(text).has_value()); }
    }
}

// Each byte string has exactly one accepted text: the bits after the last
// whole byte must be zero.
BOOST_AUTO_TEST_CASE(non_canonical_trailing_bits_are_rejected) {
    BOOST_TEST(sms::text::base64url_decode("QQ").value() == "A");
    for (std::string_view text : {"QR", "QS", "QT", "QU", "QV", "QW", "QX", "QY", "QZ", "Qa", "Qb", "Qc", "Qd", "Qe", "Qf"}) {
        BOOST_TEST_CONTEXT(text) { BOOST_TEST(!sms::text::base64url_decode(text).has_value()); }
    }
    BOOST_TEST(sms::text::base64url_decode("QUE").value() == "AA");
    for (std::string_view text : {"QUF", "QUG", "QUH"}) {
        BOOST_TEST_CONTEXT(text) { BOOST_TEST(!sms::text::base64url_decode(text).has_value()); }
    }
    BOOST_TEST(!sms::text::base64url_decode("Zm9vYh").has_value()); // "Zm9vYg" is "foob"
}

// The codec decodes every cookie into one per-thread string: what it held
// before, longer or shorter, must not show through, and its buffer is kept.
BOOST_AUTO_TEST_CASE(decode_into_replaces_what_the_string_held) {
    std::string out(100, 'x');
    const auto* buffer = out.data();
    BOOST_TEST(sms::text::base64url_decode_into("Zm9vYmFy", out));
    BOOST_TEST(out == "foobar");
    BOOST_TEST(static_cast<const void*>(out.data()) == static_cast<const void*>(buffer));
    BOOST_TEST(sms::text::base64url_decode_into("", out));
    BOOST_TEST(out.empty());
    out = "ab";
    BOOST_TEST(sms::text::base64url_decode_into(sms::text::base64url_encode(std::string(40, 'z')), out));
    BOOST_TEST(out == std::string(40, 'z'));
    BOOST_TEST(!sms::text::base64url_decode_into("Zm9vYh", out));
    BOOST_TEST(!sms::text::base64url_decode_into("Z", out));
}

BOOST_AUTO_TEST_SUITE_END()

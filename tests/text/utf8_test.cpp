#include "text/utf8.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace sms::text {

namespace {

std::string repaired(std::string_view bytes) {
    std::string out(3 * bytes.size(), '\0');
    out.resize(static_cast<std::size_t>(copy_repairing_utf8(bytes, out.data()) - out.data()));
    return out;
}

std::string replacements(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out.append(kReplacementCharacter);
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(utf8)

// The Unicode Standard, §3.9, Table 3-8 ("Use of U+FFFD in UTF-8
// Conversion"): 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 becomes
// a FFFD FFFD FFFD b FFFD c FFFD FFFD d. Node's Buffer gives the same.
BOOST_AUTO_TEST_CASE(the_standards_table_3_8_example) {
    const std::string fffd(kReplacementCharacter);
    BOOST_TEST(repaired("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64") ==
               "a" + fffd + fffd + fffd + "b" + fffd + "c" + fffd + fffd + "d");
}

BOOST_AUTO_TEST_CASE(well_formed_text_is_copied_unchanged) {
    for (std::string_view text : {"", "plain", "caf\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xEF\xBF\xBD",
                                  "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
                                  "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF"}) {
        BOOST_TEST(repaired(text) == text);
    }
}

BOOST_AUTO_TEST_CASE(a_prefix_reports_its_code_point_and_size) {
    const Utf8Prefix euro = utf8_prefix("\xE2\x82\xAC and more");
    BOOST_TEST(euro.well_formed);
    BOOST_TEST(euro.size == 3u);
    BOOST_TEST(static_cast<unsigned>(euro.code_point) == 0x20ACu);
    const Utf8Prefix cut = utf8_prefix("\xF0\x9F\x98");
    BOOST_TEST(!cut.well_formed);
    BOOST_TEST(cut.size == 3u);
}

// A maximal subpart is the longest start of a well-formed sequence: the
// second byte's range depends on the first (Table 3-7), so an overlong, a
// surrogate or a code point past U+10FFFF stops at its first byte.
BOOST_AUTO_TEST_CASE(maximal_subparts) {
    BOOST_TEST(repaired("\xE2\x82") == replacements(1));                 // cut short
    BOOST_TEST(repaired("\xE2\x82" "x") == replacements(1) + "x");
    BOOST_TEST(repaired("\xF0\x9F\x98") == replacements(1));
    BOOST_TEST(repaired("\xF0\x9F\x98\xF0\x9F\x98\x80") == replacements(1) + "\xF0\x9F\x98\x80");
    BOOST_TEST(repaired("\xC0\x80") == replacements(2));                 // C0, C1: never a first byte
    BOOST_TEST(repaired("\xE0\x80\x80") == replacements(3));             // overlong: E0 needs A0..BF
    BOOST_TEST(repaired("\xF0\x8F\xBF\xBF") == replacements(4));         // overlong: F0 needs 90..BF
    BOOST_TEST(repaired("\xED\xA0\x80") == replacements(3));             // surrogate: ED needs 80..9F
    BOOST_TEST(repaired("\xF4\x90\x80\x80") == replacements(4));         // past U+10FFFF: F4 needs 80..8F
    BOOST_TEST(repaired("\xF5\x80\x80\x80") == replacements(4));
    BOOST_TEST(repaired("\xE1\x80\xC3\xA9") == replacements(1) + "\xC3\xA9");
    BOOST_TEST(repaired("\x80\xBF") == replacements(2));                 // lone continuation bytes
    BOOST_TEST(repaired("\xFF") == replacements(1));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::text

#include "text/ascii.hpp"

#include <boost/test/unit_test.hpp>

#include <vector>

namespace sms::text {

BOOST_AUTO_TEST_SUITE(ascii)

BOOST_AUTO_TEST_CASE(trims_the_given_characters) {
    BOOST_TEST(trim(" \t\r\n a b \r\n") == "a b");
    BOOST_TEST(trim(" \t\n") == "");
    BOOST_TEST(trim("") == "");
    BOOST_TEST(trim("\t x \n", " \t") == "x \n");
}

BOOST_AUTO_TEST_CASE(compares_and_lowers_ascii_only) {
    BOOST_TEST(to_lower("Text/XML; Charset=\xC3\x89") == "text/xml; charset=\xC3\x89");
    BOOST_TEST(equals_ignoring_case("Max-Age", "max-AGE"));
    BOOST_TEST(!equals_ignoring_case("Max-Age", "Max-Ag"));
    BOOST_TEST(!equals_ignoring_case("[", "{")); // 0x5B and 0x7B differ only in the case bit
    BOOST_TEST(starts_with_ignoring_case("Set-Cookie: a=1", "set-cookie:"));
    BOOST_TEST(!starts_with_ignoring_case("Set", "set-cookie:"));
    BOOST_TEST(contains_ignoring_case("Please STOP now", "stop"));
    BOOST_TEST(contains_ignoring_case("stop", "STOP"));
    BOOST_TEST(contains_ignoring_case("abc", ""));
    BOOST_TEST(!contains_ignoring_case("Please ST0P now", "stop"));
    BOOST_TEST(!contains_ignoring_case("st", "stop"));
}

BOOST_AUTO_TEST_CASE(splits_a_list_at_any_white_space) {
    using Words = std::vector<std::string_view>;
    BOOST_TEST(split_spaces("  STOP\tQUIT\r\nEND  ") == (Words{"STOP", "QUIT", "END"}), boost::test_tools::per_element());
    BOOST_TEST(split_spaces("one") == (Words{"one"}), boost::test_tools::per_element());
    BOOST_TEST(split_spaces(" \t\n").empty());
    BOOST_TEST(split_spaces("").empty());
}

BOOST_AUTO_TEST_CASE(reads_hex_digits_of_either_case) {
    BOOST_TEST(hex_digit_value('0') == 0);
    BOOST_TEST(hex_digit_value('9') == 9);
    BOOST_TEST(hex_digit_value('a') == 10);
    BOOST_TEST(hex_digit_value('F') == 15);
    for (char c : {'g', 'G', '/', ':', '@', '`', ' ', '\0', '\xC3'}) BOOST_TEST(hex_digit_value(c) == -1);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::text

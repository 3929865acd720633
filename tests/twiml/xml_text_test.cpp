#include "twiml/xml_text.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include "tests/exact_buffer.hpp"

using namespace std::string_literals;

namespace sms::twiml {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

std::string as_text(std::string_view bytes) {
    const test::ExactBuffer buffer(bytes);
    std::string out;
    append_text(out, buffer.view());
    return out;
}

std::string as_attribute(std::string_view bytes) {
    const test::ExactBuffer buffer(bytes);
    std::string out;
    append_attribute_value(out, buffer.view());
    return out;
}

std::string replacements(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out.append(kReplacement);
    return out;
}

// The rules for one byte on its own, stated per class of byte.
std::string expected_for_byte(unsigned char byte, bool attribute) {
    switch (byte) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return attribute ? ">" : "&gt;";
    case '"': return attribute ? "&quot;" : "\"";
    case '\t': return attribute ? "&#x9;" : "\t";
    case '\n': return attribute ? "&#xA;" : "\n";
    case '\r': return "&#xD;";
    }
    if (byte < 0x20) return "";                          // forbidden in XML 1.0
    if (byte >= 0x80) return std::string(kReplacement); // never UTF-8 on its own
    return std::string(1, static_cast<char>(byte));      // includes DEL
}

struct Case {
    std::string_view input;
    std::string text;
    std::string attribute;
};

void check(const Case& c) {
    BOOST_TEST_CONTEXT("input of " << c.input.size() << " bytes: " << c.input) {
        BOOST_TEST(as_text(c.input) == c.text);
        BOOST_TEST(as_attribute(c.input) == c.attribute);
    }
}

// Inputs whose output is the same in text and in attributes.
void check_both(std::string_view input, const std::string& expected) { check({input, expected, expected}); }

} // namespace

BOOST_AUTO_TEST_SUITE(xml_text)

BOOST_AUTO_TEST_CASE(output_is_appended) {
    std::string out = "<a>";
    append_text(out, "x&y");
    BOOST_TEST(out == "<a>x&amp;y");
    out = "<a b=\"";
    append_attribute_value(out, "x\"y");
    BOOST_TEST(out == "<a b=\"x&quot;y");
}

BOOST_AUTO_TEST_CASE(markup_characters_are_escaped_as_the_twilio_library_does) {
    check({"a&b<c>d\"e'f]]>", "a&amp;b&lt;c&gt;d\"e'f]]&gt;", "a&amp;b&lt;c>d&quot;e'f]]>"});
    check({"&amp;", "&amp;amp;", "&amp;amp;"});
}

BOOST_AUTO_TEST_CASE(tab_lf_cr_are_escaped_in_attributes_and_cr_in_text) {
    check({"a\tb\nc\rd\r\n", "a\tb\nc&#xD;d&#xD;\n", "a&#x9;b&#xA;c&#xD;d&#xD;&#xA;"});
}

BOOST_AUTO_TEST_CASE(every_single_byte_follows_the_rules) {
    for (unsigned byte = 0; byte < 256; ++byte) {
        const std::string input(1, static_cast<char>(byte));
        check({input, expected_for_byte(byte, false), expected_for_byte(byte, true)});
    }
}

// Two bytes are one character, the start of a longer one cut short (one
// maximal subpart: one U+FFFD), or two bytes each taken alone.
bool starts_a_longer_character(unsigned first, unsigned second) {
    const unsigned low = first == 0xE0 ? 0xA0 : first == 0xF0 ? 0x90 : 0x80;
    const unsigned high = first == 0xED ? 0x9F : first == 0xF4 ? 0x8F : 0xBF;
    return first >= 0xE0 && first <= 0xF4 && second >= low && second <= high;
}

BOOST_AUTO_TEST_CASE(every_two_byte_input_is_one_character_one_cut_short_or_two_bytes) {
    for (unsigned first = 0; first < 256; ++first) {
        for (unsigned second = 0; second < 256; ++second) {
            const std::string input{static_cast<char>(first), static_cast<char>(second)};
            const bool one_character = first >= 0xC2 && first <= 0xDF && second >= 0x80 && second <= 0xBF;
            for (bool attribute : {false, true}) {
                const std::string expected = one_character                              ? input
                                             : starts_a_longer_character(first, second) ? replacements(1)
                                                                                        : expected_for_byte(first, attribute) +
                                                                                              expected_for_byte(second, attribute);
                const std::string actual = attribute ? as_attribute(input) : as_text(input);
                if (actual != expected) {
                    BOOST_TEST(actual == expected, "bytes " << first << " " << second << " attribute " << attribute);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(overlong_forms_become_one_replacement_per_byte) {
    check_both("\xC0\x80", replacements(2));
    check_both("\xC1\xBF", replacements(2));
    check_both("\xE0\x80\x80", replacements(3));
    check_both("\xE0\x9F\xBF", replacements(3));
    check_both("\xF0\x80\x80\x80", replacements(4));
    check_both("\xF0\x8F\xBF\xBF", replacements(4));
}

BOOST_AUTO_TEST_CASE(surrogates_become_one_replacement_per_byte) {
    check_both("\xED\xA0\x80", replacements(3));
    check_both("\xED\xBF\xBF", replacements(3));
    check_both("\xED\xA0\x80\xED\xB0\x80", replacements(6)); // a CESU-8 pair
}

BOOST_AUTO_TEST_CASE(code_points_past_10ffff_become_one_replacement_per_byte) {
    check_both("\xF4\x90\x80\x80", replacements(4));
    check_both("\xF5\x80\x80\x80", replacements(4));
    check_both("\xF7\xBF\xBF\xBF", replacements(4));
    check_both("\xF8\x88\x80\x80\x80", replacements(5));
}

BOOST_AUTO_TEST_CASE(truncated_sequences_become_one_replacement_each) {
    check_both("\xC3", replacements(1));
    check_both("\xE2\x82", replacements(1));
    check_both("\xF0\x9F\x98", replacements(1));
    check_both("a\xE2\x82" "b", "a" + replacements(1) + "b");
    check_both("\xF0\x9F\x98\xF0\x9F\x98\x80", replacements(1) + "\xF0\x9F\x98\x80");
    check_both("\xC3\xC3\xA9", replacements(1) + "\xC3\xA9");
    check({"\xC3<", replacements(1) + "&lt;", replacements(1) + "&lt;"});
    check({"\xE2\x82\r", replacements(1) + "&#xD;", replacements(1) + "&#xD;"});
}

BOOST_AUTO_TEST_CASE(lone_continuation_bytes_become_one_replacement_each) {
    check_both("\x80", replacements(1));
    check_both("\xBF\x80\xBF", replacements(3));
    check_both("a\x80" "b", "a" + replacements(1) + "b");
    check_both("\xC3\xA9\x80", "\xC3\xA9" + replacements(1));
}

BOOST_AUTO_TEST_CASE(characters_xml_forbids_are_dropped) {
    check_both("a\xEF\xBF\xBE" "b\xEF\xBF\xBF" "c", "abc");
    check_both("a\0b"s, "ab");
    check_both("\x01\x02\x03\x04\x05\x06\x07\x08\x0B\x0C\x0E\x0F\x10\x11\x12\x13\x14\x15"
               "\x16\x17\x18\x19\x1A\x1B\x1C\x1D\x1E\x1F",
               "");
}

BOOST_AUTO_TEST_CASE(del_and_c1_controls_are_kept) {
    check_both("\x7F\xC2\x80\xC2\x85\xC2\x9F", "\x7F\xC2\x80\xC2\x85\xC2\x9F");
}

BOOST_AUTO_TEST_CASE(valid_characters_at_every_boundary_are_kept) {
    for (std::string_view kept : {
             "\x20",             // U+0020
             "\x7E",             // U+007E
             "\xC2\x80",         // U+0080
             "\xDF\xBF",         // U+07FF
             "\xE0\xA0\x80",     // U+0800
             "\xED\x9F\xBF",     // U+D7FF, below the surrogates
             "\xEE\x80\x80",     // U+E000, above the surrogates
             "\xEF\xB7\x90",     // U+FDD0, a noncharacter XML allows
             "\xEF\xBB\xBF",     // U+FEFF
             "\xEF\xBF\xBD",     // U+FFFD
             "\xF0\x90\x80\x80", // U+10000
             "\xF0\x9F\xBF\xBF", // U+1FFFF
             "\xF4\x8F\xBF\xBF", // U+10FFFF
         }) {
        check_both(kept, std::string(kept));
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::twiml

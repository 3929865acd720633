#include "request/form.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/exact_buffer.hpp"

using namespace std::string_literals;

namespace sms {

// Lets BOOST_TEST print a FormError; static so that no other test file's
// printer can clash with it.
static std::ostream& operator<<(std::ostream& out, FormError error) { return out << describe(error); }

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Parsed {
    FormError error = FormError::none;
    Form form;
};

Parsed parse(std::string_view input, const FormLimits& limits = {}) {
    const test::ExactBuffer buffer(input);
    Parsed parsed;
    parsed.error = parse_form(buffer.view(), limits, parsed.form);
    return parsed;
}

void check_fields(const Form& form, const Fields& expected) {
    BOOST_TEST_REQUIRE(form.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        BOOST_TEST_CONTEXT("field " << i) {
            BOOST_TEST(form[i].name == expected[i].first);
            BOOST_TEST(form[i].value == expected[i].second);
        }
    }
}

void check_parses_to(std::string_view input, const Fields& expected) {
    BOOST_TEST_CONTEXT("input: " << input) {
        const Parsed parsed = parse(input);
        BOOST_TEST_REQUIRE(parsed.error == FormError::none);
        check_fields(parsed.form, expected);
    }
}

std::string escape_byte(unsigned byte, const char* format) {
    char text[4];
    std::snprintf(text, sizeof text, format, byte);
    return text;
}

// "p0=0&p1=1&..." with `count` fields.
std::string numbered_params(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        if (i != 0) out.push_back('&');
        out.append("p").append(std::to_string(i)).append("=").append(std::to_string(i));
    }
    return out;
}

std::string repeated(std::string_view piece, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out.append(piece);
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(form)

BOOST_AUTO_TEST_CASE(plus_is_a_space_in_names_and_values) {
    check_parses_to("Body=hello+world+&a+b=+", {{"Body", "hello world "}, {"a b", " "}});
}

BOOST_AUTO_TEST_CASE(percent_escapes_take_upper_and_lower_case_hex) {
    check_parses_to("k%65y=%41%62%2B%2b%7e%7E%C3%A9%c3%a9%20",
                    {{"key", "Ab++~~\xC3\xA9\xC3\xA9 "}});
}

BOOST_AUTO_TEST_CASE(every_byte_value_decodes_from_its_escape) {
    for (unsigned byte = 0; byte < 256; ++byte) {
        const std::string expected(1, static_cast<char>(byte));
        check_parses_to("v=" + escape_byte(byte, "%%%02X"), {{"v", expected}});
        check_parses_to("v=" + escape_byte(byte, "%%%02x"), {{"v", expected}});
    }
}

BOOST_AUTO_TEST_CASE(malformed_escapes_are_rejected) {
    for (std::string_view input : {"%", "%4", "%G1", "%%", "%1G", "%%41", "%+1", "% 1", "%-1", "%0x1", "%\xC3\xA9",
                                   "a=%", "a=%4", "a=%G1", "a=%%", "a=b%", "a=b%4", "%zz=1", "a=1&b=%", "a=1&%4"}) {
        BOOST_TEST_CONTEXT("input: " << input) {
            BOOST_TEST(parse(input).error == FormError::bad_escape);
        }
    }
}

BOOST_AUTO_TEST_CASE(repeated_names_are_kept_in_order) {
    check_parses_to("To=1&From=a&To=2&To=3", {{"To", "1"}, {"From", "a"}, {"To", "2"}, {"To", "3"}});
}

BOOST_AUTO_TEST_CASE(empty_segments_are_skipped) {
    check_parses_to("&&a=1&&&b=2&", {{"a", "1"}, {"b", "2"}});
    check_parses_to("", {});
    check_parses_to("&", {});
    check_parses_to("&&&", {});
}

BOOST_AUTO_TEST_CASE(a_name_without_equals_has_an_empty_value) {
    check_parses_to("flag&a=1&other", {{"flag", ""}, {"a", "1"}, {"other", ""}});
}

BOOST_AUTO_TEST_CASE(empty_names_and_values_are_kept) {
    check_parses_to("a=&=v&=", {{"a", ""}, {"", "v"}, {"", ""}});
}

BOOST_AUTO_TEST_CASE(equals_inside_a_value_belongs_to_the_value) {
    check_parses_to("a=b=c&d==&e%3Df=g", {{"a", "b=c"}, {"d", "="}, {"e=f", "g"}});
}

BOOST_AUTO_TEST_CASE(escaped_nul_bytes_are_decoded) {
    check_parses_to("a%00b=c%00d%00", {{"a\0b"s, "c\0d\0"s}});
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_utf8_are_kept) {
    check_parses_to("v=%FF%C0%80%ED%A0%80%80&raw=\xFF\xFE\x80",
                    {{"v", "\xFF\xC0\x80\xED\xA0\x80\x80"}, {"raw", "\xFF\xFE\x80"}});
}

BOOST_AUTO_TEST_CASE(find_returns_the_first_value_of_an_exact_name) {
    const Parsed parsed = parse("Body=first&body=lower&Body=second&Bod=short");
    BOOST_TEST_REQUIRE(parsed.error == FormError::none);
    const std::optional<std::string_view> body = parsed.form.find("Body");
    BOOST_TEST_REQUIRE(body.has_value());
    BOOST_TEST(*body == "first");
    BOOST_TEST(body->data() == parsed.form[0].value.data());
    BOOST_TEST(*parsed.form.find("body") == "lower");
    BOOST_TEST(!parsed.form.find("Missing"));
    BOOST_TEST(!parsed.form.find("Bo"));
    BOOST_TEST(!parsed.form.find("Body "));
}

BOOST_AUTO_TEST_CASE(parsing_replaces_what_the_form_held) {
    Form form{{"stale", "value"}};
    BOOST_TEST_REQUIRE(parse_form("a=1", FormLimits{}, form) == FormError::none);
    check_fields(form, {{"a", "1"}});
}

BOOST_AUTO_TEST_CASE(exactly_max_params_are_accepted) {
    const FormLimits limits;
    const Parsed parsed = parse(numbered_params(limits.max_params), limits);
    BOOST_TEST_REQUIRE(parsed.error == FormError::none);
    BOOST_TEST(parsed.form.size() == limits.max_params);
    BOOST_TEST(parsed.form[parsed.form.size() - 1].name == "p" + std::to_string(limits.max_params - 1));
}

BOOST_AUTO_TEST_CASE(one_param_more_than_max_is_rejected) {
    const FormLimits limits;
    BOOST_TEST(parse(numbered_params(limits.max_params + 1), limits).error == FormError::too_many_params);
}

BOOST_AUTO_TEST_CASE(empty_segments_do_not_count_towards_max_params) {
    const FormLimits limits{.max_params = 2, .max_field_bytes = 16};
    BOOST_TEST(parse("&&a=1&&&&b=2&&", limits).error == FormError::none);
    BOOST_TEST(parse("a=1&b=2&c", limits).error == FormError::too_many_params);
}

BOOST_AUTO_TEST_CASE(a_field_of_exactly_max_bytes_is_accepted) {
    const FormLimits limits;
    const std::string longest(limits.max_field_bytes, 'x');
    check_parses_to(longest + "=v", {{longest, "v"}});
    check_parses_to("n=" + longest, {{"n", longest}});
    check_parses_to(longest, {{longest, ""}});
}

BOOST_AUTO_TEST_CASE(a_field_one_byte_over_max_is_rejected) {
    const FormLimits limits;
    const std::string too_long(limits.max_field_bytes + 1, 'x');
    BOOST_TEST(parse(too_long + "=v", limits).error == FormError::field_too_long);
    BOOST_TEST(parse("n=" + too_long, limits).error == FormError::field_too_long);
    BOOST_TEST(parse(too_long, limits).error == FormError::field_too_long);
    BOOST_TEST(parse("a=1&n=" + too_long + "&b=2", limits).error == FormError::field_too_long);
}

BOOST_AUTO_TEST_CASE(field_limit_counts_decoded_bytes) {
    const FormLimits limits;
    const std::string longest(limits.max_field_bytes, 'A');
    check_parses_to("n=" + repeated("%41", limits.max_field_bytes), {{"n", longest}});
    check_parses_to(repeated("%41", limits.max_field_bytes) + "=v", {{longest, "v"}});
    BOOST_TEST(parse("n=" + repeated("%41", limits.max_field_bytes + 1), limits).error == FormError::field_too_long);
    BOOST_TEST(parse(repeated("+", limits.max_field_bytes + 1) + "=v", limits).error == FormError::field_too_long);
}

BOOST_AUTO_TEST_CASE(a_twilio_sms_webhook_body_decodes_exactly) {
    check_parses_to(
        "ToCountry=US&ToState=CA&SmsMessageSid=SM1f0e8ae6ade43cb3c0ce4525424e404f&NumMedia=0"
        "&ToCity=SAN+FRANCISCO&FromZip=94105&SmsSid=SM1f0e8ae6ade43cb3c0ce4525424e404f&FromState=CA"
        "&SmsStatus=received&FromCity=SAN+FRANCISCO&Body=Hello+%F0%9F%91%8B+50%25+off%3F+a%26b%3Dc%0Anext+line"
        "&FromCountry=US&To=%2B15017122661&MessagingServiceSid=MG9752274e9e519418a7406176694466fa&ToZip=94105"
        "&NumSegments=1&ReferralNumMedia=0&MessageSid=SM1f0e8ae6ade43cb3c0ce4525424e404f"
        "&AccountSid=AC00000000000000000000000000000000&From=%2B15558675310&ApiVersion=2010-04-01",
        {
            {"ToCountry", "US"},
            {"ToState", "CA"},
            {"SmsMessageSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f"},
            {"NumMedia", "0"},
            {"ToCity", "SAN FRANCISCO"},
            {"FromZip", "94105"},
            {"SmsSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f"},
            {"FromState", "CA"},
            {"SmsStatus", "received"},
            {"FromCity", "SAN FRANCISCO"},
            {"Body", "Hello \xF0\x9F\x91\x8B 50% off? a&b=c\nnext line"},
            {"FromCountry", "US"},
            {"To", "+15017122661"},
            {"MessagingServiceSid", "MG9752274e9e519418a7406176694466fa"},
            {"ToZip", "94105"},
            {"NumSegments", "1"},
            {"ReferralNumMedia", "0"},
            {"MessageSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f"},
            {"AccountSid", "AC00000000000000000000000000000000"},
            {"From", "+15558675310"},
            {"ApiVersion", "2010-04-01"},
        });
}

BOOST_AUTO_TEST_CASE(a_field_over_max_before_a_bad_escape_is_too_long) {
    const FormLimits limits{.max_params = 4, .max_field_bytes = 4};
    BOOST_TEST(parse("n=xxxxx%", limits).error == FormError::field_too_long);
    BOOST_TEST(parse("n=xxxx%", limits).error == FormError::bad_escape);
    BOOST_TEST(parse("xxxxx%=v", limits).error == FormError::field_too_long);
    BOOST_TEST(parse("n=%41%41%41%41%41%", limits).error == FormError::field_too_long);
}

BOOST_AUTO_TEST_CASE(an_error_leaves_the_form_empty) {
    for (std::string_view input : {"a=1&b=%zz", "a=1&b=2&c=3", "a=1&bbbbb=2"}) {
        BOOST_TEST_CONTEXT("input: " << input) {
            Form form{{"stale", "value"}};
            BOOST_TEST(parse_form(input, FormLimits{.max_params = 2, .max_field_bytes = 4}, form) != FormError::none);
            BOOST_TEST(form.size() == 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_built_form_keeps_its_fields_in_order) {
    Form form{{"To", "+1"}, {"Body", ""}};
    form.add("To", std::string(100, 'x'));
    form.add("", "empty name");
    check_fields(form, {{"To", "+1"}, {"Body", ""}, {"To", std::string(100, 'x')}, {"", "empty name"}});
    BOOST_TEST(*form.find("To") == "+1");
    BOOST_TEST(*form.find("") == "empty name");
}

BOOST_AUTO_TEST_CASE(a_form_owns_its_bytes) {
    Form copy;
    {
        std::string name = "Body", value = "a value longer than a short string";
        Form built{{name, value}};
        name.assign(name.size(), '?');
        value.assign(value.size(), '?');
        copy = built;
        built.add("later", "field");
    }
    check_fields(copy, {{"Body", "a value longer than a short string"}});
    const Form moved = std::move(copy);
    check_fields(moved, {{"Body", "a value longer than a short string"}});
}

BOOST_AUTO_TEST_CASE(query_limits_count_params_as_the_parser_does) {
    const FormLimits limits{.max_params = 2, .max_field_bytes = 16};
    for (std::string_view query : {"", "a=1&b=2", "&&a=1&&&&b=2&&", "a&b", "=&="}) {
        BOOST_TEST_CONTEXT(query) { BOOST_TEST(check_form_limits(query, limits) == FormError::none); }
    }
    for (std::string_view query : {"a=1&b=2&c", "a&b&c", "=&=&="}) {
        BOOST_TEST_CONTEXT(query) { BOOST_TEST(check_form_limits(query, limits) == FormError::too_many_params); }
    }
}

BOOST_AUTO_TEST_CASE(query_limits_measure_names_and_values_decoded) {
    const FormLimits limits{.max_params = 4, .max_field_bytes = 3};
    for (std::string_view query : {"abc=def", "%41%42%43=%44%45%46", "a+b=%4", "x=%zz", "%%%=1"}) {
        BOOST_TEST_CONTEXT(query) { BOOST_TEST(check_form_limits(query, limits) == FormError::none); }
    }
    for (std::string_view query : {"abcd=1", "a=1234", "%41%42%43%44=1", "x=%zzz", "a=1&b=2&long=1"}) {
        BOOST_TEST_CONTEXT(query) { BOOST_TEST(check_form_limits(query, limits) == FormError::field_too_long); }
    }
}

BOOST_AUTO_TEST_CASE(encoding_round_trips_through_the_form_parser) {
    const Form form{{"Body", "a+b & c=d %/é\n*-._~"}, {"Empty", ""}};
    const std::string encoded = encode_form(form);
    BOOST_TEST(encoded == "Body=a%2Bb+%26+c%3Dd+%25%2F%C3%A9%0A*-._%7E&Empty=");
    Form parsed;
    BOOST_TEST_REQUIRE(describe(parse_form(encoded, FormLimits{}, parsed)) == describe(FormError::none));
    BOOST_TEST_REQUIRE(parsed.size() == 2u);
    BOOST_TEST(parsed[0].value == form[0].value);
    BOOST_TEST(parsed[1].value == "");
}

BOOST_AUTO_TEST_CASE(a_templated_url_keeps_its_syntax_and_loses_what_could_end_a_line) {
    // '%', '&', '=', '/', '?', '#', '@' and ':' stay: the template's author
    // chose them (url_encode, in Studio, is theirs to apply).
    BOOST_TEST(escape_url_unsafe("https://api.example.com/p?q=a%20b&c=d/e#f@g:h") ==
               "https://api.example.com/p?q=a%20b&c=d/e#f@g:h");
    BOOST_TEST(escape_url_unsafe("/x?q=Hi there\r\nX-Evil: 1") == "/x?q=Hi%20there%0D%0AX-Evil:%201");
    BOOST_TEST(escape_url_unsafe("/\"<>\\^`{|}\x7f") == "/%22%3C%3E%5C%5E%60%7B%7C%7D%7F");
    BOOST_TEST(escape_url_unsafe("/caf\xc3\xa9") == "/caf%C3%A9");
    BOOST_TEST(escape_url_unsafe(std::string_view("/a\0b", 4)) == "/a%00b");
}

BOOST_AUTO_TEST_CASE(errors_are_described_for_the_response_body) {
    BOOST_TEST(describe(FormError::none) == "ok");
    BOOST_TEST(describe(FormError::bad_escape) == "malformed %-escape in form data");
    BOOST_TEST(describe(FormError::too_many_params) == "too many form parameters");
    BOOST_TEST(describe(FormError::field_too_long) == "form parameter too long");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms

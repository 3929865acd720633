// Template parse errors with their positions, and render limits.
#include <boost/test/unit_test.hpp>

#include <string>

#include "liquid/expression_parser.hpp"
#include "liquid/json_value.hpp"
#include "liquid/template.hpp"

namespace sms::liquid {

namespace {

ParseError parse_error(std::string_view source) {
    auto parsed = Template::parse(source);
    BOOST_REQUIRE(std::holds_alternative<ParseError>(parsed));
    return std::get<ParseError>(parsed);
}

Template compiled(std::string_view source) {
    auto parsed = Template::parse(source);
    if (auto* error = std::get_if<ParseError>(&parsed)) BOOST_FAIL(error->to_string());
    return std::move(std::get<Template>(parsed));
}

Value json_data(std::string_view json) { return std::get<Value>(parse_json_value(json)); }

} // namespace

BOOST_AUTO_TEST_SUITE(liquid_template)

BOOST_AUTO_TEST_CASE(unknown_filter_is_an_error_at_its_name) {
    const auto error = parse_error("Hi\n  {{ name | upcase | shout }}");
    BOOST_TEST(error.message == "undefined filter: shout");
    BOOST_TEST(error.line == 2u);
    BOOST_TEST(error.column == 22u);
    BOOST_TEST(error.offset == 24u);
    BOOST_TEST(error.to_string() == "undefined filter: shout, line:2, col:22");
}

BOOST_AUTO_TEST_CASE(unknown_tag_is_an_error_at_the_tag) {
    const auto error = parse_error("ok\n\n x {% shout %}");
    BOOST_TEST(error.message == "tag \"shout\" not found");
    BOOST_TEST(error.line == 3u);
    BOOST_TEST(error.column == 4u);
}

BOOST_AUTO_TEST_CASE(unclosed_blocks_and_markup_name_their_start) {
    BOOST_TEST(parse_error("ab{% if x %}open").message == "tag \"if\" not closed");
    BOOST_TEST(parse_error("ab{% if x %}open").column == 3u);
    BOOST_TEST(parse_error("{% for x in y %}").message == "tag \"for\" not closed");
    const auto output = parse_error("x {{ y ");
    BOOST_TEST(output.offset == 2u);
    BOOST_TEST(output.message.find("not closed") != std::string::npos);
    BOOST_TEST(parse_error("{% endif %}").message == "tag \"endif\" not found");
}

BOOST_AUTO_TEST_CASE(syntax_errors_point_into_the_markup) {
    const auto error = parse_error("{{ a[1 }}");
    BOOST_TEST(error.message == "expected ]");
    BOOST_TEST(error.column == 8u); // where the ] should be
    BOOST_TEST(parse_error("{{ \"open }}").message.find("not closed") != std::string::npos);
    BOOST_TEST(parse_error("{{ 'open' | append: 'x }}").message.find("not closed") != std::string::npos);
    BOOST_TEST(parse_error("{% assign = 1 %}").message.find("illegal tag") == 0u);
}

BOOST_AUTO_TEST_CASE(nesting_is_bounded) {
    std::string deep;
    for (int i = 0; i < kMaxNesting + 1; ++i) deep += "{% if true %}";
    BOOST_TEST(parse_error(deep).message == "blocks nested too deeply");
    std::string brackets = "{{ a";
    for (int i = 0; i < kMaxNesting + 1; ++i) brackets += "[a";
    BOOST_TEST(parse_error(brackets + " }}").message == "expression nested too deeply");
}

BOOST_AUTO_TEST_CASE(and_or_chains_are_bounded) {
    // Each term used to be one more level of recursion when rendering and freeing.
    std::string chain = "{% if a";
    for (int i = 0; i < 200000; ++i) chain += " or a";
    const auto error = parse_error(chain + " %}{% endif %}");
    BOOST_TEST(error.message == "condition with more than 64 and/or");
    std::string fine = "{% if a";
    for (std::size_t i = 0; i < kMaxConditionTerms; ++i) fine += " or a";
    BOOST_TEST(std::holds_alternative<Template>(Template::parse(fine + " %}y{% endif %}")));
}

BOOST_AUTO_TEST_CASE(huge_range_costs_the_iteration_budget) {
    const auto t = compiled("{% for i in (1..1000000000) %}x{% endfor %}");
    std::string out;
    RenderLimits limits;
    limits.max_iterations = 500;
    const auto stopped = t.render(Value(Object{}), out, limits, 0);
    BOOST_REQUIRE(stopped.has_value());
    BOOST_TEST(*stopped == "more than 500 loop iterations");
    BOOST_TEST(out == std::string(500, 'x'));
}

BOOST_AUTO_TEST_CASE(a_range_as_a_value_costs_the_iteration_budget_too) {
    const auto t = compiled("{{ (1..1000000000) | size }}");
    std::string out;
    const auto stopped = t.render(Value(Object{}), out, RenderLimits{}, 0);
    BOOST_REQUIRE(stopped.has_value());
    BOOST_TEST(*stopped == "more than 10000 loop iterations");
}

// Ill-formed UTF-8 counts as JavaScript's decoders read it: one U+FFFD per
// maximal subpart (Unicode 3.9), so "a" E2 82 "b" is three characters and
// the four bytes F0 9F 98 alone (a 4-byte sequence cut short) are one.
BOOST_AUTO_TEST_CASE(ill_formed_utf8_counts_one_character_per_maximal_subpart) {
    const auto t = compiled("{{ s | size }} {{ t | size }} {{ u | size }}");
    Object data;
    data.emplace_back("s", Value(std::string("a\xE2\x82" "b")));
    data.emplace_back("t", Value(std::string("\xF0\x9F\x98")));
    data.emplace_back("u", Value(std::string("\xC0\xAF"))); // an overlong '/': two subparts
    std::string out;
    BOOST_TEST(!t.render(Value(std::move(data)), out, RenderLimits{}, 0).has_value());
    BOOST_TEST(out == "3 1 2");
}

// Changing case leaves ill-formed bytes as they came, a maximal subpart of
// several bytes as much as a single stray byte.
BOOST_AUTO_TEST_CASE(changing_case_passes_ill_formed_utf8_through) {
    const auto t = compiled("{{ s | upcase }}");
    Object data;
    data.emplace_back("s", Value(std::string("a\xE2\x82" "b\xFF" "c")));
    std::string out;
    BOOST_TEST(!t.render(Value(std::move(data)), out, RenderLimits{}, 0).has_value());
    BOOST_TEST(out == "A\xE2\x82" "B\xFF" "C");
}

BOOST_AUTO_TEST_CASE(output_is_bounded) {
    const auto t = compiled("{% for i in (1..100) %}0123456789{% endfor %}");
    RenderLimits limits;
    limits.max_output_bytes = 95;
    std::string out;
    const auto stopped = t.render(Value(Object{}), out, limits, 0);
    BOOST_REQUIRE(stopped.has_value());
    BOOST_TEST(*stopped == "output over 95 bytes");
    std::string tens;
    for (int i = 0; i < 10; ++i) tens += "0123456789";
    BOOST_TEST(out == tens.substr(0, 95)); // cut at the limit
    limits.max_output_bytes = 1000;
    BOOST_TEST(!t.render(Value(Object{}), out, limits, 0).has_value());
    BOOST_TEST(out.size() == 1000u);
}

BOOST_AUTO_TEST_CASE(doubling_a_string_stops_at_the_work_budget) {
    const auto t = compiled("{% assign s = 'xx' %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}");
    std::string out;
    RenderLimits limits;
    limits.max_work = 1u << 20;
    const auto stopped = t.render(Value(Object{}), out, limits, 0);
    BOOST_REQUIRE(stopped.has_value());
    BOOST_TEST(stopped->find("intermediate values") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(renders_again_and_again_from_one_parse) {
    const auto t = compiled("{{ trigger.message.Body | downcase }}!");
    std::string out;
    for (const char* body : {"YES", "No", "Maybe"}) {
        const auto d = json_data(std::string("{\"trigger\":{\"message\":{\"Body\":\"") + body + "\"}}}");
        BOOST_TEST(!t.render(d, out, RenderLimits{}, 0).has_value());
        std::string expected = body;
        for (char& c : expected) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        BOOST_TEST(out == expected + "!");
    }
}

BOOST_AUTO_TEST_CASE(deep_json_data_is_refused) {
    std::string deep(kMaxJsonDepth + 2, '[');
    deep += std::string(kMaxJsonDepth + 2, ']');
    BOOST_TEST(std::holds_alternative<std::string>(parse_json_value(deep)));
    BOOST_TEST(std::holds_alternative<std::string>(parse_json_value("{\"a\": ")));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::liquid

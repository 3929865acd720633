#include "text/json_document.hpp"

#include <boost/test/unit_test.hpp>

namespace sms::text {

namespace {

std::string nested_arrays(std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

} // namespace

BOOST_AUTO_TEST_SUITE(json_document)

BOOST_AUTO_TEST_CASE(keeps_keys_in_file_order_and_writes_them_back) {
    auto parsed = parse_json(R"({"b": 1, "a": [true, null, 2.5, "x\n"]})", 8);
    BOOST_TEST_REQUIRE(std::holds_alternative<nlohmann::ordered_json>(parsed));
    BOOST_TEST(json_text(std::get<nlohmann::ordered_json>(parsed)) == R"({"b":1,"a":[true,null,2.5,"x\n"]})");
}

BOOST_AUTO_TEST_CASE(the_depth_limit_counts_levels_below_the_top) {
    // The top value is level 0: a limit of 3 takes four nested arrays, not five.
    BOOST_TEST(std::holds_alternative<nlohmann::ordered_json>(parse_json(nested_arrays(4), 3)));
    const auto deep = parse_json(nested_arrays(5), 3);
    BOOST_TEST_REQUIRE(std::holds_alternative<JsonError>(deep));
    BOOST_TEST((std::get<JsonError>(deep).kind == JsonError::Kind::too_deep));
    BOOST_TEST(std::get<JsonError>(deep).message == "nested deeper than 3 levels");
    // Far past the limit it stops at the limit, whatever the nesting below.
    BOOST_TEST(std::holds_alternative<JsonError>(parse_json(std::string(100000, '['), 64)));
}

BOOST_AUTO_TEST_CASE(syntax_errors_say_where) {
    for (const char* text : {"", "{", "{\"a\": }", "[1,]", "nul", "\"unterminated", "1 2"}) {
        BOOST_TEST_CONTEXT(text) {
            const auto parsed = parse_json(text, 64);
            BOOST_TEST_REQUIRE(std::holds_alternative<JsonError>(parsed));
            BOOST_TEST((std::get<JsonError>(parsed).kind == JsonError::Kind::syntax));
            BOOST_TEST(std::get<JsonError>(parsed).message.find("parse error") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::text

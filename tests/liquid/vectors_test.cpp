// Our engine against liquidjs: every template of tests/liquid/vectors renders
// to the bytes liquidjs rendered, and every template liquidjs refuses fails
// to parse here too, with a position inside the template.
#include <boost/test/unit_test.hpp>

#include <ctime>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "liquid/json_value.hpp"
#include "liquid/template.hpp"

namespace sms::liquid {

namespace {

constexpr char kVectors[] =
#include "tests/liquid/vectors/vectors.inc"
    ;
constexpr char kErrors[] =
#include "tests/liquid/vectors/errors.inc"
    ;

Value json(const nlohmann::ordered_json& j) {
    auto converted = value_from_json(j);
    BOOST_REQUIRE(std::holds_alternative<Value>(converted));
    return std::get<Value>(converted);
}

} // namespace

BOOST_AUTO_TEST_SUITE(liquid_vectors)

BOOST_AUTO_TEST_CASE(renders_what_liquidjs_renders) {
    const auto file = nlohmann::ordered_json::parse(kVectors);
    const Value shared = json(file["data"]);
    const std::time_t now = file["now"].get<std::time_t>();
    const auto& vectors = file["vectors"];
    BOOST_TEST(vectors.size() > 1000u);
    std::size_t passed = 0;
    for (const auto& v : vectors) {
        const auto name = v[0].get<std::string>(), source = v[1].get<std::string>(), expected = v[3].get<std::string>();
        BOOST_TEST_CONTEXT(name << ": " << source) {
            auto parsed = Template::parse(source);
            if (auto* error = std::get_if<ParseError>(&parsed)) {
                BOOST_ERROR("parse error: " << error->to_string());
                continue;
            }
            const Value data = v[2].is_null() ? shared : json(v[2]);
            std::string out;
            const auto stopped = std::get<Template>(parsed).render(data, out, RenderLimits{}, now);
            BOOST_TEST(!stopped.has_value());
            BOOST_TEST(out == expected);
            if (!stopped && out == expected) ++passed;
        }
    }
    BOOST_TEST_MESSAGE("liquid vectors: " << passed << " of " << vectors.size() << " match liquidjs");
    BOOST_TEST(passed == vectors.size());
}

BOOST_AUTO_TEST_CASE(refuses_what_liquidjs_refuses) {
    const auto errors = nlohmann::json::parse(kErrors);
    BOOST_TEST(!errors.empty());
    for (const auto& e : errors) {
        const auto source = e[0].get<std::string>();
        BOOST_TEST_CONTEXT(source << " (liquidjs: " << e[1].get<std::string>() << ")") {
            auto parsed = Template::parse(source);
            BOOST_REQUIRE(std::holds_alternative<ParseError>(parsed));
            const auto& error = std::get<ParseError>(parsed);
            BOOST_TEST(!error.message.empty());
            BOOST_TEST(error.offset <= source.size());
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::liquid

// referenced_paths: what a template reads, so a flow stores only that.
#include <boost/test/unit_test.hpp>

#include "liquid/referenced_paths.hpp"

namespace sms::liquid {

namespace {

std::vector<VariablePath> paths(std::string_view source) {
    auto parsed = Template::parse(source);
    BOOST_REQUIRE(std::holds_alternative<Template>(parsed));
    return referenced_paths(std::get<Template>(parsed));
}

using Paths = std::vector<VariablePath>;

} // namespace

BOOST_AUTO_TEST_SUITE(liquid_referenced_paths)

BOOST_AUTO_TEST_CASE(dotted_paths_in_outputs_tags_and_filter_arguments) {
    BOOST_TEST(paths("{{ widgets.ask.inbound.Body | append: flow.variables.suffix }}") ==
               (Paths{{"flow", "variables", "suffix"}, {"widgets", "ask", "inbound", "Body"}}));
    BOOST_TEST(paths("{% if flow.variables.x %}{{ flow.variables.x | plus: 1 }}{% else %}1{% endif %}") ==
               (Paths{{"flow", "variables", "x"}}));
    BOOST_TEST(paths("{% case trigger.message.Body %}{% when contact.name %}x{% endcase %}") ==
               (Paths{{"contact", "name"}, {"trigger", "message", "Body"}}));
    BOOST_TEST(paths("plain text").empty());
}

BOOST_AUTO_TEST_CASE(stops_before_indexes_dynamic_lookups_and_sizes) {
    BOOST_TEST(paths("{{ widgets.http.parsed.items[0].name }}") == (Paths{{"widgets", "http", "parsed", "items"}}));
    BOOST_TEST(paths("{{ widgets[flow.variables.w].inbound.Body }}") ==
               (Paths{{"flow", "variables", "w"}, {"widgets"}}));
    BOOST_TEST(paths("{{ trigger.message.Body.size }}{{ list.first }}") ==
               (Paths{{"list"}, {"trigger", "message", "Body"}}));
}

BOOST_AUTO_TEST_CASE(a_path_under_another_is_covered_by_it) {
    BOOST_TEST(paths("{{ flow.variables }}{{ flow.variables.x }}{{ flow.variables.x.y }}") ==
               (Paths{{"flow", "variables"}}));
}

BOOST_AUTO_TEST_CASE(loop_variables_and_forloop_are_not_data) {
    BOOST_TEST(paths("{% for item in widgets.http.parsed.items limit: flow.variables.n %}{{ item.name }}{{ forloop.index }}{% endfor %}{{ item }}") ==
               (Paths{{"flow", "variables", "n"}, {"item"}, {"widgets", "http", "parsed", "items"}}));
}

BOOST_AUTO_TEST_CASE(a_computed_top_level_name_reads_everything) {
    BOOST_TEST(paths("{{ [flow.variables.name] }}") == (Paths{{}}));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::liquid

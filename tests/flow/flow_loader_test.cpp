// Loading a Studio flow: what Studio exports loads unchanged; every start-up
// error names what is wrong and where; what a flow stores is exactly what
// its templates read.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "flow/flow_file.hpp"
#include "tests/flow/flow_kit.hpp"

namespace sms {

namespace {

using test::compile_flow;
using test::flow_json;
using test::load_errors;
using Lines = std::vector<std::string>;

const std::string kSend = R"({"name": "hello", "type": "send-message", "properties": {"body": "Hi"}, "transitions": [{"event": "sent"}]})";

std::vector<std::string> warnings(std::string_view json) {
    auto checked = flow::check_flow_text(json, {}, {});
    BOOST_REQUIRE(std::holds_alternative<flow::CheckedFlow>(checked));
    return std::get<flow::CheckedFlow>(checked).warnings;
}

std::vector<std::string> stored_keys(const flow::Flow& flow) {
    std::vector<std::string> keys;
    for (const auto& f : flow.variables) keys.push_back(f.key);
    for (const auto& f : flow.trigger_fields) keys.push_back(f.key);
    for (const auto& fields : flow.inbound_fields) {
        for (const auto& f : fields) keys.push_back(f.key);
    }
    return keys;
}

} // namespace

BOOST_AUTO_TEST_SUITE(flow_loader)

BOOST_AUTO_TEST_CASE(a_studio_export_with_layout_keys_and_schema_loads) {
    const auto flow = compile_flow(R"({
      "$schema": "https://schemas.twilio.com/studio/draft/2019-09/flow-definition",
      "description": "A New Flow", "status": "published", "timeout": 30,
      "flags": {"allow_concurrent_calls": true},
      "initial_state": "Trigger",
      "states": [
        {"name": "Trigger", "type": "trigger", "properties": {"offset": {"x": 0, "y": 0}},
         "transitions": [{"event": "incomingMessage", "next": "ask"}, {"event": "incomingCall"},
                         {"event": "incomingConversationMessage"}, {"event": "incomingRequest"}, {"event": "incomingParent"}]},
        {"name": "ask", "type": "send-and-wait-for-reply",
         "properties": {"offset": {"x": 10, "y": 200}, "service": "{{trigger.message.InstanceSid}}",
                        "channel": "{{trigger.message.ChannelSid}}", "from": "{{flow.channel.address}}",
                        "message_type": "message", "attributes": "{\"a\": 1}", "body": "Reply YES", "timeout": "3600"},
         "transitions": [{"event": "incomingMessage", "next": "split"}, {"event": "timeout"}, {"event": "deliveryFailure"}]},
        {"name": "split", "type": "split-based-on", "properties": {"input": "{{widgets.ask.inbound.Body}}", "offset": {"x": 0, "y": 0}},
         "transitions": [{"event": "noMatch"},
                         {"next": "ask", "event": "match", "conditions": [{"friendly_name": "If value equal_to yes",
                          "arguments": ["{{widgets.ask.inbound.Body}}"], "type": "equal_to", "value": "yes"}]}]}
      ]})");
    BOOST_TEST(flow.states.size() == 3u);
    BOOST_TEST(flow.start == 1u);
    BOOST_TEST(flow.states[1].timeout_seconds == 3600);
    // service and channel are not rendered, so InstanceSid is not kept.
    BOOST_TEST(stored_keys(flow) == (Lines{"i.ask.Body"}), boost::test_tools::per_element());
    BOOST_TEST(flow.sid.size() == 34u);
}

// What the hook saw: the server starts OpenSSL there, before the file's
// digest, as lean as the flow allows (conversation/open_conversation.cpp).
struct SeenBeforeDigest {
    int calls = 0;
    bool calls_out = false;
    bool identified = false;
};
SeenBeforeDigest seen_before_digest;

BOOST_AUTO_TEST_CASE(the_compiled_flow_is_shown_before_its_digest_is_taken) {
    const auto note = [](const flow::Flow& flow) {
        ++seen_before_digest.calls;
        seen_before_digest.calls_out = flow.calls_out();
        seen_before_digest.identified = !flow.sid.empty() || flow.revision != 0;
    };
    auto loaded = flow::load_flow(flow_json("hello", kSend), note);
    BOOST_TEST_REQUIRE(std::holds_alternative<flow::LoadedFlow>(loaded));
    BOOST_TEST(seen_before_digest.calls == 1);
    BOOST_TEST(!seen_before_digest.calls_out);
    BOOST_TEST(!seen_before_digest.identified);
    BOOST_TEST(std::get<flow::LoadedFlow>(loaded).flow.sid.size() == 34u);

    const std::string call = R"({"name": "c", "type": "make-http-request", "transitions": [{"event": "success"}],
                                 "properties": {"method": "GET", "url": "https://example.com/x"}})";
    BOOST_TEST_REQUIRE(std::holds_alternative<flow::LoadedFlow>(flow::load_flow(flow_json("c", call), note)));
    BOOST_TEST(seen_before_digest.calls == 2);
    BOOST_TEST(seen_before_digest.calls_out);

    BOOST_TEST(!std::holds_alternative<flow::LoadedFlow>(flow::load_flow(flow_json("nowhere", kSend), note)));
    BOOST_TEST(seen_before_digest.calls == 2); // a flow that does not load is never digested
}

BOOST_AUTO_TEST_CASE(the_rest_api_flow_resource_wrapper_is_accepted) {
    const auto flow = compile_flow(R"({"sid": "FW00", "friendly_name": "x", "definition": )" + flow_json("hello", kSend) + "}");
    BOOST_TEST(flow.states.size() == 2u);
}

BOOST_AUTO_TEST_CASE(timeouts_as_strings_or_integers_and_the_default) {
    const auto flow = compile_flow(flow_json("a", R"(
        {"name": "a", "type": "send-and-wait-for-reply", "properties": {"body": "a", "timeout": 120}, "transitions": [{"event": "incomingMessage", "next": "b"}]},
        {"name": "b", "type": "send-and-wait-for-reply", "properties": {"body": "b", "timeout": "600"}, "transitions": [{"event": "incomingMessage", "next": "c"}]},
        {"name": "c", "type": "send-and-wait-for-reply", "properties": {"body": "c"}, "transitions": [{"event": "incomingMessage"}]})"));
    BOOST_TEST(flow.states[1].timeout_seconds == 120);
    BOOST_TEST(flow.states[2].timeout_seconds == 600);
    BOOST_TEST(flow.states[3].timeout_seconds == 3600);
    BOOST_TEST(load_errors(flow_json("a", R"({"name": "a", "type": "send-and-wait-for-reply", "properties": {"timeout": "10m"}, "transitions": []})")) ==
                   (Lines{"states[1] \"a\" (send-and-wait-for-reply): timeout is not a whole number of seconds from 1 to 2592000 (30 days)"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unknown_widgets_are_named_with_their_type_and_place) {
    BOOST_TEST(load_errors(flow_json("hello", kSend + R"(,
        {"name": "call", "type": "say-play", "properties": {}, "transitions": []},
        {"name": "pay", "type": "capture-payments", "properties": {}, "transitions": []})")) ==
                   (Lines{"states[2] \"call\" (say-play): widget type \"say-play\" is not supported (sms_fcgi runs trigger, "
                          "send-message, send-and-wait-for-reply, split-based-on, set-variables, make-http-request and "
                          "run-function)",
                          "states[3] \"pay\" (capture-payments): widget type \"capture-payments\" is not supported (sms_fcgi "
                          "runs trigger, send-message, send-and-wait-for-reply, split-based-on, set-variables, "
                          "make-http-request and run-function)"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(dangling_next_duplicate_names_and_the_initial_state) {
    BOOST_TEST(load_errors(flow_json("nowhere", kSend)) ==
                   (Lines{"states[0] \"Trigger\" (trigger): transition \"incomingMessage\" goes to \"nowhere\", which is no state",
                          "states[0] \"Trigger\" (trigger): no incomingMessage transition to a state, so no message would start the flow"}),
               boost::test_tools::per_element());
    BOOST_TEST(load_errors(flow_json("hello", kSend + "," + kSend)) == (Lines{"duplicate state name \"hello\" (states[1] and states[2])"}),
               boost::test_tools::per_element());
    std::string no_initial = flow_json("hello", kSend);
    no_initial.replace(no_initial.find("\"initial_state\": \"Trigger\","), 27, "");
    BOOST_TEST(load_errors(no_initial) == (Lines{"no \"initial_state\""}), boost::test_tools::per_element());
    std::string wrong_initial = flow_json("hello", kSend);
    wrong_initial.replace(wrong_initial.find("\"initial_state\": \"Trigger\""), 26, "\"initial_state\": \"Start\"");
    BOOST_TEST(load_errors(wrong_initial) == (Lines{"\"initial_state\" is \"Start\", which is no state"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_templates_regexes_and_conditions_name_the_property_and_position) {
    BOOST_TEST(load_errors(flow_json("hello", R"({"name": "hello", "type": "send-message", "properties": {"body": "Hi {{ name | shout }}"}, "transitions": [{"event": "sent"}]})"))
                   .at(0)
                   .starts_with("states[1] \"hello\" (send-message): body: undefined filter: shout, line:1, col:"));
    BOOST_TEST(load_errors(flow_json("hello", R"({"name": "hello", "type": "send-message", "properties": {"body": "{% if x %}open"}, "transitions": [{"event": "sent"}]})"))
                   .at(0)
                   .starts_with("states[1] \"hello\" (send-message): body: "));
    const std::string split = R"({"name": "s", "type": "split-based-on", "properties": {"input": "{{trigger.message.Body}}"}, "transitions": [
        {"event": "match", "next": "s", "conditions": [{"type": "regex", "value": "(ab"}]},
        {"event": "match", "conditions": [{"type": "sounds_like", "value": "x"}]},
        {"event": "match"}]})";
    const Lines errors = load_errors(flow_json("s", split));
    BOOST_REQUIRE(errors.size() == 3u);
    BOOST_TEST(errors[0].starts_with("states[1] \"s\" (split-based-on): condition \"regex (ab\": bad regex: missing ): (ab"));
    BOOST_TEST(errors[1] == "states[1] \"s\" (split-based-on): unknown condition type \"sounds_like\"");
    BOOST_TEST(errors[2] == "states[1] \"s\" (split-based-on): a match transition without conditions");
}

BOOST_AUTO_TEST_CASE(not_json_too_deep_and_not_a_flow) {
    BOOST_TEST(load_errors("{\"states\": [").at(0).starts_with("not JSON: "));
    BOOST_TEST(load_errors(std::string(100, '[') + std::string(100, ']')).at(0) == "not a flow definition: nested deeper than 64 levels");
    BOOST_TEST(load_errors("[1, 2]").at(0) == "not a flow definition: the JSON is not an object");
    BOOST_TEST(load_errors(R"({"states": []})").at(0) == "not a flow definition: no \"states\" array with at least one state");
}

BOOST_AUTO_TEST_CASE(events_that_widget_does_not_have_and_reads_that_cannot_be_bounded) {
    BOOST_TEST(load_errors(flow_json("hello", R"({"name": "hello", "type": "send-message", "properties": {"body": "x"}, "transitions": [{"event": "next"}]})")) ==
                   (Lines{"states[1] \"hello\" (send-message): event \"next\" is not one of send-message's events"}),
               boost::test_tools::per_element());
    BOOST_TEST(load_errors(flow_json("hello", R"({"name": "hello", "type": "send-message", "properties": {"body": "{{trigger.message | json}}"}, "transitions": [{"event": "sent"}]})")) ==
                   (Lines{"states[1] \"hello\" (send-message): body: reads all of trigger.message; name the fields it needs (trigger.message.Body)"}),
               boost::test_tools::per_element());
    BOOST_TEST(load_errors(flow_json("hello", R"({"name": "hello", "type": "send-message", "properties": {"body": "{{widgets.hello.inbound.Body}}"}, "transitions": [{"event": "sent"}]})")) ==
                   (Lines{"states[1] \"hello\" (send-message): reads widgets.hello.inbound, but \"hello\" is not a send-and-wait-for-reply state"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(what_the_cookie_keeps) {
    const auto flow = compile_flow(flow_json("ask", R"(
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "{{trigger.message.FromCity}} {{flow.variables.n}}"},
         "transitions": [{"event": "incomingMessage", "next": "set"}]},
        {"name": "set", "type": "set-variables", "properties": {"variables": [{"key": "n", "value": "{{widgets.ask.inbound.Body | size}}"}, {"key": "m", "value": 5}]},
         "transitions": [{"event": "next", "next": "ask"}]})"));
    BOOST_TEST(stored_keys(flow) == (Lines{"v.m", "v.n", "t.FromCity", "i.ask.Body"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(warnings_for_unreachable_states_loops_long_waits_and_stale_arguments) {
    const Lines found = warnings(flow_json("a", R"(
        {"name": "a", "type": "set-variables", "properties": {"variables": [{"key": "x", "value": "1"}]}, "transitions": [{"event": "next", "next": "b"}]},
        {"name": "b", "type": "split-based-on", "properties": {"input": "{{flow.variables.x}}"}, "transitions": [
            {"event": "noMatch", "next": "a"},
            {"event": "match", "next": "w", "conditions": [{"type": "equal_to", "value": "2", "arguments": ["{{trigger.message.Body}}"]}]}]},
        {"name": "w", "type": "send-and-wait-for-reply", "properties": {"body": "?", "timeout": 86400}, "transitions": [{"event": "incomingMessage", "next": "a"}]},
        {"name": "orphan", "type": "send-message", "properties": {"body": "x"}, "transitions": [{"event": "sent"}]})"));
    BOOST_TEST(found == (Lines{
        "states[2] \"b\" (split-based-on): condition \"equal_to 2\" has arguments \"{{trigger.message.Body}}\" but tests the split's input \"{{flow.variables.x}}\", as Studio's documentation says",
        "states[4] \"orphan\" (send-message): no message ever reaches it",
        "state w waits 86400 s, longer than the cookie lives (14400 s): a later reply starts the flow afresh, not down its timeout path",
        "states a -> b -> a loop without a send-and-wait-for-reply: a message that enters it is answered 500"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(conditions_that_test_for_a_keyword_the_handler_takes_first) {
    const auto flow = compile_flow(flow_json("s", R"(
        {"name": "s", "type": "split-based-on", "properties": {"input": "{{trigger.message.Body}}"}, "transitions": [
            {"event": "match", "conditions": [{"type": "matches_any_of", "value": "yes, y, sure,"}]},
            {"event": "match", "conditions": [{"type": "equal_to", "value": "Stop"}]},
            {"event": "match", "conditions": [{"type": "contains", "value": "yes"}]},
            {"event": "noMatch"}]})"));
    BOOST_TEST(flow::keyword_clashes(flow, {"START", "YES"}, {"STOP", "QUIT"}) ==
                   (Lines{"state s condition \"matches_any_of yes, y, sure,\" matches YES, an opt-in keyword: a sender's reply "
                          "starts the flow over (remove it from SMS_OPT_IN_KEYWORDS)",
                          "state s condition \"equal_to Stop\" matches STOP, an opt-out keyword: Twilio blocks a sender who "
                          "texts it, and the flow never sees it as an answer"}),
               boost::test_tools::per_element());
    BOOST_TEST(flow::keyword_clashes(flow, {"START"}, {"QUIT"}).empty());
}

BOOST_AUTO_TEST_CASE(a_flow_that_could_outgrow_the_cookie_is_refused_with_the_numbers) {
    std::string variables;
    for (int i = 0; i < 20; ++i) variables += std::string(i ? "," : "") + R"({"key": "v)" + std::to_string(i) + R"(", "value": "{{trigger.message.Body}}"})";
    const std::string json = flow_json("set", R"({"name": "set", "type": "set-variables", "properties": {"variables": [)" + variables +
                                                  R"(]}, "transitions": [{"event": "next", "next": "ask"}]},
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "?"}, "transitions": [{"event": "incomingMessage", "next": "set"}]})");
    auto refused = flow::check_flow_text(json, {}, {});
    BOOST_REQUIRE(std::holds_alternative<std::vector<std::string>>(refused));
    const std::string error = std::get<std::vector<std::string>>(refused).at(0);
    BOOST_TEST(error.starts_with("a sender could make this flow's cookie too large: the cookie keeps .s (3 bytes), v.v0 (256 bytes),"));
    BOOST_TEST(error.find("of 4095 bytes of Set-Cookie; lower SMS_FLOW_MAX_STORED_TEXT or keep fewer fields") != std::string::npos);
    flow::FlowLimits smaller;
    smaller.max_stored_text_bytes = 64;
    auto accepted = flow::check_flow_text(json, smaller, {});
    BOOST_REQUIRE(std::holds_alternative<flow::CheckedFlow>(accepted));
    BOOST_TEST(std::get<flow::CheckedFlow>(accepted).budget.worst_case_bytes <= 4095u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms

// Running a compiled flow: every widget and event, the lazy timeouts, a
// changed flow file, and the limits on what one answer may cost.
#include <boost/test/unit_test.hpp>

#include <string>

#include "tests/flow/flow_kit.hpp"

namespace sms {

namespace {

using test::FlowSender;
using test::flow_json;
using test::replies;

// Asks for a name and greets it: a wait widget, then a send-message that ends the execution.
const std::string kGreeter = flow_json("ask", R"(
    {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "Name?", "timeout": "600"},
     "transitions": [{"event": "incomingMessage", "next": "greet"}, {"event": "timeout", "next": "late"}]},
    {"name": "greet", "type": "send-message", "properties": {"body": "Hi {{widgets.ask.inbound.Body}}"},
     "transitions": [{"event": "sent"}]},
    {"name": "late", "type": "send-message", "properties": {"body": "Too late."},
     "transitions": [{"event": "sent"}]})");

} // namespace

BOOST_AUTO_TEST_SUITE(flow_conversation)

BOOST_AUTO_TEST_CASE(send_message_answers_and_an_ended_execution_keeps_nothing) {
    FlowSender sender(flow_json("hello", R"(
        {"name": "hello", "type": "send-message", "properties": {"body": "You said {{trigger.message.Body}}"},
         "transitions": [{"event": "sent"}, {"event": "failed"}]})"));
    BOOST_TEST(sender.send("one") == replies({"You said one"}));
    BOOST_TEST(sender.session.empty());
    BOOST_TEST(sender.outcome.state == "hello");
    BOOST_TEST(sender.send("two") == replies({"You said two"}));
}

BOOST_AUTO_TEST_CASE(send_and_wait_stores_the_wait_and_its_reply_follows_incoming_message) {
    FlowSender sender(kGreeter);
    BOOST_TEST(sender.send("hello") == replies({"Name?"}));
    BOOST_TEST(sender.outcome.state == "ask");
    BOOST_TEST(sender.session.get_string(flow::kWaitingStateKey).value_or("") == "ask");
    BOOST_TEST(sender.session.get_int(flow::kWaitStartedKey).value_or(0) == sender.now);
    sender.now += 600; // exactly the timeout: still in time
    BOOST_TEST(sender.send("Ada") == replies({"Hi Ada"}));
    BOOST_TEST(sender.outcome.state == "greet");
    BOOST_TEST(sender.session.empty());
}

BOOST_AUTO_TEST_CASE(several_messages_in_one_answer_in_order) {
    FlowSender sender(flow_json("a", R"(
        {"name": "a", "type": "send-message", "properties": {"body": "one"}, "transitions": [{"event": "sent", "next": "b"}]},
        {"name": "b", "type": "send-message", "properties": {"body": "two"}, "transitions": [{"event": "sent", "next": "c"}]},
        {"name": "c", "type": "send-and-wait-for-reply", "properties": {"body": "three?"},
         "transitions": [{"event": "incomingMessage", "next": "a"}]})"));
    BOOST_TEST(sender.send("x") == replies({"one", "two", "three?"}));
    BOOST_TEST(sender.send("y") == replies({"one", "two", "three?"}));
}

BOOST_AUTO_TEST_CASE(media_url_and_to_from_attributes_only_when_they_differ) {
    FlowSender sender(flow_json("pic", R"(
        {"name": "pic", "type": "send-message",
         "properties": {"body": "Look", "media_url": "https://example.com/{{trigger.message.Body}}.png",
                        "to": "{{contact.channel.address}}", "from": "{{flow.channel.address}}"},
         "transitions": [{"event": "sent", "next": "only_media"}]},
        {"name": "only_media", "type": "send-message", "properties": {"media_url": "https://example.com/b.png"},
         "transitions": [{"event": "sent", "next": "elsewhere"}]},
        {"name": "elsewhere", "type": "send-message",
         "properties": {"body": "Copy", "to": "+15550000001", "from": "+15550000002"},
         "transitions": [{"event": "sent", "next": "empty"}]},
        {"name": "empty", "type": "send-message", "properties": {"body": "{{flow.variables.none}}"},
         "transitions": [{"event": "sent"}]})"));
    const std::string expected = R"(<?xml version="1.0" encoding="UTF-8"?><Response>)"
                                 R"(<Message><Body>Look</Body><Media>https://example.com/a.png</Media></Message>)"
                                 R"(<Message><Media>https://example.com/b.png</Media></Message>)"
                                 R"(<Message to="+15550000001" from="+15550000002">Copy</Message>)"
                                 R"(</Response>)";
    BOOST_TEST(sender.send("a") == expected);
    BOOST_TEST(sender.outcome.note.find("state empty: empty message not sent") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(split_tests_conditions_in_order_then_no_match) {
    FlowSender sender(flow_json("ask", R"(
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "?"},
         "transitions": [{"event": "incomingMessage", "next": "split"}]},
        {"name": "split", "type": "split-based-on", "properties": {"input": "{{widgets.ask.inbound.Body}}"},
         "transitions": [
           {"event": "noMatch", "next": "other"},
           {"event": "match", "next": "yes", "conditions": [
              {"friendly_name": "yes", "arguments": ["{{widgets.ask.inbound.Body}}"], "type": "equal_to", "value": "yes"}]},
           {"event": "match", "next": "number", "conditions": [
              {"type": "regex", "value": "^[0-9]+$"}, {"type": "greater_than", "value": "10"}]},
           {"event": "match", "next": "same", "conditions": [
              {"type": "equal_to", "value": "{{flow.variables.secret | default: 'abc'}}"}]}]},
        {"name": "yes", "type": "send-message", "properties": {"body": "yes"}, "transitions": [{"event": "sent"}]},
        {"name": "number", "type": "send-message", "properties": {"body": "big number"}, "transitions": [{"event": "sent"}]},
        {"name": "same", "type": "send-message", "properties": {"body": "the secret"}, "transitions": [{"event": "sent"}]},
        {"name": "other", "type": "send-message", "properties": {"body": "other"}, "transitions": [{"event": "sent"}]})"));
    const auto answer = [&sender](std::string_view text) {
        sender.send("start");
        return sender.send(text);
    };
    BOOST_TEST(answer(" YES ") == replies({"yes"}));
    BOOST_TEST(answer("42") == replies({"big number"}));
    BOOST_TEST(answer("7") == replies({"other"}));     // both conditions must hold
    BOOST_TEST(answer("ABC") == replies({"the secret"})); // a value rendered by Liquid, compiled then
    BOOST_TEST(answer("no") == replies({"other"}));
}

BOOST_AUTO_TEST_CASE(a_condition_value_that_renders_to_a_bad_regex_is_no_match_and_noted) {
    FlowSender sender(flow_json("split", R"(
        {"name": "split", "type": "split-based-on", "properties": {"input": "{{trigger.message.Body}}"},
         "transitions": [{"event": "noMatch", "next": "other"},
           {"event": "match", "next": "hit", "conditions": [{"type": "regex", "value": "{{trigger.message.Body}}"}]}]},
        {"name": "hit", "type": "send-message", "properties": {"body": "hit"}, "transitions": [{"event": "sent"}]},
        {"name": "other", "type": "send-message", "properties": {"body": "other"}, "transitions": [{"event": "sent"}]})"));
    BOOST_TEST(sender.send("a+") == replies({"hit"}));
    BOOST_TEST(sender.send("(a") == replies({"other"}));
    BOOST_TEST(sender.outcome.note.find("bad regex") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(set_variables_render_with_the_values_from_before_the_widget) {
    FlowSender sender(flow_json("init", R"(
        {"name": "init", "type": "set-variables", "properties": {"variables": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]},
         "transitions": [{"event": "next", "next": "swap"}]},
        {"name": "swap", "type": "set-variables",
         "properties": {"variables": [{"key": "a", "value": "{{flow.variables.b}}"}, {"key": "b", "value": "{{flow.variables.a}}"}]},
         "transitions": [{"event": "next", "next": "show"}]},
        {"name": "show", "type": "send-and-wait-for-reply", "properties": {"body": "a={{flow.variables.a}} b={{flow.variables.b}}"},
         "transitions": [{"event": "incomingMessage", "next": "swap"}]})"));
    BOOST_TEST(sender.send("x") == replies({"a=2 b=1"}));
    BOOST_TEST(sender.send("x") == replies({"a=1 b=2"})); // kept in the cookie between answers
    BOOST_TEST(sender.session.get_string("v.a").value_or("") == "1");
}

BOOST_AUTO_TEST_CASE(the_cookie_keeps_only_what_templates_read) {
    FlowSender sender(flow_json("ask", R"(
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "first was {{trigger.message.Body}}"},
         "transitions": [{"event": "incomingMessage", "next": "ask"}]})"));
    sender.send("one", {{"FromCity", "Springfield"}, {"NumMedia", "0"}});
    std::vector<std::string> keys;
    for (const auto& [key, value] : sender.session.entries()) keys.push_back(key);
    BOOST_TEST(keys == (std::vector<std::string>{".r", ".s", ".w", "t.Body"}), boost::test_tools::per_element());
    // trigger.message is the message that started the execution, in every later answer.
    BOOST_TEST(sender.send("two") == replies({"first was one"}));
}

BOOST_AUTO_TEST_CASE(stored_texts_are_cut_at_a_utf8_boundary) {
    flow::FlowLimits limits;
    limits.max_stored_text_bytes = 5;
    FlowSender sender(flow_json("ask", R"(
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "[{{widgets.ask.inbound.Body}}]"},
         "transitions": [{"event": "incomingMessage", "next": "ask"}]})"),
                      limits);
    sender.send("start");
    BOOST_TEST(sender.send("abc\xC3\xA9\xC3\xA9") == replies({"[abc\xC3\xA9]"})); // 7 bytes: 5 would split the second é
    BOOST_TEST(sender.session.get_string("i.ask.Body").value_or("") == "abc\xC3\xA9");
}

BOOST_AUTO_TEST_CASE(objects_every_template_can_read) {
    FlowSender sender(flow_json("show", R"(
        {"name": "show", "type": "send-message",
         "properties": {"body": "{{flow.channel.address}} {{contact.channel.address}} {{flow.sid | size}} {{flow.flow_sid | slice: 0, 2}} {{trigger.message.FromCity}}"},
         "transitions": [{"event": "sent"}]})"));
    BOOST_TEST(sender.send("x", {{"FromCity", "Springfield"}}) ==
               replies({"+15559870000 +15551230001 34 FW Springfield"}));
}

BOOST_AUTO_TEST_CASE(a_loop_without_a_wait_fails_after_the_widget_limit) {
    flow::FlowLimits limits;
    limits.max_widgets_per_answer = 10;
    FlowSender sender(flow_json("a", R"(
        {"name": "a", "type": "set-variables", "properties": {"variables": [{"key": "n", "value": "{{flow.variables.n | plus: 1}}"}]},
         "transitions": [{"event": "next", "next": "b"}]},
        {"name": "b", "type": "send-message", "properties": {"body": "{{flow.variables.n}}"}, "transitions": [{"event": "sent", "next": "a"}]})"),
                      limits);
    sender.send("x");
    BOOST_TEST(sender.outcome.failure == "the flow ran 10 widgets without waiting for a reply (a loop?), at state a");
}

BOOST_AUTO_TEST_CASE(a_long_message_is_cut_to_twilios_limit_and_noted) {
    FlowSender sender(flow_json("long", R"(
        {"name": "long", "type": "send-message",
         "properties": {"body": "{% for i in (1..2000) %}\u00e9{% endfor %}"}, "transitions": [{"event": "sent"}]})"));
    std::string expected;
    for (int i = 0; i < 1600; ++i) expected += "\xC3\xA9";
    BOOST_TEST(sender.send("x") == replies({expected}));
    BOOST_TEST(sender.outcome.note == "state long: message cut to 1600 characters");
}

BOOST_AUTO_TEST_CASE(a_huge_loop_stops_at_the_render_budget_and_is_noted) {
    FlowSender sender(flow_json("loop", R"(
        {"name": "loop", "type": "send-message",
         "properties": {"body": "{% for i in (1..1000000000) %}x{% endfor %}"}, "transitions": [{"event": "sent"}]})"));
    const std::string reply = sender.send("x");
    BOOST_TEST(reply.size() < 20000u);
    BOOST_TEST(sender.outcome.note.find("state loop body: rendering stopped") == 0u);
}

BOOST_AUTO_TEST_CASE(a_late_reply_runs_the_timeout_path_then_starts_afresh) {
    FlowSender sender(kGreeter);
    sender.send("hello");
    sender.now += 601;
    // "late" ends the execution, so the arriving message starts a new one.
    BOOST_TEST(sender.send("Ada") == replies({"Too late.", "Name?"}));
    BOOST_TEST(sender.outcome.state == "ask");
    sender.now += 10;
    BOOST_TEST(sender.send("Bea") == replies({"Hi Bea"}));
}

BOOST_AUTO_TEST_CASE(a_timeout_without_next_ends_and_the_message_starts_a_new_execution) {
    FlowSender sender(flow_json("ask", R"(
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "Count {{flow.variables.n | default: 0}}", "timeout": 60},
         "transitions": [{"event": "incomingMessage", "next": "inc"}, {"event": "timeout"}]},
        {"name": "inc", "type": "set-variables", "properties": {"variables": [{"key": "n", "value": "{{flow.variables.n | plus: 1}}"}]},
         "transitions": [{"event": "next", "next": "ask"}]})"));
    BOOST_TEST(sender.send("a") == replies({"Count 0"}));
    BOOST_TEST(sender.send("b") == replies({"Count 1"}));
    sender.now += 61;
    BOOST_TEST(sender.send("c") == replies({"Count 0"})); // the variables went with the old execution
}

BOOST_AUTO_TEST_CASE(a_timeout_path_that_waits_again_does_not_take_the_late_message_as_its_answer) {
    FlowSender sender(flow_json("ask", R"(
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "Name?", "timeout": "60"},
         "transitions": [{"event": "incomingMessage", "next": "greet"}, {"event": "timeout", "next": "again"}]},
        {"name": "again", "type": "send-and-wait-for-reply", "properties": {"body": "Still there? Your name?", "timeout": "60"},
         "transitions": [{"event": "incomingMessage", "next": "greet_again"}, {"event": "timeout"}]},
        {"name": "greet", "type": "send-message", "properties": {"body": "Hi {{widgets.ask.inbound.Body}}"}, "transitions": [{"event": "sent"}]},
        {"name": "greet_again", "type": "send-message", "properties": {"body": "Hello {{widgets.again.inbound.Body}}"},
         "transitions": [{"event": "sent"}]})"));
    sender.send("hello");
    sender.now += 100;
    BOOST_TEST(sender.send("Ada") == replies({"Still there? Your name?"}));
    BOOST_TEST(!sender.session.get_string("i.again.Body").has_value());
    sender.now += 5;
    BOOST_TEST(sender.send("Bea") == replies({"Hello Bea"}));
}

BOOST_AUTO_TEST_CASE(a_changed_flow_continues_a_wait_that_still_exists) {
    FlowSender before(flow_json("set", R"(
        {"name": "set", "type": "set-variables", "properties": {"variables": [{"key": "x", "value": "kept"}, {"key": "gone", "value": "old"}]},
         "transitions": [{"event": "next", "next": "ask"}]},
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "{{flow.variables.gone}}?"},
         "transitions": [{"event": "incomingMessage", "next": "set"}]})"));
    before.send("hello");
    FlowSender after(flow_json("ask", R"(
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "new question"},
         "transitions": [{"event": "incomingMessage", "next": "show"}]},
        {"name": "show", "type": "send-message", "properties": {"body": "x={{flow.variables.x}} you said {{widgets.ask.inbound.Body}}"},
         "transitions": [{"event": "sent"}]})"));
    BOOST_TEST(before.conversation.flow().revision != after.conversation.flow().revision);
    after.session = before.session;
    BOOST_TEST(after.send("yes") == replies({"x=kept you said yes"}));
    BOOST_TEST(after.outcome.session_outcome.empty());
    BOOST_TEST(!after.session.get_string("v.gone").has_value()); // the new flow neither sets nor reads it
}

BOOST_AUTO_TEST_CASE(a_changed_flow_starts_afresh_when_the_wait_is_gone) {
    FlowSender before(kGreeter);
    before.send("hello");
    for (const std::string& changed : {
             flow_json("greet", R"({"name": "greet", "type": "send-message", "properties": {"body": "Welcome"}, "transitions": [{"event": "sent"}]})"),
             flow_json("ask", R"({"name": "ask", "type": "send-message", "properties": {"body": "Welcome"}, "transitions": [{"event": "sent"}]})"),
         }) {
        FlowSender after(changed);
        after.session = before.session;
        BOOST_TEST(after.send("Ada") == replies({"Welcome"}));
        BOOST_TEST(after.outcome.session_outcome == "flow-changed");
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms

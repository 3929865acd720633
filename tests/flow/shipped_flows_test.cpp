// The flows in flows/: counter.json and survey.json answer byte for byte as
// the compiled conversations do, and appointment.json as its README says.
// Also: whatever senders type, a flow's cookie stays within its computed budget.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "conversation/counter.hpp"
#include "conversation/survey.hpp"
#include "flow/flow_file.hpp"
#include "session/key_ring.hpp"
#include "session/message_id.hpp"
#include "tests/flow/flow_kit.hpp"

namespace sms {

namespace {

using test::replies;

// Paths are relative to the source tree, where the tests run.
std::string shipped_flow(std::string_view name) {
    std::ifstream file("flows/" + std::string(name), std::ios::binary);
    BOOST_REQUIRE_MESSAGE(file, "cannot read flows/" << name << " (run the tests from the source tree)");
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

template <typename Compiled>
void same_transcript(std::string_view flow_name, const std::vector<std::string>& script) {
    test::Sender<Compiled> compiled;
    test::FlowSender flow(shipped_flow(flow_name));
    for (const auto& body : script) {
        BOOST_TEST_CONTEXT("after \"" << body << "\"") {
            BOOST_TEST(flow.send(body) == compiled.send(body));
        }
        compiled.now = flow.now += 30;
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(shipped_flows)

BOOST_AUTO_TEST_CASE(counter_json_answers_as_the_compiled_counter) {
    std::vector<std::string> script;
    for (int i = 0; i < 25; ++i) script.push_back("message " + std::to_string(i));
    same_transcript<CounterConversation>("counter.json", script);
}

BOOST_AUTO_TEST_CASE(survey_json_answers_as_the_compiled_survey) {
    same_transcript<SurveyConversation>(
        "survey.json", {"hello", "", "   ", "  Ada Lovelace ", "seven", "0", "6", "3.5", "03", " 4 ", "anything", "5",
                        "restart", "\xC3\x89lodie <&> \"O'Brien\"", "RESTART", "Bob", "Restart", "Cy", "2", "more", "RESTART"});
}

BOOST_AUTO_TEST_CASE(appointment_json_confirms_cancels_moves_and_times_out) {
    const std::string json = shipped_flow("appointment.json");
    const std::string question = "Hi! You have an appointment tomorrow at 10:00. Reply YES to confirm, NO to cancel, "
                                 "or a new time like 14:30 to move it.";
    const std::string retry = "Sorry, I did not get that. Reply YES, NO, or a new time like 14:30.";
    {
        test::FlowSender sender(json);
        BOOST_TEST(sender.send("hi") == replies({question}));
        BOOST_TEST(sender.send(" Yes ") == replies({"Thanks, see you tomorrow at 10:00!"}));
        BOOST_TEST(sender.session.empty());
    }
    {
        test::FlowSender sender(json);
        sender.send("hi");
        BOOST_TEST(sender.send("Nope") == replies({"Your appointment is cancelled. Text us any time to book again."}));
    }
    {
        test::FlowSender sender(json);
        sender.send("hi");
        BOOST_TEST(sender.send("maybe") == replies({retry}));
        BOOST_TEST(sender.send("14:30") == replies({"Done: your appointment is now tomorrow at 14:30. See you then!"}));
    }
    {
        test::FlowSender sender(json);
        sender.send("hi");
        sender.send("what");
        sender.send("huh");
        BOOST_TEST(sender.send("25:00") == replies({"Sorry, I still did not get that. Your appointment stays booked; call us to change it."}));
    }
    {
        test::FlowSender sender(json);
        sender.send("hi");
        sender.now += 3601;
        BOOST_TEST(sender.send("yes") ==
                   replies({"We did not hear back, so your appointment stays booked for tomorrow at 10:00.", question}));
    }
}

BOOST_AUTO_TEST_CASE(no_input_can_make_a_flow_cookie_larger_than_its_budget) {
    for (const bool encrypt : {false, true}) {
        for (const char* name : {"counter.json", "survey.json", "appointment.json"}) {
            BOOST_TEST_CONTEXT(name << (encrypt ? " encrypted" : " signed")) {
                SessionOptions options;
                options.encrypt = encrypt;
                auto checked = flow::check_flow_text(shipped_flow(name), {}, options);
                BOOST_REQUIRE(std::holds_alternative<flow::CheckedFlow>(checked));
                const flow::CookieBudget budget = std::get<flow::CheckedFlow>(checked).budget;
                auto ring = KeyRing::from_secrets(std::string(32, 's'), "");
                const SessionCodec codec(std::get<KeyRing>(std::move(ring)), options);
                test::FlowSender sender(shipped_flow(name));
                // Long texts at every step, multi-byte so that cuts must find boundaries.
                std::string huge;
                while (huge.size() < 6000) huge += "\xE2\x82\xAC";
                for (const std::string& body : {std::string("hi"), huge, huge + "x", std::string("12:30"), huge, std::string("RESTART"), huge}) {
                    sender.send(body, {{"FromCity", huge}});
                    // What the handler adds: the times and the message's id.
                    sender.session.started = sender.session.last_seen = sender.now;
                    sender.session.last_message = message_id("SM0123456789abcdef0123456789abcdef");
                    const auto cookie = codec.set_cookie(sender.session, {sender.from, sender.to}, true);
                    BOOST_REQUIRE(cookie.has_value());
                    BOOST_TEST(cookie->size() <= budget.worst_case_bytes);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms

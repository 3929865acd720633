#include "devtools/chat.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "tests/devtools/memory_files.hpp"
#include "tests/session/test_keys.hpp"

namespace sms {

namespace {

Handler make_handler(std::string_view conversation) {
    Config config;
    config.conversation.name = conversation;
    config.session_secret = test::kSecretA;
    return std::get<Handler>(Handler::from_config(std::move(config), make_conversation(conversation)));
}

struct Transcript {
    int status = -1;
    std::string output;
};

// Runs chat with `input` as the lines typed, capturing what it prints.
Transcript chat_with(std::string_view input, const std::vector<std::string_view>& args = {},
                std::string_view conversation = "counter") {
    const Handler handler = make_handler(conversation);
    Transcript transcript;
    transcript.output = test::through_memory_files(
        input, [&](std::FILE* in, std::FILE* out) { transcript.status = run_chat(handler, conversation, args, in, out); });
    return transcript;
}

} // namespace

BOOST_AUTO_TEST_SUITE(chat)

BOOST_AUTO_TEST_CASE(splits_chat_options_from_settings) {
    const ChatArguments split = split_chat_arguments(
        {"--twiml", "--conversation", "survey", "--from", "+1555", "--to=+1999", "--echo", "--dev", "--to"});
    BOOST_TEST(split.chat == (std::vector<std::string_view>{"--twiml", "--from", "+1555", "--to=+1999", "--echo", "--to"}),
               boost::test_tools::per_element());
    BOOST_TEST(split.config == (std::vector<std::string_view>{"--conversation", "survey", "--dev"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(holds_a_conversation_on_a_simulated_clock) {
    const Transcript transcript = chat_with("hi\nhi\n/wait 4h\nhi\n/forget\nhi\n");
    BOOST_TEST(transcript.status == 0);
    const auto waited = transcript.output.find("waited 4h; it is now ");
    BOOST_TEST_REQUIRE(waited != std::string::npos);
    const auto waited_end = transcript.output.find('\n', waited) + 1;
    BOOST_TEST(transcript.output.substr(0, waited) ==
               "Hello, thanks for the new message.\nHello, thanks for message number 2\n");
    BOOST_TEST(transcript.output.substr(waited_end) ==
               "the cookie for +15551230001 -> +15559870000 has expired; the next message starts a new conversation\n"
               "Hello, thanks for the new message.\n"
               "forgot the cookie for +15551230001 -> +15559870000\n"
               "Hello, thanks for the new message.\n");
}

BOOST_AUTO_TEST_CASE(options_set_the_numbers_and_echo) {
    const Transcript transcript = chat_with("hi\n/session\n", {"--from", "+15550001111", "--to=+15550002222", "--echo"});
    const std::string expected = "> hi\nHello, thanks for the new message.\n"
                                 "> /session\nsession for +15550001111 -> +15550002222 (restored)\n"
                                 "  counter = 1\n  started ";
    BOOST_TEST(transcript.output.substr(0, expected.size()) == expected);
}

BOOST_AUTO_TEST_CASE(the_survey_through_the_handler) {
    const Transcript transcript = chat_with("hi\nAda\nfive\n5\n", {}, "survey");
    BOOST_TEST(transcript.output == "Hi! Two quick questions. First, what is your name?\n"
                                    "Thanks, Ada. How would you rate us from 1 to 5?\n"
                                    "Please answer with a whole number from 1 to 5.\n"
                                    "Thank you, Ada! You rated us 5 out of 5.\n");
}

BOOST_AUTO_TEST_CASE(a_line_without_a_line_end_is_still_sent) {
    BOOST_TEST(chat_with("hi\r\nhi").output == "Hello, thanks for the new message.\nHello, thanks for message number 2\n");
}

BOOST_AUTO_TEST_CASE(bad_options_exit_2_before_reading) {
    BOOST_TEST(chat_with("hi\n", {"--conversation"}).status == 2);
    BOOST_TEST(chat_with("hi\n", {"--from"}).output == "");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms

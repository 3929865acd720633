#include "devtools/texting.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "tests/devtools/memory_files.hpp"

namespace sms::devtools {

namespace {

struct Run {
    std::vector<std::string> sent;     // "from>to:message" for each message
    std::vector<std::string> commands; // the tool's own commands it was given
    std::string printed;
};

// Feeds `input` to converse(); the tool's own command is /mine.
Run converse_over(std::string_view input, Phone& phone) {
    Run run;
    run.printed = test::through_memory_files(input, [&](std::FILE* in, std::FILE* out) {
        Terminal terminal(in, out, false);
        converse(
            terminal, phone, "/mine          the tool's own\n",
            [&](std::string_view message) { run.sent.push_back(phone.from + ">" + phone.to + ":" + std::string(message)); },
            [&](const InputLine& command) {
                if (command.command != "mine") return false;
                run.commands.emplace_back(command.argument);
                return true;
            });
    });
    return run;
}

} // namespace

BOOST_AUTO_TEST_SUITE(texting)

BOOST_AUTO_TEST_CASE(messages_go_out_between_the_current_numbers) {
    Phone phone;
    const Run run = converse_over("hi\n/from +1222\n//x\n/to +1333\n\n/quit\nnever\n", phone);
    BOOST_TEST(run.sent == (std::vector<std::string>{"+15551230001>+15559870000:hi", "+1222>+15559870000:/x",
                                                     "+1222>+1333:"}),
               boost::test_tools::per_element());
    BOOST_TEST(run.printed == "now +1222 -> +15559870000\nnow +1222 -> +1333\n");
    BOOST_TEST(phone.pair() == "+1222 -> +1333");
}

BOOST_AUTO_TEST_CASE(the_tools_own_commands_come_first) {
    Phone phone;
    const Run run = converse_over("/mine a b\n/unknown\n/from\n/from two words\n", phone);
    BOOST_TEST(run.commands == (std::vector<std::string>{"a b"}), boost::test_tools::per_element());
    BOOST_TEST(run.printed == "unknown command /unknown; /help lists the commands\n"
                              "usage: /from NUMBER (for example /from +15551234567)\n"
                              "usage: /from NUMBER (for example /from +15551234567)\n");
    BOOST_TEST(phone.from == "+15551230001");
}

BOOST_AUTO_TEST_CASE(help_lists_the_tools_commands_among_the_shared_ones) {
    Phone phone;
    const std::string help = converse_over("/help\n", phone).printed;
    BOOST_TEST(help.find("/to NUMBER") < help.find("/mine"));
    BOOST_TEST(help.find("/mine") < help.find("/forget"));
}

BOOST_AUTO_TEST_CASE(help_lists_help_itself) {
    Phone phone;
    const std::string help = converse_over("/help\n", phone).printed;
    BOOST_TEST(help.find("\n/help ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(forget_drops_only_the_current_pairs_cookie) {
    Phone phone;
    phone.jar.store(phone.from, phone.to, *parse_set_cookie("s=1"), 0);
    phone.jar.store("+1222", phone.to, *parse_set_cookie("s=2"), 0);
    BOOST_TEST(converse_over("/forget\n", phone).printed == "forgot the cookie for +15551230001 -> +15559870000\n");
    BOOST_TEST(phone.jar.cookie_header(phone.from, phone.to, 0) == "");
    BOOST_TEST(phone.jar.cookie_header("+1222", phone.to, 0) == "s=2");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::devtools

#include "devtools/terminal.hpp"

#include <boost/test/unit_test.hpp>

namespace sms::devtools {

BOOST_AUTO_TEST_SUITE(terminal)

BOOST_AUTO_TEST_CASE(commands_and_messages) {
    const InputLine wait = parse_input_line("/wait  5h ");
    BOOST_TEST(wait.is_command);
    BOOST_TEST(wait.command == "wait");
    BOOST_TEST(wait.argument == "5h");
    const InputLine bare = parse_input_line("/session");
    BOOST_TEST(bare.is_command);
    BOOST_TEST(bare.command == "session");
    BOOST_TEST(bare.argument == "");
    BOOST_TEST(parse_input_line("/quit ").argument == "");

    for (std::string_view message : {"hello", "", " /not a command", "/", "a/b"}) {
        const InputLine line = parse_input_line(message);
        BOOST_TEST(!line.is_command, message);
        BOOST_TEST(line.message == message);
    }
    const InputLine escaped = parse_input_line("//wait 5h");
    BOOST_TEST(!escaped.is_command);
    BOOST_TEST(escaped.message == "/wait 5h");
}

BOOST_AUTO_TEST_CASE(options_with_separate_or_inline_values) {
    const std::vector<std::string_view> args{"--from", "+1555", "--to=+1999", "--toast", "--to"};
    std::size_t i = 0;
    std::string_view value;
    std::string error;
    BOOST_TEST(read_option(args, i, "--from", value, error));
    BOOST_TEST((i == 1 && value == "+1555" && error.empty()));
    i = 2;
    BOOST_TEST(!read_option(args, i, "--from", value, error));
    BOOST_TEST(read_option(args, i, "--to", value, error));
    BOOST_TEST((i == 2 && value == "+1999"));
    i = 3;
    BOOST_TEST(!read_option(args, i, "--to", value, error));
    i = 4;
    BOOST_TEST(read_option(args, i, "--to", value, error));
    BOOST_TEST(error == "--to needs a value");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::devtools

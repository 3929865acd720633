#include "devtools/texting.hpp"

namespace sms::devtools {

namespace {

constexpr std::string_view kNumbersHelp =
    "/from NUMBER   text as another sender (each From/To pair has its own cookie)\n"
    "/to NUMBER     text another of your numbers\n";
constexpr std::string_view kSharedHelp =
    "/forget        drop the pair's cookie, as if 4 hours had passed\n"
    "/quit          leave (so does the end of input)\n"
    "//text         send a message that starts with '/'\n"
    "/help          list these commands\n";

void run_shared_command(const InputLine& line, Phone& phone, std::string_view own_help, Terminal& terminal) {
    if (line.command == "from" || line.command == "to") {
        if (line.argument.empty() || line.argument.find(' ') != std::string_view::npos) {
            terminal.print("usage: /" + std::string(line.command) + " NUMBER (for example /" +
                           std::string(line.command) + " +15551234567)\n");
            return;
        }
        (line.command == "from" ? phone.from : phone.to) = line.argument;
        terminal.print("now " + phone.pair() + "\n");
    } else if (line.command == "forget") {
        phone.jar.forget(phone.from, phone.to);
        terminal.print("forgot the cookie for " + phone.pair() + "\n");
    } else if (line.command == "help") {
        terminal.print(std::string(kNumbersHelp) + std::string(own_help) + std::string(kSharedHelp));
    } else {
        terminal.print("unknown command /" + std::string(line.command) + "; /help lists the commands\n");
    }
}

} // namespace

void converse(Terminal& terminal, Phone& phone, std::string_view own_help,
              const std::function<void(std::string_view message)>& send,
              const std::function<bool(const InputLine& command)>& own_command) {
    std::string line;
    while (terminal.read(line)) {
        const InputLine input = parse_input_line(line);
        if (!input.is_command) {
            send(input.message);
        } else if (input.command == "quit" || input.command == "exit") {
            return;
        } else if (!own_command(input)) {
            run_shared_command(input, phone, own_help, terminal);
        }
    }
}

} // namespace sms::devtools

// Lines typed at a terminal or piped in, the /commands among them, and
// command-line options: the input side that chat and simulate share.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace sms::devtools {

// "/wait 5h" is the command "wait" with the argument "5h"; "//x" is the
// message "/x"; any other line, the empty one included, is a message.
struct InputLine {
    bool is_command = false;
    std::string_view command;
    std::string_view argument;
    std::string_view message;
};
InputLine parse_input_line(std::string_view line);

class Terminal {
public:
    // `echo` repeats each line read after a "> " prompt, so that a transcript
    // from piped input shows both sides.
    Terminal(std::FILE* in, std::FILE* out, bool echo);

    // A terminal on `in`: prompts and banners are shown only then, so piped
    // output holds nothing but the conversation.
    bool interactive() const { return interactive_; }

    // The next line without its line end; false at the end of input.
    bool read(std::string& line);
    void print(std::string_view text);

private:
    std::FILE* in_;
    std::FILE* out_;
    bool interactive_;
    bool echo_;
};

// Reads the option `name` at args[i], as "--name VALUE" or "--name=VALUE",
// and moves i to its value; false when args[i] is another option. A missing
// value sets `error`.
bool read_option(const std::vector<std::string_view>& args, std::size_t& i, std::string_view name,
                 std::string_view& value, std::string& error);

} // namespace sms::devtools

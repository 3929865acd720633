#include "devtools/terminal.hpp"

#include <unistd.h>

#include <cstdlib>

namespace sms::devtools {

InputLine parse_input_line(std::string_view line) {
    InputLine input;
    if (line.size() < 2 || line[0] != '/' || line[1] == '/') {
        input.message = line.substr(0, 2) == "//" ? line.substr(1) : line;
        return input;
    }
    input.is_command = true;
    const auto space = line.find(' ');
    input.command = line.substr(1, space == std::string_view::npos ? space : space - 1);
    if (space != std::string_view::npos) {
        const auto start = line.find_first_not_of(' ', space);
        const auto end = line.find_last_not_of(' ');
        if (start != std::string_view::npos) input.argument = line.substr(start, end - start + 1);
    }
    return input;
}

Terminal::Terminal(std::FILE* in, std::FILE* out, bool echo)
    : in_(in), out_(out), interactive_(::isatty(::fileno(in)) == 1), echo_(echo && !interactive_) {}

bool Terminal::read(std::string& line) {
    if (interactive_) print("> ");
    char* buffer = nullptr;
    std::size_t capacity = 0;
    const ssize_t length = ::getline(&buffer, &capacity, in_);
    if (length >= 0) line.assign(buffer, static_cast<std::size_t>(length));
    std::free(buffer);
    if (length < 0) {
        if (interactive_) print("\n"); // leave the shell prompt on a line of its own after ^D
        return false;
    }
    if (!line.empty() && line.back() == '\n') line.pop_back();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (echo_) print("> " + line + "\n");
    return true;
}

void Terminal::print(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
}

bool read_option(const std::vector<std::string_view>& args, std::size_t& i, std::string_view name,
                 std::string_view& value, std::string& error) {
    const std::string_view arg = args[i];
    if (arg.substr(0, name.size()) != name) return false;
    if (arg.size() > name.size() && arg[name.size()] == '=') {
        value = arg.substr(name.size() + 1);
        return true;
    }
    if (arg.size() != name.size()) return false;
    if (i + 1 == args.size()) {
        error = std::string(name) + " needs a value";
        return true;
    }
    value = args[++i];
    return true;
}

} // namespace sms::devtools

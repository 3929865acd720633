// The conversation loop that chat and simulate share: who is texting whom,
// the cookies Twilio keeps for them, and the commands both tools take.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "devtools/cookie_jar.hpp"
#include "devtools/terminal.hpp"

namespace sms::devtools {

struct Phone {
    std::string from = "+15551230001";
    std::string to = "+15559870000";
    CookieJar jar;

    std::string pair() const { return from + " -> " + to; } // "+1555... -> +1555..."
};

// Reads lines until /quit or the end of input. Messages go to `send`; a
// command goes to `own_command` first, which returns false when it is not one
// of the tool's own. The shared commands are handled here: /from, /to,
// /forget, and /help, which lists `own_help` too.
void converse(Terminal& terminal, Phone& phone, std::string_view own_help,
              const std::function<void(std::string_view message)>& send,
              const std::function<bool(const InputLine& command)>& own_command);

} // namespace sms::devtools

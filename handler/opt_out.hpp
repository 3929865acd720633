// Carriers' opt-out keywords. Twilio blocks a sender after STOP (and sends
// its own confirmation), lets them back in after START, and answers HELP
// itself; the webhook still receives those messages. A sender who opted out
// is forgotten here too: the conversation ends and its cookie is deleted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "request/form.hpp"

namespace sms {

enum class OptOutKeyword { none, stop, start, help };

struct OptOutSettings {
    // Single-word bodies that count, compared without case; off: only the
    // OptOutType parameter of Twilio's Advanced Opt-Out counts.
    bool keywords = true;
    std::vector<std::string> stop{"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"};
    std::vector<std::string> start{"START", "YES", "UNSTOP"};
    std::vector<std::string> help{"HELP", "INFO"};
    std::string help_reply; // the reply to HELP; empty: none (Twilio has answered)
};

// What the message asks for: OptOutType (STOP/START/HELP, sent with Advanced
// Opt-Out) when present, else the body trimmed of white space when it is
// exactly one keyword. A keyword inside a longer text is a message like any other.
OptOutKeyword classify_opt_out(const Form& form, const OptOutSettings& settings);

// "opt-out", "opt-in", "help": the log line's session outcome.
std::string_view describe(OptOutKeyword keyword);

} // namespace sms

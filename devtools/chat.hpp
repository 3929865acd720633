// `sms_fcgi chat`: text the conversation from a terminal, with the handler
// in-process and Twilio's cookie keeping played on a simulated clock, so a
// conversation can be tried (and scripted through a pipe) without a phone,
// a Twilio account or a web server.
#pragma once

#include <cstdio>
#include <string_view>
#include <vector>

#include "handler/handler.hpp"

namespace sms {

struct ChatArguments {
    std::vector<std::string_view> chat;   // for run_chat
    std::vector<std::string_view> config; // for load_config
};

// Separates chat's own options (--twiml, --echo, --from, --to) from the
// configuration flags, which load_config reads and would reject otherwise.
ChatArguments split_chat_arguments(const std::vector<std::string_view>& args);

// Chat runs the handler in-process: no Twilio signs its requests, so
// signature checks are off, and a missing session secret is replaced by a
// throwaway one (sessions live only as long as the chat).
void adapt_config_for_chat(Config& config);

// Talks to `handler` (answering as `conversation`: its name or flow file,
// for the banner) until /quit or the end of `in`. Returns 0, or 2 when
// `args` are not chat's options (the reason goes to stderr).
int run_chat(const Handler& handler, std::string_view conversation, const std::vector<std::string_view>& args,
             std::FILE* in, std::FILE* out);

// The chat lines of --help.
std::string_view chat_usage();

} // namespace sms

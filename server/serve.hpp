// Serving, once the Handler is made: plain CGI, or FastCGI on fd 0 or the
// --listen socket, with the log file, the metrics endpoint and SIGHUP's
// next generations around it. The process boundary's one entry point.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "handler/handler.hpp"

namespace sms {

struct ServeOptions {
    ProcessSettings process;
    bool answers_wait = false;    // the conversation calls out (a flow's HTTP widgets)
    bool next_generation = false; // started by SIGHUP's reload: the socket is fd 0
    char* const* argv = nullptr;  // how a reload starts the next generation
    std::vector<std::string> unreadable_secrets; // wiped variables a reload cannot read again
    std::string_view version;     // for the metrics' build info
    std::string_view git_commit;
};

// Serves until stopped; the process's exit status. Takes the Handler, so that
// its keys are gone from a process that only supervises generations.
int serve(Handler handler, const ServeOptions& options, const char* const* environment);

} // namespace sms

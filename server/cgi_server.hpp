// Plain CGI: one request from the environment and stdin, answered on stdout.
#pragma once

#include <string_view>

#include "handler/handler.hpp"

namespace sms {

// Returns the exit status: 0 once answered, 1 when the answer could not be
// written. `log_requests`: log a line for it (ProcessSettings::log_requests).
int serve_cgi(const Handler& handler, bool log_requests, const char* const* environment);

// A CGI program whose settings are wrong still answers its request, so that
// the reason reaches whoever calls it and not only the web server's error
// log: "Status: 500", the reason as plain text (it names the setting; no
// message carries a secret's value), and the same reason logged. Returns 2.
int answer_cgi_configuration_error(std::string_view reason);

} // namespace sms

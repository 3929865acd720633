// Plain CGI: one request from the environment and stdin, answered on stdout.
#pragma once

#include "handler/handler.hpp"

namespace sms {

// Returns the exit status: 0 once answered, 1 when the answer could not be written.
int serve_cgi(const Handler& handler, const char* const* environment);

} // namespace sms

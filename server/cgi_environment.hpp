// The CGI variables of a request (a CGI process's environment, or a FastCGI
// request's parameters) read into a Request.
#pragma once

#include "request/request.hpp"

namespace sms {

// Fills the CGI fields of `request` from a NULL-terminated "NAME=value" array
// (a CGI process's environ, or a FastCGI request's envp).
void read_cgi_environment(const char* const* envp, Request& request);

} // namespace sms

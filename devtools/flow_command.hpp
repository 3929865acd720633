// `sms_fcgi flow check FILE` and `sms_fcgi flow dot FILE`: what a flow file
// holds and whether it can run, before it serves.
#pragma once

#include <string_view>
#include <vector>

namespace sms {

// check: 0 the flow can run (warnings may be printed), 2 it cannot; dot:
// the Graphviz graph on stdout. The settings (SMS_* and flags after FILE)
// are read as the server reads them: the cookie limit and encryption decide
// the worst-case size.
int run_flow_command(const std::vector<std::string_view>& args, const char* const* environment);

// The flow lines of --help.
std::string_view flow_command_usage();

} // namespace sms

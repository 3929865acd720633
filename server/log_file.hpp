// --log-file: the log lines (and errors) go to a file instead of stderr, for
// setups where stderr goes nowhere (spawn-fcgi in daemon mode). The file
// replaces fd 2, so every writer keeps writing to "stderr"; reopening after
// logrotate moved it (SIGUSR1) swaps fd 2 in one dup2(2), so that each line
// goes whole to the old file or the new one.
#pragma once

#include <string>

namespace sms {

// Opens `path` for appending (created 0640) as fd 2. Returns an error, or "".
std::string redirect_log_to_file(const std::string& path);

} // namespace sms

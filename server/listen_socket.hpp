// The socket --listen names, opened once at start-up.
#pragma once

#include "config/config.hpp"

namespace sms {

// Opens process.listen (a unix socket PATH or HOST:PORT) for FastCGI. A unix
// socket gets process.listen_owner, _group and _mode; it is created with no
// permissions at all and opened up only once they are set, so no one else
// can connect in between. Returns the fd, or -1 after logging why.
int open_listen_socket(const ProcessSettings& process);

} // namespace sms

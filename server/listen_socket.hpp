// The socket --listen names, opened once at start-up.
#pragma once

#include "config/config.hpp"

namespace sms {

// Opens config.listen (a unix socket PATH or HOST:PORT) for FastCGI. A unix
// socket gets config.listen_owner, _group and _mode; it is created with no
// permissions at all and opened up only once they are set, so no one else
// can connect in between. Returns the fd, or -1 after logging why.
int open_listen_socket(const Config& config);

} // namespace sms

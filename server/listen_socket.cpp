#include "server/listen_socket.hpp"

#include <fcgiapp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "server/log_lines.hpp"

namespace sms {

int open_listen_socket(const ProcessSettings& process) {
    const bool unix_socket = !is_tcp_address(process.listen);
    // bind(2) gives a new socket file 0777 less the umask: with 0777 masked,
    // no one can connect until the chmod below. (Start-up is single-threaded.)
    const mode_t umask_before = ::umask(0777);
    const int fd = FCGX_OpenSocket(process.listen.c_str(), process.backlog);
    const int open_errno = errno;
    ::umask(umask_before);
    if (fd < 0) {
        log_error("cannot listen on " + process.listen + ": " + std::strerror(open_errno));
        return -1;
    }
    if (!unix_socket) return fd;
    const char* path = process.listen.c_str();
    const auto fail = [&](const std::string& what) {
        log_error(what + " " + process.listen + ": " + std::strerror(errno));
        ::close(fd);
        ::unlink(path);
        return -1;
    };
    if ((process.listen_owner || process.listen_group) &&
        ::chown(path, process.listen_owner.value_or(static_cast<uid_t>(-1)),
                process.listen_group.value_or(static_cast<gid_t>(-1))) != 0) {
        return fail("cannot give --listen-owner/--listen-group to");
    }
    if (::chmod(path, process.listen_mode.value_or(0777 & ~umask_before)) != 0) {
        return fail("cannot set the mode of");
    }
    return fd;
}

} // namespace sms

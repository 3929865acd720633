#include "server/log_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sms {

std::string redirect_log_to_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) return "cannot open the log file '" + path + "': " + std::strerror(errno);
    // dup2 replaces fd 2 atomically: a write in another thread lands whole in one file or the other.
    const bool moved = ::dup2(fd, STDERR_FILENO) == STDERR_FILENO;
    const int saved_errno = errno;
    ::close(fd);
    if (!moved) return "cannot use the log file '" + path + "': " + std::strerror(saved_errno);
    return "";
}

} // namespace sms

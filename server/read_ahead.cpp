#include "server/read_ahead.hpp"

#include <unistd.h>

#include <algorithm>

namespace sms {

namespace {

thread_local ReadAhead* current = nullptr;

} // namespace

ReadAhead::ReadAhead(int fd, std::span<const unsigned char> bytes) : fd_(fd), bytes_(bytes) { current = this; }

ReadAhead::~ReadAhead() { current = nullptr; }

int read_ahead_or_socket(int fd, char* buffer, std::size_t length) {
    ReadAhead* ahead = current;
    if (ahead == nullptr || ahead->fd_ != fd || ahead->bytes_.empty()) {
        return static_cast<int>(::read(fd, buffer, length));
    }
    const std::size_t n = std::min(length, ahead->bytes_.size());
    std::copy_n(ahead->bytes_.data(), n, buffer);
    ahead->bytes_ = ahead->bytes_.subspan(n);
    return static_cast<int>(n);
}

} // namespace sms

// libfcgi's own is a plain read(2) (it also honours FCGX_ShutdownPending,
// which this program never calls).
extern "C" int OS_Read(int fd, char* buf, std::size_t len) { return sms::read_ahead_or_socket(fd, buf, len); }

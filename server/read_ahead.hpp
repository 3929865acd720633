// Request bytes the accept loop has already read from a connection, handed
// to libfcgi as the first bytes it reads there. The loop reads each request
// itself to check it whole before libfcgi sees it (server/fastcgi_scan.hpp);
// libfcgi reads through OS_Read, which this program supplies (the bundled
// libfcgi's is weak: third_party/libfcgi/04-replaceable-os-read.patch; a
// shared system libfcgi calls it through its PLT), so no byte is read twice.
#pragma once

#include <cstddef>
#include <span>

namespace sms {

// While one lives, libfcgi's reads of `fd` on this thread take `bytes` first,
// then read the socket. One per thread at a time.
class ReadAhead {
public:
    ReadAhead(int fd, std::span<const unsigned char> bytes);
    ~ReadAhead();
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    // Bytes libfcgi has not read (yet).
    std::size_t unread() const { return bytes_.size(); }

private:
    friend int read_ahead_or_socket(int fd, char* buffer, std::size_t length);
    int fd_;
    std::span<const unsigned char> bytes_;
};

} // namespace sms

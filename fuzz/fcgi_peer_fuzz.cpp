// Arbitrary bytes from a FastCGI peer (the web server), through the real
// libfcgi accept-and-read path over a socketpair: the program answers or
// closes the connection, and never aborts or hangs.
#include <fcgiapp.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <thread>

#include "fuzz/fuzz_handler.hpp"
#include "server/fastcgi_server.hpp"

namespace {

// Serves one FastCGI connection with the program's own libfcgi path
// (server/fastcgi_server.hpp) until it is closed. The server's record check,
// which runs before this in the accept loop, is left out on purpose: this
// target is about what libfcgi does with any bytes at all.
void serve_connection(const sms::Handler& handler, int fd) {
    FCGX_Request fcgi;
    sms::init_fastcgi_connection(fcgi, fd);
    sms::LoopState loop;
    while (sms::serve_fastcgi_request(handler, fcgi, loop)) {
    }
}

// How long the program's end waits for the peer before its read or write
// fails, and how long the peer waits for the program: far beyond any honest
// exchange of a fuzzer input on a loaded machine, and longer on the peer's
// side, so that a stall is the program's.
constexpr int kProgramWaitSeconds = 10;
constexpr int kPeerWaitSeconds = 30;

// The web server's end: sends the input, then half-closes, and reads what
// comes back until the program closes its end. True if it did.
bool play_peer(int fd, const std::uint8_t* data, std::size_t size) {
    std::size_t sent = 0;
    if (size == 0) ::shutdown(fd, SHUT_WR);
    char scratch[65536];
    for (;;) {
        pollfd p{fd, static_cast<short>(POLLIN | (sent < size ? POLLOUT : 0)), 0};
        if (::poll(&p, 1, kPeerWaitSeconds * 1000) <= 0) return false;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = ::read(fd, scratch, sizeof scratch);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return true;
        }
        if (sent < size && (p.revents & POLLOUT)) {
            ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
            if (n < 0 && errno != EAGAIN && errno != EINTR) return true; // the program closed first
            if (n > 0) sent += static_cast<std::size_t>(n);
            if (sent == size) ::shutdown(fd, SHUT_WR);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    ::signal(SIGPIPE, SIG_IGN); // as sms_fcgi.cpp does
    if (FCGX_Init() != 0) std::abort();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) std::abort();
    // The program's end never blocks for good, even if the peer stalled.
    const timeval wait{kProgramWaitSeconds, 0};
    ::setsockopt(ends[0], SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    ::setsockopt(ends[0], SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
    ::fcntl(ends[1], F_SETFL, O_NONBLOCK);

    bool closed = false;
    std::thread peer([&] { closed = play_peer(ends[1], data, size); });
    serve_connection(sms::fuzz::counter_handler(), ends[0]); // closes ends[0]
    peer.join();
    ::close(ends[1]);
    if (!closed) std::abort(); // neither an answer to the end nor a closed connection
    return 0;
}

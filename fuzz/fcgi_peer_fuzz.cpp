// Arbitrary bytes from a FastCGI peer (the web server), through the real
// libfcgi accept-and-read path over a socketpair: the program answers or
// closes the connection, and never aborts or hangs.
#include <fcgiapp.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>

#include "fuzz/fuzz_handler.hpp"
#include "request/request.hpp"

namespace {

// Serves one FastCGI connection the way sms_fcgi.cpp does (accept_connection,
// serve_connection and serve_one, less timing and logging), until libfcgi
// closes it. To be replaced by the server module's own function once that
// exists, so the fuzzer keeps driving the program's code, not a copy.
void serve_connection_like_the_program(const sms::Handler& handler, int listen_fd, int fd) {
    FCGX_Request fcgi;
    FCGX_InitRequest(&fcgi, listen_fd, 0);
    fcgi.ipcFd = fd;
    fcgi.keepConnection = 1;
    std::string body;
    std::string response;
    while (fcgi.ipcFd >= 0) {
        if (FCGX_Accept_r(&fcgi) < 0) continue;
        sms::Request request;
        sms::read_cgi_environment(fcgi.envp, request);
        request.now = 1'800'000'000;
        body.clear();
        const sms::HeadCheck head = sms::check_head(request, handler.config());
        if (!head.error && head.body_length > 0) {
            body.resize(head.body_length);
            int got = FCGX_GetStr(body.data(), static_cast<int>(body.size()), fcgi.in);
            body.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
        }
        request.body = body;
        response.clear();
        sms::render_cgi_response(handler.handle(request), response);
        FCGX_PutStr(response.data(), static_cast<int>(response.size()), fcgi.out);
        char scratch[4096];
        while (FCGX_GetStr(scratch, sizeof scratch, fcgi.in) > 0) {
        }
        if (!fcgi.keepConnection) FCGX_Detach(&fcgi);
        FCGX_Finish_r(&fcgi);
    }
    FCGX_Free(&fcgi, 1);
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

// A listening socket nobody connects to, non-blocking as the program's is:
// after a protocol error libfcgi tries to accept another connection on it.
int idle_listener() {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    // An address length of just the family autobinds an abstract name.
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(sa_family_t)) != 0 ||
        ::listen(fd, 1) != 0) {
        std::abort();
    }
    return fd;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    ::signal(SIGPIPE, SIG_IGN); // as sms_fcgi.cpp does
    if (FCGX_Init() != 0) std::abort();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const int listen_fd = idle_listener();
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) std::abort();
    // The program's end never blocks for good, even if the peer stalled.
    const timeval wait{kProgramWaitSeconds, 0};
    ::setsockopt(ends[0], SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    ::setsockopt(ends[0], SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
    ::fcntl(ends[1], F_SETFL, O_NONBLOCK);

    bool closed = false;
    std::thread peer([&] { closed = play_peer(ends[1], data, size); });
    serve_connection_like_the_program(sms::fuzz::fuzz_handler(), listen_fd, ends[0]); // closes ends[0]
    peer.join();
    ::close(ends[1]);
    if (!closed) std::abort(); // neither an answer to the end nor a closed connection
    return 0;
}

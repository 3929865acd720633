#include "server/fastcgi_server.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "server/cgi_environment.hpp"
#include "server/cgi_response.hpp"
#include "server/deadline_watchdog.hpp"
#include "server/fastcgi_scan.hpp"
#include "server/log_file.hpp"
#include "server/read_ahead.hpp"

namespace sms {

namespace {

using Clock = std::chrono::steady_clock;

void serve_one(const Handler& handler, FCGX_Request& fcgi, LoopState& loop) {
    const auto started = Clock::now();
    if (loop.metrics) loop.metrics->request_started();
    Request request;
    read_cgi_environment(fcgi.envp, request);
    request.now = std::time(nullptr);

    loop.body.clear();
    const HeadCheck head = check_head(request, handler.settings());
    if (!head.error && head.body_length > 0) {
        loop.body.resize(head.body_length);
        int got = FCGX_GetStr(loop.body.data(), static_cast<int>(loop.body.size()), fcgi.in);
        loop.body.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    }
    request.body = loop.body;

    const Answer answer = handler.handle(request, head);
    loop.response.clear();
    render_cgi_response(answer.response, loop.response);
    // Not flushed here: FCGX_Finish_r sends it with the end-of-request
    // records in one write(2), where a flush would make two.
    FCGX_PutStr(loop.response.data(), static_cast<int>(loop.response.size()), fcgi.out);
    // Read what was not consumed, so a kept-alive connection stays in step.
    char scratch[4096];
    while (FCGX_GetStr(scratch, sizeof scratch, fcgi.in) > 0) {
    }
    const auto elapsed = Clock::now() - started;
    // Counted here, from the Answer, so that the handler stays pure.
    if (loop.metrics) loop.metrics->request_finished(answer, std::chrono::duration<double>(elapsed).count());
    if (wants_log_line(loop.log_requests, answer)) {
        loop.log.add(answer, request.now, std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());
    }
}

// A connection an accept loop owns. While a request is partly received it
// has a deadline, and `received` holds what has come of it; `wait_for` is
// how many bytes must be there before scanning them again can tell more (so
// a peer sending a byte at a time costs a copy of each byte, not a scan of
// everything it sent).
struct Connection {
    FCGX_Request fcgi;
    std::optional<Clock::time_point> deadline;
    std::vector<unsigned char> received;
    std::size_t wait_for = 0;
};

// Connections a loop gave up before serving an answer that may wait on a
// flow's endpoints, for an idle loop to take: a kept-alive connection the
// web server reuses must not wait behind another connection's slow answer.
class HandOff {
public:
    HandOff() : event_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
    ~HandOff() {
        for (auto& connection : connections_) FCGX_Free(&connection->fcgi, 1);
        if (event_fd_ >= 0) ::close(event_fd_);
    }
    HandOff(const HandOff&) = delete;
    HandOff& operator=(const HandOff&) = delete;

    // Readable while connections wait to be taken.
    int event_fd() const { return event_fd_; }

    void give(std::vector<std::unique_ptr<Connection>> connections) {
        const std::lock_guard lock(mutex_);
        for (auto& connection : connections) connections_.push_back(std::move(connection));
        const std::uint64_t one = 1;
        ssize_t ignored = ::write(event_fd_, &one, sizeof one);
        (void)ignored;
    }

    std::vector<std::unique_ptr<Connection>> take() {
        const std::lock_guard lock(mutex_);
        std::uint64_t count = 0;
        ssize_t ignored = ::read(event_fd_, &count, sizeof count);
        (void)ignored;
        return std::exchange(connections_, {});
    }

private:
    int event_fd_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> connections_;
};

// Shared by every accept loop of the process.
struct Server {
    const Handler& handler;
    int listen_fd;
    int wake_fd; // readable once shutdown has begun
    bool tcp;    // the listening socket is TCP: answers go out without Nagle's delay
    FastcgiScanLimits scan_limits;
    Clock::duration request_timeout;
    DeadlineWatchdog watchdog;
    const metrics::Recorder* metrics;
    bool log_requests;
    bool answers_wait; // the conversation calls out: a loop hands its other connections off before serving
    HandOff hand_off;
};

class AcceptLoop {
public:
    explicit AcceptLoop(Server& server) : server_(server), buffer_(buffer_capacity(server.scan_limits)) {
        loop_.metrics = server.metrics;
        loop_.log_requests = server.log_requests;
    }
    ~AcceptLoop() {
        for (auto& connection : connections_) FCGX_Free(&connection->fcgi, 1);
        if (epoll_fd_ >= 0) ::close(epoll_fd_);
    }

    void run() {
        epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
        if (epoll_fd_ < 0 || !watch(server_.wake_fd, EPOLLIN, &server_.wake_fd) ||
            // One loop is woken per new connection, not all of them.
            !watch(server_.listen_fd, EPOLLIN | EPOLLEXCLUSIVE, &server_.listen_fd) ||
            (server_.answers_wait && !watch(server_.hand_off.event_fd(), EPOLLIN | EPOLLEXCLUSIVE, &server_.hand_off))) {
            log_error(std::string("epoll: ") + std::strerror(errno));
            return;
        }
        epoll_event events[64];
        // Once shutdown has begun, no new connection is taken, and the loop
        // ends when no request is still arriving (each has a deadline).
        for (bool stopping = false; !stopping || still_arriving();) {
            loop_.log.flush();
            int ready = ::epoll_wait(epoll_fd_, events, 64, wait_milliseconds());
            if (ready < 0) {
                if (errno == EINTR) continue;
                log_error(std::string("epoll_wait failed: ") + std::strerror(errno));
                break;
            }
            // Requests already sent are served even once shutdown has begun.
            handed_off_ = false;
            for (int i = 0; i < ready; ++i) {
                void* source = events[i].data.ptr;
                if (source == &server_.wake_fd) {
                    stopping = true;
                    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, server_.wake_fd, nullptr);
                    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, server_.listen_fd, nullptr);
                }
                else if (source == &server_.listen_fd) { if (!stopping) accept_connections(); }
                else if (source == &server_.hand_off) adopt();
                // After a hand-off the batch's other connections are another
                // loop's: their events come again from its epoll.
                else if (!handed_off_) on_readable(*static_cast<Connection*>(source), (events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0);
            }
            drop_expired();
        }
        loop_.log.flush();
    }

private:
    static std::size_t buffer_capacity(const FastcgiScanLimits& limits) {
        return limits.max_params_bytes + limits.body_handoff_bytes + 1024;
    }

    bool watch(int fd, std::uint32_t events, void* source) {
        epoll_event event{};
        event.events = events;
        event.data.ptr = source;
        return ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) == 0;
    }

    int wait_milliseconds() const {
        if (arriving_ == 0) return -1;
        std::optional<Clock::time_point> earliest;
        for (const auto& connection : connections_) {
            if (connection->deadline && (!earliest || *connection->deadline < *earliest)) earliest = connection->deadline;
        }
        if (!earliest) return -1;
        auto left = std::chrono::ceil<std::chrono::milliseconds>(*earliest - Clock::now()).count();
        return left < 0 ? 0 : static_cast<int>(left);
    }

    void accept_connections() {
        for (int accepted = 0; accepted < 16; ++accepted) {
            int fd = ::accept4(server_.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED && errno != EINTR) {
                    log_error(std::string("accept failed: ") + std::strerror(errno));
                    ::usleep(10000); // do not spin on a persistent error (EMFILE)
                }
                return;
            }
            // A peer that stops reading cannot hold this loop in write(2).
            const auto timeout = std::chrono::duration_cast<std::chrono::microseconds>(server_.request_timeout);
            timeval send_timeout{static_cast<time_t>(timeout.count() / 1000000),
                                 static_cast<suseconds_t>(timeout.count() % 1000000)};
            ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
            if (server_.tcp) {
                int on = 1;
                ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            }
            auto owned = std::make_unique<Connection>();
            init_fastcgi_connection(owned->fcgi, fd);
            Connection& connection = *owned;
            connections_.push_back(std::move(owned));
            // A web server that opens a connection per request has usually
            // sent it whole by now: served here, and closed by libfcgi
            // (no FCGI_KEEP_CONN), such a connection never costs an
            // epoll_ctl or a wake-up.
            if (!on_readable(connection, false)) continue;
            // Edge-triggered: one event per arrival, so a request that is
            // still arriving does not wake this loop again until more comes.
            // (Bytes that arrived since the read above are reported at once.)
            if (!watch(fd, EPOLLIN | EPOLLRDHUP | EPOLLET, &connection)) {
                log_error(std::string("epoll_ctl: ") + std::strerror(errno));
                close(connection);
            }
        }
    }

    // `peer_done`: the peer will send nothing more, so a request that is not
    // whole now never will be. False when the connection was closed.
    //
    // Each request is read here, whole, and checked before libfcgi reads it
    // from this loop's buffer (server/read_ahead.hpp): a peer that stalls
    // never holds the thread inside libfcgi, and libfcgi never sees lengths
    // it would trust. A request that comes in pieces collects in the
    // connection's `received` until it is whole.
    bool on_readable(Connection& connection, bool peer_done) {
        bool read_first = true;     // false: bytes of the next request are already held
        bool more_may_wait = false; // the last read filled the buffer: the socket may hold more
        for (;;) {
            const int fd = connection.fcgi.ipcFd;
            std::vector<unsigned char>& held = connection.received;
            std::span<const unsigned char> bytes(held);
            if (read_first) {
                // Never more than the buffer holds in all: a request that is
                // not whole by then is closed below.
                const std::size_t room = buffer_.size() - held.size();
                const ssize_t n = ::recv(fd, buffer_.data(), room, MSG_DONTWAIT);
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return true;
                if (n <= 0) { // the peer closed (or the connection failed)
                    if (connection.deadline || !held.empty()) log_error("FastCGI peer closed the connection mid-request");
                    close(connection);
                    return false;
                }
                const auto arrived = std::span<const unsigned char>(buffer_.data(), static_cast<std::size_t>(n));
                // Edge-triggered: a read that did not fill the buffer took all
                // there was, and what comes later is reported again.
                more_may_wait = arrived.size() == room;
                if (held.empty()) {
                    bytes = arrived; // the usual case: a whole request in one read, never copied
                } else {
                    held.insert(held.end(), arrived.begin(), arrived.end());
                    bytes = held;
                    if (held.size() < connection.wait_for && !more_may_wait && !peer_done) return true;
                }
            }
            read_first = true;
            const FastcgiScan scan = scan_fastcgi_request(bytes, server_.scan_limits);
            switch (scan.verdict) {
            case FastcgiScanVerdict::incomplete:
                // Padding lets records fill the buffer before 32 KiB of body
                // (the hand-off) is there; the scan's limits bound the rest.
                if (bytes.size() == buffer_.size()) {
                    log_error("FastCGI peer: " + std::to_string(buffer_.size()) +
                              " bytes and the request neither whole nor at its body hand-off; connection closed");
                    close(connection);
                    return false;
                }
                if (held.empty()) held.assign(bytes.begin(), bytes.end());
                // The rest may be in the socket already, even when the peer
                // has closed its side: read it before judging the request.
                if (more_may_wait) continue;
                if (peer_done) {
                    log_error("FastCGI peer closed the connection mid-request");
                    close(connection);
                    return false;
                }
                if (!connection.deadline) {
                    connection.deadline = Clock::now() + server_.request_timeout;
                    ++arriving_;
                }
                connection.wait_for = scan.length;
                return true;
            case FastcgiScanVerdict::invalid:
                log_error("FastCGI peer: " + std::string(scan.problem) + "; connection closed");
                close(connection);
                return false;
            case FastcgiScanVerdict::complete: {
                if (!serve(connection, bytes.first(scan.length))) return false;
                const auto next = bytes.subspan(scan.length); // the next request, if it came along
                if (next.empty()) {
                    std::vector<unsigned char>().swap(held);
                    if (more_may_wait) continue;
                    // Answered, and the peer sends nothing more; its end of
                    // sending came with this event, and none will come again.
                    if (peer_done) {
                        close(connection);
                        return false;
                    }
                    return true;
                }
                // `next` lies in `held` or in the loop's buffer, which the next read reuses.
                std::vector<unsigned char> rest(next.begin(), next.end());
                held.swap(rest);
                read_first = false;
                continue;
            }
            case FastcgiScanVerdict::head_ready: {
                const auto deadline = connection.deadline.value_or(Clock::now() + server_.request_timeout);
                const auto ticket = server_.watchdog.arm(fd, deadline);
                // libfcgi reads the rest of the body from the socket.
                const bool open = serve(connection, bytes);
                if (open) std::vector<unsigned char>().swap(connection.received);
                if (server_.watchdog.disarm(ticket)) {
                    log_error("FastCGI request body not complete within the request timeout; connection closed");
                    if (open) close(connection);
                    return false;
                }
                if (open && peer_done) close(connection); // as for a whole request above
                return open && !peer_done;
            }
            }
        }
    }

    // Serves the request that starts with `request` (all of it, or its head
    // and the start of its body). False when the connection was closed.
    bool serve(Connection& connection, std::span<const unsigned char> request) {
        stop_waiting(connection);
        if (server_.answers_wait) hand_off_all_but(connection);
        const ReadAhead ahead(connection.fcgi.ipcFd, request);
        if (!serve_fastcgi_request(server_.handler, connection.fcgi, loop_)) {
            forget(connection);
            return false;
        }
        if (ahead.unread() > 0) { // libfcgi stopped short of what the scan called one request
            log_error("FastCGI request not read to its end; connection closed");
            close(connection);
            return false;
        }
        return true;
    }

    // Before an answer that may wait on a flow's endpoints: this loop's
    // other connections go to the idle loops.
    void hand_off_all_but(const Connection& serving) {
        if (connections_.size() < 2) return;
        std::vector<std::unique_ptr<Connection>> others;
        for (auto& owned : connections_) {
            if (owned.get() == &serving) continue;
            ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, owned->fcgi.ipcFd, nullptr);
            if (owned->deadline) --arriving_;
            others.push_back(std::move(owned));
        }
        std::erase(connections_, nullptr);
        server_.hand_off.give(std::move(others));
        handed_off_ = true;
    }

    // Takes the connections busy loops handed off; their readiness is
    // reported again once they are watched here.
    void adopt() {
        for (auto& taken : server_.hand_off.take()) {
            Connection& connection = *taken;
            if (connection.deadline) ++arriving_;
            connections_.push_back(std::move(taken));
            if (!watch(connection.fcgi.ipcFd, EPOLLIN | EPOLLRDHUP | EPOLLET, &connection)) {
                log_error(std::string("epoll_ctl: ") + std::strerror(errno));
                close(connection);
            }
        }
    }

    // While stopping: whether a request is still arriving here, after taking
    // any connection handed off meanwhile, so that none is left behind.
    bool still_arriving() {
        if (arriving_ == 0 && server_.answers_wait) adopt();
        return arriving_ > 0;
    }

    void stop_waiting(Connection& connection) {
        if (connection.deadline) --arriving_;
        connection.deadline.reset();
        connection.wait_for = 0;
    }

    void close(Connection& connection) {
        stop_waiting(connection);
        FCGX_Free(&connection.fcgi, 1);
        forget(connection);
    }

    // Drops a connection whose socket is closed (closing removed it from epoll).
    void forget(Connection& connection) {
        for (auto& owned : connections_) {
            if (owned.get() == &connection) {
                std::swap(owned, connections_.back());
                connections_.pop_back();
                return;
            }
        }
    }

    void drop_expired() {
        if (arriving_ == 0) return;
        const auto now = Clock::now();
        for (std::size_t i = connections_.size(); i-- > 0;) {
            Connection& connection = *connections_[i];
            if (!connection.deadline || *connection.deadline > now) continue;
            int unread = 0;
            ::ioctl(connection.fcgi.ipcFd, FIONREAD, &unread);
            log_error("FastCGI request not complete within " +
                      std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(server_.request_timeout).count()) +
                      " ms (" + std::to_string(connection.received.size() + static_cast<std::size_t>(std::max(unread, 0))) +
                      " bytes received); connection closed");
            close(connection);
        }
    }

    Server& server_;
    int epoll_fd_ = -1;
    std::vector<std::unique_ptr<Connection>> connections_;
    std::size_t arriving_ = 0; // connections with a request partly received (and so a deadline)
    bool handed_off_ = false;  // this loop handed its connections off while serving the current epoll batch
    std::vector<unsigned char> buffer_; // what one read from a connection brings
    LoopState loop_;
};

bool is_tcp_socket(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return false;
    return address.ss_family == AF_INET || address.ss_family == AF_INET6;
}

// After logrotate moved the file: a new one under the same name. A reopen
// that fails keeps the old file, and says so in it.
void reopen_log(const std::string& path) {
    if (path.empty()) return;
    if (auto error = redirect_log_to_file(path); !error.empty()) log_error(error);
}

} // namespace

void init_fastcgi_connection(FCGX_Request& fcgi, int fd) {
    // No listening socket: after a protocol error libfcgi closes the
    // connection and would accept a new one itself; on -1 it fails instead.
    FCGX_InitRequest(&fcgi, -1, 0);
    fcgi.ipcFd = fd;
    fcgi.keepConnection = 1; // else FCGX_Accept_r closes it as the end of a previous request
    // Closed at once, without libfcgi's shutdown-and-drain, which a peer that
    // keeps sending could stretch without end. Every request is read to its
    // end first, so no unread bytes make the close reset the answer.
    fcgi.detached = 1;
}

bool serve_fastcgi_request(const Handler& handler, FCGX_Request& fcgi, LoopState& loop) {
    if (FCGX_Accept_r(&fcgi) >= 0) {
        serve_one(handler, fcgi, loop);
        FCGX_Finish_r(&fcgi);
    }
    return fcgi.ipcFd >= 0;
}

Served serve_fastcgi(const Handler& handler, const ProcessSettings& process, int listen_fd, bool answers_wait,
                     const metrics::Recorder* metrics, const Reload& reload) {
    // Non-blocking: a loop woken for a connection another loop took must not block in accept().
    ::fcntl(listen_fd, F_SETFL, ::fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
    int wake[2];
    if (::pipe2(wake, O_CLOEXEC) != 0) {
        log_error(std::string("pipe: ") + std::strerror(errno));
        return {1};
    }
    FastcgiScanLimits limits;
    limits.max_params_bytes = process.max_fastcgi_params_bytes;

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGHUP);
    sigaddset(&stop_signals, SIGUSR1); // not a stop: reopens the log file
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr); // inherited by the loops and the watchdog

    Server server{handler, listen_fd, wake[0], is_tcp_socket(listen_fd), limits,
                  std::chrono::milliseconds(process.request_timeout_ms), {}, metrics, process.log_requests, answers_wait, {}};
    std::vector<std::thread> loops;
    for (int i = 0; i < process.threads; ++i) loops.emplace_back([&server] { AcceptLoop(server).run(); });
    report_serving();

    int signal_number = 0;
    Served served;
    // SIGUSR1 reopens the log file (after a rotation); a SIGHUP whose next
    // generation could not start leaves this one serving.
    while (sigwait(&stop_signals, &signal_number) == 0) {
        if (signal_number == SIGUSR1) {
            reopen_log(process.log_file);
            continue;
        }
        if (signal_number == SIGHUP && !(served.successor = reload())) continue;
        break;
    }
    ssize_t ignored = ::write(wake[1], "x", 1); // wakes every loop at once
    (void)ignored;
    for (auto& loop : loops) loop.join();
    log_line(served.successor ? "sms_fcgi: handed over to the new generation (pid " + std::to_string(served.successor) +
                                    "), requests in flight finished\n"
                              : "sms_fcgi: stopped on signal " + std::to_string(signal_number) +
                                    ", requests in flight finished\n");
    return served;
}

} // namespace sms

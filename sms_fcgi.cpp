// sms_fcgi: the process. It only moves bytes: it reads the CGI environment
// and body (FastCGI or plain CGI), passes a Request value to the Handler and
// writes the Response back. Everything that decides lives in handler/.
#include <fcgiapp.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "config/config.hpp"
#include "devtools/chat.hpp"
#include "devtools/simulate.hpp"
#include "handler/handler.hpp"
#include "handler/log_fields.hpp"

extern char** environ;

namespace {

constexpr std::string_view kVersion = "sms_fcgi 0.1.0";

constexpr std::string_view kUsage =
    "usage: sms_fcgi [OPTIONS]                 serve (FastCGI on fd 0 or --listen, else one CGI request)\n";

constexpr std::string_view kUsageEnd =
    "       sms_fcgi --help | --version\n\n"
    "Exit status: 0 stopped cleanly (or the CGI request was answered), 1 could not serve\n"
    "(socket or I/O failure), 2 bad configuration or usage.\n\n"
    "Settings (a flag wins over its variable):\n";

void log_line(std::string_view line) {
    // One write(2) per line: lines from concurrent threads never interleave.
    ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
}

void log_error(std::string_view message) { log_line("sms_fcgi: " + std::string(message) + "\n"); }

// Whether a request gets a log line: errors always do, the rest unless
// request logging is off.
bool logged(const sms::Handler& handler, const sms::Response& response) {
    return handler.config().log_requests || response.status >= 500 || !response.error.empty();
}

std::int64_t microseconds_since(std::chrono::steady_clock::time_point started) {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
}

// Request log lines, gathered by one accept loop and written before it waits
// for more work: under load one write(2) carries the lines of every request
// served since the last wait (a write to a log file costs about as much as
// the handler itself: bench/README-notes.md), and when idle each line is
// written as soon as its request is answered. No write exceeds PIPE_BUF, so
// lines from concurrent loops never interleave, on a pipe or in a file.
class LogLines {
public:
    // Formatted straight into the pending lines; what was pending before is
    // written first when the two together would exceed PIPE_BUF.
    void add(const sms::Response& response, std::int64_t now, std::int64_t microseconds) {
        const std::size_t before = pending_.size();
        sms::append_log_line(pending_, response, now, microseconds);
        if (pending_.size() > PIPE_BUF && before > 0) {
            log_line(std::string_view(pending_).substr(0, before));
            pending_.erase(0, before);
        }
    }
    void flush() {
        if (pending_.empty()) return;
        log_line(pending_);
        pending_.clear();
    }

private:
    std::string pending_;
};

// ---- plain CGI: one request from the environment and stdin ----

int serve_cgi(const sms::Handler& handler) {
    const auto started = std::chrono::steady_clock::now();
    sms::Request request;
    sms::read_cgi_environment(environ, request);
    request.now = std::time(nullptr);

    std::string body;
    sms::HeadCheck head = sms::check_head(request, handler.config());
    if (!head.error && head.body_length > 0) {
        body.resize(head.body_length);
        std::size_t got = 0;
        while (got < body.size()) {
            ssize_t n = ::read(STDIN_FILENO, body.data() + got, body.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        body.resize(got);
    }
    request.body = body;

    sms::Response response = handler.handle(request);
    std::string bytes;
    sms::render_cgi_response(response, bytes);
    bool written = std::fwrite(bytes.data(), 1, bytes.size(), stdout) == bytes.size() && std::fflush(stdout) == 0;
    LogLines log;
    if (logged(handler, response)) log.add(response, request.now, microseconds_since(started));
    log.flush();
    return written ? 0 : 1;
}

// ---- FastCGI: accept loops on a listening socket ----

struct Server {
    const sms::Handler& handler;
    int listen_fd;
    int wake_fd; // readable once shutdown has begun
};

// A FastCGI connection from the web server, closed when dropped.
struct CloseConnection {
    void operator()(FCGX_Request* fcgi) const {
        FCGX_Free(fcgi, 1);
        delete fcgi;
    }
};
using Connection = std::unique_ptr<FCGX_Request, CloseConnection>;

// What one accept loop keeps from request to request, so that serving one
// allocates nothing in the loop itself once the buffers have grown.
struct LoopState {
    std::string body;     // the request body
    std::string response; // the response bytes
    LogLines log;
};

void serve_one(Server& server, FCGX_Request& fcgi, LoopState& loop) {
    const auto started = std::chrono::steady_clock::now();
    sms::Request request;
    sms::read_cgi_environment(fcgi.envp, request);
    request.now = std::time(nullptr);

    loop.body.clear();
    sms::HeadCheck head = sms::check_head(request, server.handler.config());
    if (!head.error && head.body_length > 0) {
        loop.body.resize(head.body_length);
        int got = FCGX_GetStr(loop.body.data(), static_cast<int>(loop.body.size()), fcgi.in);
        loop.body.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    }
    request.body = loop.body;

    const sms::Response response = server.handler.handle(request);
    loop.response.clear();
    sms::render_cgi_response(response, loop.response);
    // Not flushed here: FCGX_Finish_r sends it with the end-of-request
    // records in one write(2), where a flush would make two.
    FCGX_PutStr(loop.response.data(), static_cast<int>(loop.response.size()), fcgi.out);
    // Read what was not consumed, so a kept-alive connection stays in step.
    char scratch[4096];
    while (FCGX_GetStr(scratch, sizeof scratch, fcgi.in) > 0) {
    }
    if (logged(server.handler, response)) loop.log.add(response, request.now, microseconds_since(started));
}

// Takes a pending connection, unless another accept loop was quicker.
void accept_connection(Server& server, std::vector<Connection>& connections) {
    int fd = ::accept4(server.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED && errno != EINTR) {
            log_error(std::string("accept failed: ") + std::strerror(errno));
            ::usleep(10000); // do not spin on a persistent error (EMFILE)
        }
        return;
    }
    Connection connection(new FCGX_Request);
    FCGX_InitRequest(connection.get(), server.listen_fd, 0);
    connection->ipcFd = fd;
    connection->keepConnection = 1; // else FCGX_Accept_r closes it as the end of a previous request
    connections.push_back(std::move(connection));
}

// Serves the request that arrived on a connection; false once it is closed
// (by the web server, or after a request that did not ask to keep it).
bool serve_connection(Server& server, FCGX_Request& fcgi, LoopState& loop) {
    if (FCGX_Accept_r(&fcgi) >= 0) {
        serve_one(server, fcgi, loop);
        // A connection the web server will not reuse (fastcgi_keep_conn
        // off) is closed at once: libfcgi would first shut it down and wait
        // for the web server to close its end, holding this loop for a round
        // trip, and the request has been read to its end, so nothing is lost.
        if (!fcgi.keepConnection) FCGX_Detach(&fcgi);
        FCGX_Finish_r(&fcgi);
    }
    return fcgi.ipcFd >= 0;
}

// One accept loop: it owns the connections it accepted and waits on all of
// them and on the listening socket at once. nginx keeps idle connections open
// and opens a new one exactly when all of its idle ones are busy: a loop that
// waited on one idle connection alone would leave the new one unanswered
// until a timeout, and one that closed an idle connection to take the new one
// would race nginx sending a request on it. Waiting in poll(), never inside
// libfcgi, is also what lets shutdown interrupt an idle loop.
void accept_loop(Server& server) {
    std::vector<Connection> connections;
    std::vector<pollfd> fds;
    LoopState loop;
    for (;;) {
        loop.log.flush();
        fds.assign({{server.wake_fd, POLLIN, 0}, {server.listen_fd, POLLIN, 0}});
        for (const auto& connection : connections) fds.push_back({connection->ipcFd, POLLIN, 0});
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            log_error(std::string("poll failed: ") + std::strerror(errno));
            break;
        }
        // Requests already sent are served even once shutdown has begun.
        for (std::size_t i = connections.size(); i-- > 0;) {
            if (fds[i + 2].revents != 0 && !serve_connection(server, *connections[i], loop)) {
                connections.erase(connections.begin() + static_cast<std::ptrdiff_t>(i));
            }
        }
        if (fds[0].revents != 0) break;
        if (fds[1].revents != 0) accept_connection(server, connections);
    }
    loop.log.flush();
}

int open_listen_socket(const sms::Config& config) {
    if (config.listen.empty()) return 0; // fd 0 from spawn-fcgi, mod_fcgid or systemd
    int fd = FCGX_OpenSocket(config.listen.c_str(), config.backlog);
    if (fd < 0) log_error("cannot listen on " + config.listen + ": " + std::strerror(errno));
    return fd;
}

int serve_fastcgi(const sms::Handler& handler, int listen_fd) {
    // Non-blocking, so threads woken for the same connection do not block in accept().
    ::fcntl(listen_fd, F_SETFL, ::fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
    int wake[2];
    if (::pipe(wake) != 0) {
        log_error(std::string("pipe: ") + std::strerror(errno));
        return 1;
    }
    Server server{handler, listen_fd, wake[0]};

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr); // inherited by the workers

    std::vector<std::thread> workers;
    for (int i = 0; i < handler.config().threads; ++i) workers.emplace_back(accept_loop, std::ref(server));

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    ssize_t ignored = ::write(wake[1], "x", 1); // wakes every poll at once
    (void)ignored;
    for (auto& worker : workers) worker.join();
    log_line("sms_fcgi: stopped on signal " + std::to_string(signal_number) + ", requests in flight finished\n");
    return 0;
}

int usage_error(std::string_view message) {
    log_error(std::string(message) + " (see --help)");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    // Keep derived keys out of core dumps and away from ptrace by other users.
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    ::signal(SIGPIPE, SIG_IGN); // a client that went away is an I/O error, not a death

    std::vector<std::string_view> args(argv + 1, argv + argc);
    for (auto arg : args) {
        if (arg == "--help" || arg == "-h") {
            std::printf("%s%s%s%s%s", std::string(kUsage).c_str(), std::string(sms::chat_usage()).c_str(),
                        std::string(sms::simulate_usage()).c_str(), std::string(kUsageEnd).c_str(),
                        sms::config_help().c_str());
            return 0;
        }
        if (arg == "--version") {
            std::printf("%s\n", std::string(kVersion).c_str());
            return 0;
        }
    }

    if (!args.empty() && args[0] == "simulate") return sms::run_simulate({args.begin() + 1, args.end()}, environ);
    // OpenSSL start-up is much of what a plain CGI request costs
    // (bench/README-notes.md), so it does only what this program uses.
    // Everything below fetches its algorithms explicitly and prints no
    // OpenSSL error strings: no legacy name tables, no error strings. No
    // openssl.cnf unless OPENSSL_CONF names one: Debian's sets nothing for
    // libcrypto, and parsing it was a third of the remaining start-up
    // instructions. No clean-up at exit: the kernel frees the memory anyway.
    // (simulate, above, returns before this: libcurl's TLS keeps the defaults.)
    const auto openssl_config =
        std::getenv("OPENSSL_CONF") != nullptr ? OPENSSL_INIT_LOAD_CONFIG : OPENSSL_INIT_NO_LOAD_CONFIG;
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ADD_ALL_CIPHERS | OPENSSL_INIT_NO_ADD_ALL_DIGESTS |
                            OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS | OPENSSL_INIT_NO_ATEXIT | openssl_config,
                        nullptr);
    // chat runs the handler in-process, with its own options split off.
    const bool chat = !args.empty() && args[0] == "chat";
    sms::ChatArguments chat_args;
    if (chat) {
        chat_args = sms::split_chat_arguments({args.begin() + 1, args.end()});
        args = chat_args.config;
    }

    auto loaded = sms::load_config(environ, args);
    if (auto* error = std::get_if<std::string>(&loaded)) return usage_error(*error);
    sms::Config config = std::move(std::get<sms::Config>(loaded));

    if (chat) sms::adapt_config_for_chat(config);
    if (config.session_secret.empty() && config.dev) {
        config.session_secret = sms::random_secret();
        log_error("WARNING: --dev: signing sessions with a random throwaway secret; "
                  "sessions will not survive a restart. Set SMS_SESSION_SECRET in production.");
    }
    auto ring = sms::KeyRing::from_secrets(config.session_secret, config.previous_secrets);
    if (auto* error = std::get_if<std::string>(&ring)) return usage_error(*error);
    auto conversation = sms::make_conversation(config.conversation);

    sms::Handler handler(std::move(config), std::move(std::get<sms::KeyRing>(ring)), std::move(conversation));
    sms::wipe_secret_variables(environ); // only the derived keys remain
    if (chat) return sms::run_chat(handler, chat_args.chat, stdin, stdout);

    if (FCGX_Init() != 0) {
        log_error("libfcgi initialisation failed");
        return 1;
    }
    int listen_fd = open_listen_socket(handler.config());
    if (listen_fd < 0) return 1;
    if (handler.config().listen.empty() && FCGX_IsCGI()) return serve_cgi(handler);
    return serve_fastcgi(handler, listen_fd);
}

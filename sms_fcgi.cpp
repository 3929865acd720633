// sms_fcgi: the process. It only moves bytes: it reads the CGI environment
// and body (FastCGI or plain CGI), passes a Request value to the Handler and
// writes the Response back. Everything that decides lives in handler/.
#include <fcgiapp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "config/config.hpp"
#include "handler/handler.hpp"
#include "handler/log_fields.hpp"

extern char** environ;

namespace {

constexpr std::string_view kVersion = "sms_fcgi 0.1.0";

constexpr std::string_view kUsage =
    "usage: sms_fcgi [OPTIONS]                 serve (FastCGI on fd 0 or --listen, else one CGI request)\n"
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

void log_response(const sms::Handler& handler, const sms::Response& response, std::int64_t now,
                  std::chrono::steady_clock::time_point started) {
    if (!handler.config().log_requests && response.status < 500 && response.error.empty()) return;
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    log_line(sms::format_log_line(response, now, us.count()));
}

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
    std::string bytes = sms::render_cgi_response(response);
    bool written = std::fwrite(bytes.data(), 1, bytes.size(), stdout) == bytes.size() && std::fflush(stdout) == 0;
    log_response(handler, response, request.now, started);
    return written ? 0 : 1;
}

// ---- FastCGI: accept loops on a listening socket ----

struct Server {
    const sms::Handler& handler;
    int listen_fd;
    int wake_fd; // readable once shutdown has begun
    std::atomic<bool> stopping{false};
};

// Waits until `fd` is readable or shutdown begins; false on shutdown.
bool wait_readable(Server& server, int fd) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {server.wake_fd, POLLIN, 0}};
    for (;;) {
        if (server.stopping.load(std::memory_order_acquire)) return false;
        int n = ::poll(fds, 2, -1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (fds[1].revents != 0) return false;
        if (fds[0].revents != 0) return true;
    }
}

void serve_one(Server& server, FCGX_Request& fcgi, std::string& body) {
    const auto started = std::chrono::steady_clock::now();
    sms::Request request;
    sms::read_cgi_environment(fcgi.envp, request);
    request.now = std::time(nullptr);

    body.clear();
    sms::HeadCheck head = sms::check_head(request, server.handler.config());
    if (!head.error && head.body_length > 0) {
        body.resize(head.body_length);
        int got = FCGX_GetStr(body.data(), static_cast<int>(body.size()), fcgi.in);
        body.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    }
    request.body = body;

    sms::Response response = server.handler.handle(request);
    std::string bytes = sms::render_cgi_response(response);
    FCGX_PutStr(bytes.data(), static_cast<int>(bytes.size()), fcgi.out);
    FCGX_FFlush(fcgi.out);
    // Read what was not consumed, so a kept-alive connection stays in step.
    char scratch[4096];
    while (FCGX_GetStr(scratch, sizeof scratch, fcgi.in) > 0) {
    }
    log_response(server.handler, response, request.now, started);
}

void accept_loop(Server& server) {
    FCGX_Request fcgi;
    FCGX_InitRequest(&fcgi, server.listen_fd, 0);
    std::string body;
    for (;;) {
        // A kept-alive connection from the web server is waited on like the
        // listening socket, so shutdown never blocks inside libfcgi.
        const int fd = fcgi.ipcFd >= 0 ? fcgi.ipcFd : server.listen_fd;
        if (!wait_readable(server, fd)) break;
        int rc = FCGX_Accept_r(&fcgi);
        if (rc == -EAGAIN || rc == -EWOULDBLOCK || rc == -EINTR) continue; // another thread took it
        if (rc < 0) {
            if (fcgi.ipcFd < 0 && rc != -ECONNRESET && rc != -EPIPE) {
                log_error(std::string("accept failed: ") + std::strerror(-rc));
                ::usleep(10000); // do not spin on a persistent error (EMFILE)
            }
            continue;
        }
        serve_one(server, fcgi, body);
        FCGX_Finish_r(&fcgi);
    }
    FCGX_Free(&fcgi, 1);
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
    server.stopping.store(true, std::memory_order_release);
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
            std::printf("%s%s", std::string(kUsage).c_str(), sms::config_help().c_str());
            return 0;
        }
        if (arg == "--version") {
            std::printf("%s\n", std::string(kVersion).c_str());
            return 0;
        }
    }

    auto loaded = sms::load_config(environ, args);
    if (auto* error = std::get_if<std::string>(&loaded)) return usage_error(*error);
    sms::Config config = std::move(std::get<sms::Config>(loaded));

    if (config.session_secret.empty() && config.dev) {
        config.session_secret = sms::random_secret();
        log_error("WARNING: --dev: signing sessions with a random throwaway secret; "
                  "sessions will not survive a restart. Set SMS_SESSION_SECRET in production.");
    }
    auto ring = sms::KeyRing::from_secrets(config.session_secret, config.previous_secrets);
    if (auto* error = std::get_if<std::string>(&ring)) return usage_error(*error);
    auto conversation = sms::make_conversation(config.conversation);

    sms::Handler handler(std::move(config), std::move(std::get<sms::KeyRing>(ring)), std::move(conversation));

    if (FCGX_Init() != 0) {
        log_error("libfcgi initialisation failed");
        return 1;
    }
    int listen_fd = open_listen_socket(handler.config());
    if (listen_fd < 0) return 1;
    if (handler.config().listen.empty() && FCGX_IsCGI()) return serve_cgi(handler);
    return serve_fastcgi(handler, listen_fd);
}

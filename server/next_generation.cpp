#include "server/next_generation.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "server/log_lines.hpp"

extern char** environ;

namespace sms {

namespace {

constexpr std::string_view kReadyVariable = "SMS_GENERATION_READY_FD";
constexpr int kReadyFd = 3; // where the next generation finds the pipe
// Long enough for a start (settings, keys, libfcgi, threads) on a busy host.
constexpr std::chrono::seconds kStartTimeout{10};

int ready_fd = -1; // in a next generation: the pipe to the parent, until report_serving

std::string exit_description(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return std::string("killed by signal ") + std::to_string(WTERMSIG(status));
    return "ended";
}

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

} // namespace

bool take_next_generation_role() {
    const char* value = std::getenv(std::string(kReadyVariable).c_str());
    if (value == nullptr) return false;
    ready_fd = std::atoi(value);
    ::unsetenv(std::string(kReadyVariable).c_str());
    ::fcntl(ready_fd, F_SETFD, FD_CLOEXEC);
    return true;
}

void report_serving() {
    if (ready_fd < 0) return;
    ssize_t ignored = ::write(ready_fd, "1", 1);
    (void)ignored;
    ::close(ready_fd);
    ready_fd = -1;
}

std::variant<pid_t, std::string> start_next_generation(int listen_fd, char* const* argv, std::chrono::milliseconds timeout) {
    int ready[2];
    if (::pipe2(ready, O_CLOEXEC) != 0) return std::string("pipe: ") + std::strerror(errno);
    std::vector<std::string> entries;
    for (char** e = environ; *e != nullptr; ++e) {
        if (!std::string_view(*e).starts_with(kReadyVariable)) entries.emplace_back(*e);
    }
    entries.push_back(std::string(kReadyVariable) + "=" + std::to_string(kReadyFd));
    std::vector<char*> environment;
    for (auto& entry : entries) environment.push_back(entry.data());
    environment.push_back(nullptr);

    // The socket as fd 0 and the pipe as fd 3 (in that order: either may be
    // 3 now); nothing else of this process's descriptors.
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_adddup2(&files, listen_fd, 0);
    posix_spawn_file_actions_adddup2(&files, ready[1], kReadyFd);
    posix_spawn_file_actions_addclosefrom_np(&files, kReadyFd + 1);
    // The caller blocks the stop signals to wait for them; the child starts unblocked.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, "/proc/self/exe", &files, &attributes, argv, environment.data());
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attributes);
    ::close(ready[1]);
    if (spawned != 0) {
        ::close(ready[0]);
        return std::string("cannot start /proc/self/exe: ") + std::strerror(spawned);
    }

    pollfd wait{ready[0], POLLIN, 0};
    int polled = 0;
    while ((polled = ::poll(&wait, 1, static_cast<int>(timeout.count()))) < 0 && errno == EINTR) {
    }
    char byte = 0;
    const bool serving = polled == 1 && ::read(ready[0], &byte, 1) == 1;
    ::close(ready[0]);
    if (serving) return pid;
    if (polled == 0) {
        ::kill(pid, SIGKILL);
        wait_for(pid);
        return "the new generation (pid " + std::to_string(pid) + ") was not serving within " +
               std::to_string(timeout.count()) + " ms, and was killed";
    }
    return "the new generation (pid " + std::to_string(pid) + ") " + exit_description(wait_for(pid));
}

Reload make_reload(int listen_fd, char* const* argv, std::vector<std::string> unreadable_secrets) {
    return [listen_fd, argv, unreadable = std::move(unreadable_secrets)]() -> pid_t {
        if (!unreadable.empty()) {
            std::string names;
            for (const auto& name : unreadable) names.append(names.empty() ? "" : ", ").append(name);
            log_error("SIGHUP: cannot reload: " + names +
                      " came from the environment, which is wiped at start-up, so a new process could not read "
                      "it again (put the session secret in SMS_SESSION_SECRET_FILE, the auth token in "
                      "TWILIO_AUTH_TOKEN_FILE); still serving");
            return 0;
        }
        auto started = start_next_generation(listen_fd, argv, kStartTimeout);
        if (const auto* error = std::get_if<std::string>(&started)) {
            log_error("SIGHUP: reload failed: " + *error + "; the running generation keeps serving");
            return 0;
        }
        const pid_t pid = std::get<pid_t>(started);
        log_line("sms_fcgi: SIGHUP: the new generation (pid " + std::to_string(pid) + ") serves\n");
        return pid;
    };
}

int supervise_generations(pid_t current, const Reload& reload) {
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGTERM, SIGINT, SIGHUP, SIGCHLD}) sigaddset(&signals, s);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    for (;;) {
        int signal_number = 0;
        sigwait(&signals, &signal_number);
        if (signal_number == SIGHUP) {
            if (const pid_t next = reload()) {
                ::kill(current, SIGTERM); // it finishes its requests in flight, then exits
                current = next;
            }
            continue;
        }
        if (signal_number == SIGCHLD) {
            int status = 0;
            for (pid_t ended; (ended = ::waitpid(-1, &status, WNOHANG)) > 0;) {
                if (ended != current) { // an older generation, done with its requests
                    if (status != 0) {
                        log_error("a replaced generation (pid " + std::to_string(ended) + ") " + exit_description(status));
                    }
                    continue;
                }
                log_error("the serving generation (pid " + std::to_string(ended) + ") " +
                          exit_description(status) + "; stopping");
                while (::wait(nullptr) > 0) {
                }
                return 1;
            }
            continue;
        }
        ::kill(current, SIGTERM);
        while (::wait(nullptr) > 0 || errno == EINTR) {
        }
        log_line("sms_fcgi: stopped on signal " + std::to_string(signal_number) +
                 ", every generation finished its requests in flight\n");
        return 0;
    }
}

} // namespace sms

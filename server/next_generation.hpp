// SIGHUP's graceful reload. The next generation is this program started
// again (/proc/self/exe, the same arguments and environment), so it reads
// the settings and the secret files afresh; it inherits the listening socket
// as fd 0, so connections keep queueing on the same socket and none is
// refused, and reports on an inherited pipe once its accept loops run. Only
// then does the old generation stop accepting and finish its requests in
// flight. The first process stays, without keys or accept loops, as the
// parent of the generations (systemd's MAINPID, spawn-fcgi's pid file), so
// `kill -HUP` and `kill -TERM` keep reaching the same pid.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace sms {

// Called in main before the settings are read: true when this process is a
// next generation (its listening socket is fd 0, whatever --listen says).
// Takes the variable that says so out of the environment.
bool take_next_generation_role();

// In a next generation: tells the parent that its accept loops run. Does
// nothing in any other process.
void report_serving();

// Starts the next generation with `argv` and waits up to `timeout` for it
// to report that it serves. Returns its pid, or why it failed (it exited:
// its own error is logged above; or it was late, and is killed).
std::variant<pid_t, std::string> start_next_generation(int listen_fd, char* const* argv, std::chrono::milliseconds timeout);

// What SIGHUP does: starts the next generation; its pid, or 0 when it could
// not (and the caller keeps serving).
using Reload = std::function<pid_t()>;

// The reload of a process serving `listen_fd`, started with `argv`: logs
// what it does, and why it fails. `unreadable_secrets`: secret variables
// this process was given and has wiped, so that a next generation would
// start without them; then it refuses, and says so.
Reload make_reload(int listen_fd, char* const* argv, std::vector<std::string> unreadable_secrets);

// The first process, once it has handed serving over to generation
// `current`: on SIGHUP starts the next one and stops `current` (SIGTERM:
// it finishes its requests in flight); on SIGTERM or SIGINT stops the
// generations and waits for them. Returns the exit status: 0, or 1 when the
// current generation ended by itself.
int supervise_generations(pid_t current, const Reload& reload);

} // namespace sms

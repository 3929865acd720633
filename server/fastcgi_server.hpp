// The FastCGI server: accept loops on a listening socket (fd 0 from
// spawn-fcgi, mod_fcgid or systemd, or --listen), each reading whole
// requests with libfcgi and answering them with the Handler.
#pragma once

#include <fcgiapp.h>

#include <string>

#include "handler/handler.hpp"
#include "metrics/recorder.hpp"
#include "server/log_lines.hpp"
#include "server/next_generation.hpp"

namespace sms {

// What one accept loop keeps from request to request, so that serving one
// allocates nothing in the loop itself once the buffers have grown.
struct LoopState {
    std::string body;     // the request body
    std::string response; // the response bytes
    LogLines log;
    const metrics::Recorder* metrics = nullptr; // null: metrics off
    bool log_requests = true;                   // a line per request (ProcessSettings::log_requests)
};

// Reads one request from `fcgi` (a connection whose ipcFd is set), answers
// it and finishes it. False once the connection is closed: by the peer, on a
// FastCGI protocol error, or after a request that did not ask to keep it.
bool serve_fastcgi_request(const Handler& handler, FCGX_Request& fcgi, LoopState& loop);

// Prepares `fcgi` for a connection this process accepted itself: libfcgi
// must never accept on its own (it would block), nor linger at close.
void init_fastcgi_connection(FCGX_Request& fcgi, int fd);

struct Served {
    int exit_status = 0;
    pid_t successor = 0; // the next generation that took over on SIGHUP; 0: none
};

// Serves until SIGTERM or SIGINT, or until SIGHUP's `reload` has started a
// next generation (server/next_generation.hpp); requests already received
// are answered first. SIGUSR1 reopens the log file (ProcessSettings::log_file).
// Each answered request is counted in `metrics` unless it is null. `answers_wait`: the conversation calls out (a flow's HTTP
// widgets), so a loop about to serve an answer hands its other kept-alive
// connections to idle loops rather than hold them while it waits.
Served serve_fastcgi(const Handler& handler, const ProcessSettings& process, int listen_fd, bool answers_wait,
                     const metrics::Recorder* metrics, const Reload& reload);

} // namespace sms

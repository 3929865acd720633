#include "server/serve.hpp"

#include <fcgiapp.h>

#include <optional>

#include "metrics/recorder.hpp"
#include "server/cgi_server.hpp"
#include "server/fastcgi_server.hpp"
#include "server/listen_socket.hpp"
#include "server/log_file.hpp"
#include "server/log_lines.hpp"
#include "server/next_generation.hpp"

namespace sms {

int serve(Handler handler, const ServeOptions& options, const char* const* environment) {
    const ProcessSettings& process = options.process;
    if (!process.log_file.empty()) {
        if (auto error = redirect_log_to_file(process.log_file); !error.empty()) {
            log_error(error);
            return 1;
        }
    }
    if (FCGX_Init() != 0) {
        log_error("libfcgi initialisation failed");
        return 1;
    }
    // fd 0 from spawn-fcgi, mod_fcgid, systemd or the previous generation, unless --listen names one
    const int listen_fd = process.listen.empty() || options.next_generation ? 0 : open_listen_socket(process);
    if (listen_fd < 0) return 1;
    if (process.listen.empty() && FCGX_IsCGI()) return serve_cgi(handler, process.log_requests, environment);
    // Only here, serving FastCGI: plain CGI loads and starts nothing of the metrics.
    std::optional<metrics::Recorder> metrics;
    if (!process.metrics_listen.empty()) {
        auto started = metrics::Recorder::start({process.metrics_listen, std::string(options.version),
                                                 std::string(options.git_commit), process.threads});
        if (auto* error = std::get_if<std::string>(&started)) {
            log_error(*error);
            return 1;
        }
        metrics = std::get<metrics::Recorder>(started);
    }
    const Reload reload = make_reload(listen_fd, options.argv, options.unreadable_secrets);
    std::optional<Handler> serving(std::move(handler));
    const Served served =
        serve_fastcgi(*serving, process, listen_fd, options.answers_wait, metrics ? &*metrics : nullptr, reload);
    if (!served.successor) return served.exit_status;
    serving.reset(); // the keys: this process now only holds the socket for the generations
    return supervise_generations(served.successor, reload);
}

} // namespace sms

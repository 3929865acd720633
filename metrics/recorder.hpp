// The server's side of the metrics: loads the metrics plugin (only a
// FastCGI process with SMS_METRICS_LISTEN set does, so plain CGI start-up
// loads nothing more) and hands it each answered request.
#pragma once

#include <string>
#include <variant>

#include "metrics/labels.hpp"
#include "metrics/plugin_interface.hpp"
#include "handler/answer.hpp"

namespace sms::metrics {

struct Settings {
    std::string listen; // HOST:PORT
    std::string version;
    std::string commit;
    int accept_threads = 0;
};

class Recorder {
public:
    // Loads sms_fcgi-metrics.so from next to the executable (or from
    // ../lib/sms_fcgi/ beside it, as `make install` puts it) and starts the
    // /metrics endpoint; on failure returns why.
    static std::variant<Recorder, std::string> start(const Settings& settings);

    void request_started() const { plugin_.request_started(plugin_.state); }
    void request_finished(const Answer& answer, double seconds) const;
    void opt_out(OptOutType type) const { plugin_.opt_out(plugin_.state, static_cast<unsigned>(type)); }

private:
    explicit Recorder(SmsMetricsRecorder plugin) : plugin_(plugin) {}
    SmsMetricsRecorder plugin_;
};

} // namespace sms::metrics

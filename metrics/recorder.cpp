#include "metrics/recorder.hpp"

#include <unistd.h>

#include <chrono>
#include <climits>
#include <optional>
#include <type_traits>

#include "metrics/request_sample.hpp"
#include "system/shared_library.hpp"

namespace sms::metrics {

namespace {

constexpr std::string_view kPluginName = "sms_fcgi-metrics.so";

std::string executable_directory() {
    char path[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) return ".";
    const std::string executable(path, static_cast<std::size_t>(n));
    return executable.substr(0, executable.rfind('/'));
}

} // namespace

std::variant<Recorder, std::string> Recorder::start(const Settings& settings) {
    const std::string directory = executable_directory();
    const std::string candidates[] = {directory + "/" + std::string(kPluginName),
                                      directory + "/../lib/sms_fcgi/" + std::string(kPluginName)};
    std::optional<SharedLibrary> library;
    std::string tried;
    for (const auto& candidate : candidates) {
        if (::access(candidate.c_str(), F_OK) != 0) {
            tried += (tried.empty() ? "" : ", ") + candidate;
            continue;
        }
        auto opened = SharedLibrary::open(candidate);
        if (auto* error = std::get_if<std::string>(&opened)) return "cannot load the metrics plugin: " + *error;
        library.emplace(std::get<SharedLibrary>(std::move(opened)));
        break;
    }
    if (!library) return "metrics plugin not found (looked for " + tried + ")";
    std::remove_pointer_t<SmsMetricsStart>* start = nullptr;
    library->find("sms_metrics_start", start);
    if (start == nullptr) return "the metrics plugin has no sms_metrics_start";

    const SmsMetricsSettings plugin_settings{settings.listen.c_str(), settings.version.c_str(),
                                             settings.commit.c_str(), settings.accept_threads};
    SmsMetricsRecorder plugin{};
    char error[256] = "";
    if (start(&plugin_settings, &plugin, error, sizeof error) != 0) return std::string(error);
    return Recorder(plugin);
}

void Recorder::request_finished(const Answer& answer, double seconds) const {
    const SmsMetricsRequest sample = request_sample(answer, seconds);
    plugin_.request_finished(plugin_.state, &sample);
    if (auto type = opt_out_type(answer.record)) opt_out(*type);
    for (const auto& call : answer.record.calls) {
        plugin_.flow_call(plugin_.state, call_outcome(call), std::chrono::duration<double>(call.elapsed).count());
    }
}

} // namespace sms::metrics

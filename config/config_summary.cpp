#include "config/config_summary.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sms {

namespace {

std::size_t count_words(std::string_view list) {
    std::size_t words = 0;
    for (std::size_t i = 0; i < list.size(); ++i) words += list[i] != ' ' && (i == 0 || list[i - 1] == ' ');
    return words;
}

std::string plural(std::size_t n, std::string_view noun) {
    return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::string octal(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode));
    return text;
}

std::string serving_line(const Config& c) {
    if (c.process.listen.empty()) {
        return "FastCGI on fd 0 when it is a listening socket (spawn-fcgi, systemd, mod_fcgid), else one CGI request";
    }
    if (is_tcp_address(c.process.listen)) return "FastCGI on TCP " + c.process.listen;
    std::string line = "FastCGI on unix socket " + c.process.listen;
    std::string access;
    if (c.process.listen_owner) access += ", owner uid " + std::to_string(*c.process.listen_owner);
    if (c.process.listen_group) access += ", group gid " + std::to_string(*c.process.listen_group);
    access += c.process.listen_mode ? ", mode " + octal(*c.process.listen_mode) : ", mode from the umask";
    return line + " (" + access.substr(2) + ")";
}

std::string secret_line(const Config& c, bool throwaway_secret) {
    std::string line = throwaway_secret ? "a random throwaway (--dev: sessions do not survive a restart)"
                                        : std::to_string(c.session_secret.size()) + " bytes, from " +
                                              (c.session_secret_file.empty() ? "SMS_SESSION_SECRET"
                                                                             : "SMS_SESSION_SECRET_FILE " + c.session_secret_file);
    return line + ", " + plural(count_words(c.previous_secrets), "previous secret");
}

} // namespace

std::string check_before_serving(const ProcessSettings& process) {
    if (process.listen.empty() || is_tcp_address(process.listen)) return "";
    const auto slash = process.listen.rfind('/');
    const std::string directory = slash == std::string::npos ? "." : slash == 0 ? "/" : process.listen.substr(0, slash);
    struct stat status {};
    if (::stat(directory.c_str(), &status) != 0) {
        return "--listen " + process.listen + ": directory " + directory + ": " + std::strerror(errno);
    }
    if (!S_ISDIR(status.st_mode)) return "--listen " + process.listen + ": " + directory + " is not a directory";
    return "";
}

std::string config_summary(const Config& c, bool throwaway_secret) {
    std::string out;
    const auto line = [&out](std::string_view name, const std::string& value) {
        out.append("  ").append(name).append(": ").append(value).append("\n");
    };
    line("serving", serving_line(c));
    line("threads", std::to_string(c.process.threads) + ", request timeout " + std::to_string(c.process.request_timeout_ms) + " ms");
    if (c.conversation.flow_file.empty()) line("conversation", c.conversation.name);
    else line("flow", c.conversation.flow_file);
    line("session secret", secret_line(c, throwaway_secret));
    line("session cookie", c.handler.session.cookie_name + ", " + (c.handler.session.encrypt ? "encrypted (AES-256-GCM)" : "signed") +
                               ", idle for at most " + std::to_string(c.handler.session.max_idle_seconds) + " s");
    line("Twilio signatures",
         c.handler.auth_token.empty() ? "not checked (no TWILIO_AUTH_TOKEN)"
                              : "checked, " + plural(1 + c.handler.previous_auth_tokens.size(), "auth token") + ", URL " +
                                    (c.handler.public_url.empty() ? "rebuilt from each request" : c.handler.public_url));
    line("metrics", c.process.metrics_listen.empty() ? "off" : "http://" + c.process.metrics_listen + "/metrics");
    line("health check", c.handler.ping_path.empty() ? "off" : c.handler.ping_path);
    return out;
}

} // namespace sms

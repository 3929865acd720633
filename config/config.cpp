#include "config/config.hpp"

#include <grp.h>
#include <openssl/crypto.h>
#include <pwd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>
#include <utility>

#include "conversation/conversation.hpp"
#include "text/ascii.hpp"

namespace sms {

namespace {

using Setter = std::string (*)(Config&, std::string_view); // returns an error, or ""

struct Setting {
    std::string_view variable; // SMS_*
    std::string_view flag;     // "--name" taking a value, "" for none
    std::string_view fallback; // the default, as documented
    std::string_view help;
    Setter set;
    bool is_switch = false; // a flag without a value: means "1"
    std::vector<std::string_view> (*choices)() = nullptr; // the values it takes, listed by --help
};

template <typename T>
std::string parse_number(std::string_view text, T& out, T min, T max) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        return "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    }
    out = value;
    return "";
}

std::string parse_milliseconds(std::string_view text, std::chrono::milliseconds& out, std::int64_t max) {
    std::int64_t value = 0;
    if (auto error = parse_number<std::int64_t>(text, value, 1, max); !error.empty()) return error;
    out = std::chrono::milliseconds(value);
    return std::string();
}

std::string parse_bool(std::string_view text, bool& out) {
    if (text == "1" || text == "true" || text == "yes" || text == "on") out = true;
    else if (text == "0" || text == "false" || text == "no" || text == "off" || text.empty()) out = false;
    else return "must be 1 or 0";
    return "";
}

std::vector<std::string> split_spaces(std::string_view list) {
    const auto words = text::split_spaces(list);
    return {words.begin(), words.end()};
}

std::string parse_keywords(std::string_view list, std::vector<std::string>& out) {
    out = split_spaces(list);
    return out.empty() ? "must name at least one keyword" : "";
}

// A user or group for the socket file: a name, or a numeric id.
template <typename Id>
std::string parse_account(std::string_view text, std::optional<Id>& out, std::string_view kind,
                          std::optional<Id> (*lookup)(const std::string&)) {
    Id id{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (!text.empty() && ec == std::errc{} && end == text.data() + text.size()) {
        out = id;
        return "";
    }
    out = text.empty() ? std::nullopt : lookup(std::string(text));
    return out || text.empty() ? "" : "no such " + std::string(kind) + " '" + std::string(text) + "'";
}

std::optional<uid_t> user_id(const std::string& name) {
    const passwd* entry = ::getpwnam(name.c_str());
    return entry ? std::optional<uid_t>(entry->pw_uid) : std::nullopt;
}

std::optional<gid_t> group_id(const std::string& name) {
    const group* entry = ::getgrnam(name.c_str());
    return entry ? std::optional<gid_t>(entry->gr_gid) : std::nullopt;
}

std::string parse_mode(std::string_view text, std::optional<mode_t>& out) {
    if (text.empty()) {
        out.reset();
        return "";
    }
    unsigned mode = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), mode, 8);
    if (ec != std::errc{} || end != text.data() + text.size() || mode > 0777) {
        return "must be an octal mode from 0 to 0777, such as 0660";
    }
    out = static_cast<mode_t>(mode);
    return "";
}

bool is_cookie_name(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
        if (!ok) return false;
    }
    return true;
}

// The secret file keeps the secret out of environments and process listings
// (systemd LoadCredential=, a file readable only by the CGI user). A trailing
// newline, as editors and `echo` write, is not part of the secret.
std::string read_secret_file(std::string_view path, std::string& secret, std::string_view variable) {
    if (path.empty()) return "";
    if (!secret.empty()) return "set either " + std::string(variable) + " or " + std::string(variable) + "_FILE, not both";
    std::ifstream file{std::string(path), std::ios::binary};
    if (!file) return "cannot read '" + std::string(path) + "': " + std::strerror(errno);
    std::string content{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) content.pop_back();
    if (content.empty()) return "'" + std::string(path) + "' is empty";
    secret = std::move(content);
    return "";
}

constexpr std::size_t kMiB = 1024 * 1024;

const Setting kSettings[] = {
    {"SMS_SESSION_SECRET", "", "(required)", "secret that signs session cookies, at least 32 bytes",
     [](Config& c, std::string_view v) { c.session_secret = v; return std::string(); }},
    {"SMS_SESSION_SECRET_FILE", "", "", "file holding the session secret (one line), instead of SMS_SESSION_SECRET",
     [](Config& c, std::string_view v) {
         c.session_secret_file = v;
         return read_secret_file(v, c.session_secret, "SMS_SESSION_SECRET");
     }},
    {"SMS_SESSION_PREVIOUS_SECRETS", "", "", "space-separated retired secrets: still accepted, re-signed with the current one",
     [](Config& c, std::string_view v) { c.previous_secrets = v; return std::string(); }},
    {"SMS_DEV", "--dev", "0", "without SMS_SESSION_SECRET, sign with a random throwaway secret (development only)",
     [](Config& c, std::string_view v) { return parse_bool(v, c.process.dev); }, true},
    {"SMS_LISTEN", "--listen", "", "socket to open: PATH (unix) or HOST:PORT; empty: FastCGI on fd 0, else plain CGI",
     [](Config& c, std::string_view v) { c.process.listen = v; return std::string(); }},
    {"SMS_LISTEN_OWNER", "--listen-owner", "",
     "user (name or id) that owns the --listen unix socket, as php-fpm's listen.owner; empty: the process's user",
     [](Config& c, std::string_view v) { return parse_account(v, c.process.listen_owner, "user", &user_id); }},
    {"SMS_LISTEN_GROUP", "--listen-group", "",
     "group (name or id) of the --listen unix socket, as php-fpm's listen.group; empty: the process's group",
     [](Config& c, std::string_view v) { return parse_account(v, c.process.listen_group, "group", &group_id); }},
    {"SMS_LISTEN_MODE", "--listen-mode", "",
     "octal permissions of the --listen unix socket (e.g. 0660), as php-fpm's listen.mode; empty: from the umask",
     [](Config& c, std::string_view v) { return parse_mode(v, c.process.listen_mode); }},
    {"SMS_THREADS", "--threads", "0", "accept loops (threads); 0 = one per CPU core; unset with a flow that calls out: 32",
     [](Config& c, std::string_view v) {
         c.process.threads_chosen = true;
         return parse_number(v, c.process.threads, 0, 1024);
     }},
    {"SMS_BACKLOG", "--backlog", "1024", "listen(2) backlog for --listen",
     [](Config& c, std::string_view v) { return parse_number(v, c.process.backlog, 1, 65535); }},
    {"SMS_REQUEST_TIMEOUT", "--request-timeout", "5000",
     "milliseconds a FastCGI request may take to arrive whole; a slower one is dropped and logged",
     [](Config& c, std::string_view v) { return parse_number(v, c.process.request_timeout_ms, 100, 60000); }},
    {"SMS_MAX_FASTCGI_PARAMS", "", "65536",
     "largest FastCGI parameters of one request (HTTP headers and CGI variables) in bytes; more closes the connection",
     [](Config& c, std::string_view v) { return parse_number<std::size_t>(v, c.process.max_fastcgi_params_bytes, 4096, 16 * kMiB); }},
    {"SMS_METRICS_LISTEN", "--metrics-listen", "",
     "HOST:PORT where each FastCGI process serves Prometheus metrics at /metrics; empty: none "
     "(plain CGI keeps no metrics)",
     [](Config& c, std::string_view v) { c.process.metrics_listen = v; return std::string(); }},
    {"SMS_PING_PATH", "--ping-path", "", "request path (e.g. /sms-ping) answered 200 \"pong\", for health checks; empty: none",
     [](Config& c, std::string_view v) {
         if (!v.empty() && v.front() != '/') return std::string("must start with '/'");
         c.handler.ping_path = v;
         return std::string();
     }},
    {"SMS_CONVERSATION", "--conversation", "counter", "conversation to run",
     [](Config& c, std::string_view v) {
         if (!make_conversation(v)) return "unknown conversation '" + std::string(v) + "'";
         c.conversation.name = v;
         c.conversation.chosen = true;
         return std::string();
     },
     false, &conversation_names},
    {"SMS_FLOW", "--flow", "", "a Twilio Studio flow (JSON, as Studio exports it) to run instead of a compiled conversation",
     [](Config& c, std::string_view v) { c.conversation.flow_file = v; return std::string(); }},
    {"SMS_FLOW_MAX_WIDGETS", "", "100", "most flow widgets run for one message; a loop without a wait widget is a 500",
     [](Config& c, std::string_view v) { return parse_number<std::size_t>(v, c.conversation.flow_limits.max_widgets_per_answer, 1, 10000); }},
    {"SMS_FLOW_MAX_STORED_TEXT", "", "256",
     "bytes of each text a flow keeps in the cookie (a variable, a reply's field), cut at a UTF-8 boundary",
     [](Config& c, std::string_view v) { return parse_number<std::size_t>(v, c.conversation.flow_limits.max_stored_text_bytes, 1, 4095); }},
    {"SMS_FLOW_MAX_LOOP_ITERATIONS", "", "10000", "Liquid loop iterations in one template render of a flow",
     [](Config& c, std::string_view v) { return parse_number<std::size_t>(v, c.conversation.flow_limits.render.max_iterations, 1, 10000000); }},
    {"SMS_FLOW_MAX_RENDER_BYTES", "", "65536", "bytes one template render of a flow may produce",
     [](Config& c, std::string_view v) { return parse_number<std::size_t>(v, c.conversation.flow_limits.render.max_output_bytes, 1, 64 * kMiB); }},
    {"SMS_FLOW_HTTP_TIMEOUT_MS", "", "5000",
     "milliseconds each make-http-request or run-function call may take (Studio's limit: 10000); past it the call fails",
     [](Config& c, std::string_view v) { return parse_milliseconds(v, c.conversation.flow_limits.call_timeout, 10000); }},
    {"SMS_FLOW_HTTP_BUDGET_MS", "", "10000",
     "milliseconds all the calls of one answer may take together (Twilio waits 15 s); a call past it fails",
     [](Config& c, std::string_view v) { return parse_milliseconds(v, c.conversation.flow_limits.calls_budget, 14000); }},
    {"SMS_FLOW_HTTP_CA_FILE", "", "",
     "PEM file of CA certificates a flow's HTTPS calls trust besides the system's (e.g. a staging CA)",
     [](Config& c, std::string_view v) { c.conversation.flow_http_ca_file = v; return std::string(); }},
    {"SMS_OPT_OUT_KEYWORDS", "", "STOP STOPALL UNSUBSCRIBE CANCEL END QUIT",
     "single-word bodies that end the conversation (empty reply, cookie deleted); off: only Twilio's OptOutType counts",
     [](Config& c, std::string_view v) {
         c.handler.opt_out.keywords = v != "off";
         return c.handler.opt_out.keywords ? parse_keywords(v, c.handler.opt_out.stop) : std::string();
     }},
    {"SMS_OPT_IN_KEYWORDS", "", "START YES UNSTOP", "single-word bodies that start a fresh conversation",
     [](Config& c, std::string_view v) { return parse_keywords(v, c.handler.opt_out.start); }},
    {"SMS_HELP_KEYWORDS", "", "HELP INFO", "single-word bodies answered with SMS_HELP_REPLY, the conversation unchanged",
     [](Config& c, std::string_view v) { return parse_keywords(v, c.handler.opt_out.help); }},
    {"SMS_HELP_REPLY", "", "", "the reply to HELP; empty: an empty <Response/> (Twilio has sent its own help reply)",
     [](Config& c, std::string_view v) { c.handler.opt_out.help_reply = v; return std::string(); }},
    {"SMS_COOKIE_NAME", "--cookie-name", "sms_session", "name of the session cookie",
     [](Config& c, std::string_view v) {
         if (!is_cookie_name(v)) return std::string("must be an RFC 6265 token");
         c.handler.session.cookie_name = v;
         return std::string();
     }},
    {"SMS_SESSION_MAX_IDLE", "--session-max-idle", "14400", "seconds a session lives after its last message (Max-Age)",
     [](Config& c, std::string_view v) { return parse_number<std::int64_t>(v, c.handler.session.max_idle_seconds, 1, 366 * 86400); }},
    {"SMS_SESSION_CLOCK_SKEW", "", "60", "seconds a cookie may be dated in the future (clock differences between hosts)",
     [](Config& c, std::string_view v) { return parse_number<std::int64_t>(v, c.handler.session.max_clock_skew_seconds, 0, 3600); }},
    {"SMS_SESSION_ENCRYPT", "--encrypt", "0", "encrypt session cookies with AES-256-GCM (not only sign them)",
     [](Config& c, std::string_view v) { return parse_bool(v, c.handler.session.encrypt); }, true},
    {"SMS_MAX_SET_COOKIE_BYTES", "", "4095", "largest Set-Cookie value; a bigger session is an error (500)",
     [](Config& c, std::string_view v) { return parse_number<std::size_t>(v, c.handler.session.max_set_cookie_bytes, 256, 4095); }},
    {"SMS_MAX_BODY", "--max-body", "65536", "largest request body in bytes (413 above)",
     [](Config& c, std::string_view v) { return parse_number<std::size_t>(v, c.handler.max_body_bytes, 1, 64 * kMiB); }},
    {"SMS_MAX_PARAMS", "", "256", "most form parameters in one request, and in a POST's query string (413 above)",
     [](Config& c, std::string_view v) { return parse_number<std::size_t>(v, c.handler.form.max_params, 1, 1000000); }},
    {"SMS_MAX_PARAM_BYTES", "", "16384", "longest decoded parameter name or value, also in a POST's query string (413 above)",
     [](Config& c, std::string_view v) { return parse_number<std::size_t>(v, c.handler.form.max_field_bytes, 1, 64 * kMiB); }},
    {"SMS_MAX_COOKIE_HEADER", "", "8192", "largest Cookie request headers in bytes, all together (431 above)",
     [](Config& c, std::string_view v) { return parse_number<std::size_t>(v, c.handler.cookies.max_header_bytes, 1, kMiB); }},
    {"SMS_MAX_COOKIES", "", "64", "most cookies in all Cookie headers together (431 above)",
     [](Config& c, std::string_view v) { return parse_number<std::size_t>(v, c.handler.cookies.max_cookies, 1, 100000); }},
    {"TWILIO_AUTH_TOKEN", "", "", "when set, every request must carry a valid X-Twilio-Signature",
     [](Config& c, std::string_view v) { c.handler.auth_token = v; return std::string(); }},
    {"TWILIO_AUTH_TOKEN_FILE", "", "", "file holding the auth token (one line), instead of TWILIO_AUTH_TOKEN; a reload reads it again",
     [](Config& c, std::string_view v) { return read_secret_file(v, c.handler.auth_token, "TWILIO_AUTH_TOKEN"); }},
    {"TWILIO_PREVIOUS_AUTH_TOKENS", "", "", "space-separated older auth tokens still accepted during a rotation",
     [](Config& c, std::string_view v) { c.handler.previous_auth_tokens = split_spaces(v); return std::string(); }},
    {"SMS_PUBLIC_URL", "--public-url", "", "the exact webhook URL configured at Twilio (for signatures behind proxies)",
     [](Config& c, std::string_view v) { c.handler.public_url = v; return std::string(); }},
    {"SMS_TRUST_FORWARDED", "", "0", "rebuild the signed URL from X-Forwarded-Proto/-Host",
     [](Config& c, std::string_view v) { return parse_bool(v, c.handler.trust_forwarded); }},
    {"SMS_LOG_REQUESTS", "", "1", "one stderr line per request (errors are always logged)",
     [](Config& c, std::string_view v) { return parse_bool(v, c.process.log_requests); }},
    {"SMS_LOG_FILE", "--log-file", "",
     "file the log lines and errors are appended to instead of stderr (created 0640); SIGUSR1 reopens it (logrotate)",
     [](Config& c, std::string_view v) { c.process.log_file = v; return std::string(); }},
    {"", "--quiet", "", "same as SMS_LOG_REQUESTS=0",
     [](Config& c, std::string_view) { c.process.log_requests = false; return std::string(); }, true},
};

} // namespace

std::variant<Config, std::string> load_config(const char* const* environment, const std::vector<std::string_view>& flags) {
    Config config;
    for (const auto& setting : kSettings) {
        if (setting.variable.empty()) continue;
        for (auto e = environment; e != nullptr && *e != nullptr; ++e) {
            std::string_view entry(*e);
            if (entry.size() <= setting.variable.size() || entry[setting.variable.size()] != '=' ||
                entry.substr(0, setting.variable.size()) != setting.variable) {
                continue;
            }
            auto value = entry.substr(setting.variable.size() + 1);
            if (auto error = setting.set(config, value); !error.empty()) {
                return std::string(setting.variable) + ": " + error;
            }
        }
    }
    for (std::size_t i = 0; i < flags.size(); ++i) {
        std::string_view arg = flags[i];
        std::string_view inline_value;
        bool has_inline = false;
        if (auto eq = arg.find('='); eq != std::string_view::npos) {
            inline_value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_inline = true;
        }
        const Setting* match = nullptr;
        for (const auto& setting : kSettings) {
            if (!setting.flag.empty() && setting.flag == arg) match = &setting;
        }
        if (match == nullptr) return "unknown option '" + std::string(arg) + "'";
        std::string_view value = "1";
        if (has_inline) {
            value = inline_value;
        } else if (!match->is_switch) {
            if (i + 1 == flags.size()) return std::string(arg) + " needs a value";
            value = flags[++i];
        }
        if (auto error = match->set(config, value); !error.empty()) return std::string(arg) + ": " + error;
    }
    // The Cookie header travels among the FastCGI parameters: a limit on
    // it above theirs would close connections instead of answering 431.
    if (config.process.max_fastcgi_params_bytes < config.handler.cookies.max_header_bytes + 4096) {
        return "SMS_MAX_FASTCGI_PARAMS (" + std::to_string(config.process.max_fastcgi_params_bytes) +
               ") must exceed SMS_MAX_COOKIE_HEADER (" + std::to_string(config.handler.cookies.max_header_bytes) +
               ") by at least 4096";
    }
    if ((config.process.listen_owner || config.process.listen_group || config.process.listen_mode) &&
        (config.process.listen.empty() || is_tcp_address(config.process.listen))) {
        return "SMS_LISTEN_OWNER, SMS_LISTEN_GROUP and SMS_LISTEN_MODE apply to a unix socket that --listen PATH "
               "creates, not to " + (config.process.listen.empty() ? std::string("the socket on fd 0") : "HOST:PORT " + config.process.listen);
    }
    if (!config.conversation.flow_file.empty() && config.conversation.chosen) {
        return "set either SMS_FLOW (--flow) or SMS_CONVERSATION (--conversation), not both";
    }
    if (config.process.threads == 0) {
        unsigned cores = std::thread::hardware_concurrency();
        config.process.threads = cores == 0 ? 1 : static_cast<int>(cores);
    }
    return config;
}

bool is_tcp_address(std::string_view listen) {
    const auto colon = listen.find(':');
    if (colon == std::string_view::npos) return false;
    // libfcgi takes atoi() of what follows the first colon: TCP when that is not 0.
    const auto port = listen.substr(colon + 1);
    unsigned value = 0;
    std::from_chars(port.data(), port.data() + port.size(), value);
    return value != 0;
}

void wipe_secrets(Config& config) {
    auto wipe = [](std::string& s) {
        OPENSSL_cleanse(s.data(), s.size());
        s.clear();
    };
    wipe(config.session_secret);
    wipe(config.previous_secrets);
    wipe(config.handler.auth_token);
    for (auto& token : config.handler.previous_auth_tokens) wipe(token);
    config.handler.previous_auth_tokens.clear();
}

std::vector<std::string> wipe_secret_variables(char** environment) {
    static constexpr std::string_view kSecretVariables[] = {
        "SMS_SESSION_SECRET=", "SMS_SESSION_PREVIOUS_SECRETS=", "TWILIO_AUTH_TOKEN=", "TWILIO_PREVIOUS_AUTH_TOKENS="};
    std::vector<std::string> wiped;
    for (auto e = environment; e != nullptr && *e != nullptr; ++e) {
        for (auto prefix : kSecretVariables) {
            if (std::strncmp(*e, prefix.data(), prefix.size()) == 0) {
                char* value = *e + prefix.size();
                if (*value != '\0') wiped.emplace_back(prefix.substr(0, prefix.size() - 1));
                OPENSSL_cleanse(value, std::strlen(value));
            }
        }
    }
    return wiped;
}

std::string config_help() {
    std::string out;
    for (const auto& s : kSettings) {
        std::string names;
        if (!s.flag.empty()) names.append(s.flag).append(s.is_switch ? "" : " VALUE");
        if (!s.variable.empty()) names.append(names.empty() ? "" : ", ").append(s.variable);
        out.append("  ").append(names).append("\n      ").append(s.help);
        if (s.choices) {
            const char* separator = ", one of: ";
            for (auto choice : s.choices()) out.append(std::exchange(separator, ", ")).append(choice);
        }
        if (!s.fallback.empty()) out.append(" [default: ").append(s.fallback).append("]");
        out.append("\n");
    }
    return out;
}

} // namespace sms

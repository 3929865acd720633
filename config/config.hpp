// Configuration: read and checked once at start-up into an immutable value.
// Every setting is an SMS_* environment variable; the common ones also have a
// command-line flag, which wins over the environment.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "flow/flow_limits.hpp"
#include "handler/opt_out.hpp"
#include "request/cookie_header.hpp"
#include "request/form.hpp"
#include "session/codec.hpp"

namespace sms {

// Accept loops when SMS_THREADS is unset and the flow makes HTTP calls:
// each waiting answer holds one, so this many can wait on slow endpoints at
// once before other conversations queue.
inline constexpr int kThreadsForCallingFlows = 32;

// What the Handler needs to answer a request.
struct HandlerSettings {
    SessionOptions session;
    FormLimits form;
    CookieLimits cookies;
    std::size_t max_body_bytes = 64 * 1024;
    OptOutSettings opt_out;
    std::string ping_path; // request path answered "pong" (health check); empty: none

    // Twilio request signatures: checked when auth_token is set.
    std::string auth_token;
    std::vector<std::string> previous_auth_tokens; // still accepted while rotating
    std::string public_url;               // the exact webhook URL configured at Twilio
    bool trust_forwarded = false;         // believe X-Forwarded-Proto/-Host
};

// Which conversation answers: a compiled one by name, or a Studio flow file.
struct ConversationSettings {
    std::string name = "counter";
    bool chosen = false;   // set by SMS_CONVERSATION or --conversation
    std::string flow_file; // a Studio flow to run instead; empty: the compiled conversation
    flow::FlowLimits flow_limits;
    std::string flow_http_ca_file; // CA certificates a flow's HTTPS calls trust besides the system's
};

// What the process does around the handler: sockets, accept loops, the log.
struct ProcessSettings {
    bool log_requests = true;
    std::string log_file; // empty: stderr; else appended to, reopened on SIGUSR1
    std::string listen; // empty: fd 0 (FastCGI) or plain CGI
    // For --listen PATH: who may connect (php-fpm's listen.owner, .group,
    // .mode); unset: the process's user and group, and its umask.
    std::optional<uid_t> listen_owner;
    std::optional<gid_t> listen_group;
    std::optional<mode_t> listen_mode;
    int threads = 0;    // 0: one accept loop per core
    bool threads_chosen = false; // set by SMS_THREADS or --threads
    int backlog = 1024;
    // A FastCGI request not whole within this time is dropped, so a stalled
    // peer never holds an accept loop; well inside nginx's and Twilio's timeouts.
    int request_timeout_ms = 5000;
    std::size_t max_fastcgi_params_bytes = 64 * 1024; // all FastCGI parameters (headers, CGI variables)
    std::string metrics_listen; // HOST:PORT of the Prometheus /metrics endpoint (FastCGI only); empty: none
    bool dev = false; // ephemeral random secret when SMS_SESSION_SECRET is unset
};

struct Config {
    HandlerSettings handler;
    ConversationSettings conversation;
    ProcessSettings process;

    // Only carried from the environment to the key ring; cleared right after.
    std::string session_secret;
    std::string session_secret_file; // where session_secret came from, if from a file (not a secret)
    std::string previous_secrets;
};

// Reads `environment` ("NAME=value" entries) then `flags` (argv without the
// program name and subcommand). On error returns a one-line message.
std::variant<Config, std::string> load_config(const char* const* environment, const std::vector<std::string_view>& flags);

// True when libfcgi reads `listen` as HOST:PORT (a colon and a port
// number), not as a unix socket path.
bool is_tcp_address(std::string_view listen);

// Overwrites the secret strings in `config`; call once the keys are derived.
void wipe_secrets(Config& config);

// Overwrites the values of the secret variables in `environment`, so that
// /proc/PID/environ no longer shows them. Returns the names of those that
// held a value, which a reload can no longer read.
std::vector<std::string> wipe_secret_variables(char** environment);

// The --help text: every flag and variable with its default.
std::string config_help();

} // namespace sms

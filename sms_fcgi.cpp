// sms_fcgi: main. Reads the settings once, then serves FastCGI or plain CGI
// (server/), or runs chat, simulate or liquid (devtools/).
#include <fcgiapp.h>
#include <openssl/crypto.h>
#include <signal.h>
#include <sys/prctl.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "devtools/chat.hpp"
#include "devtools/liquid_command.hpp"
#include "devtools/simulate.hpp"
#include "handler/handler.hpp"
#include "metrics/recorder.hpp"
#include "server/cgi_server.hpp"
#include "server/fastcgi_server.hpp"
#include "server/log_lines.hpp"

extern char** environ;

namespace {

constexpr std::string_view kVersion = "0.1.0";
#ifndef SMS_GIT_COMMIT
#define SMS_GIT_COMMIT "unknown"
#endif

constexpr std::string_view kUsage =
    "usage: sms_fcgi [OPTIONS]                 serve (FastCGI on fd 0 or --listen, else one CGI request)\n";

constexpr std::string_view kUsageEnd =
    "       sms_fcgi --help | --version\n\n"
    "Exit status: 0 stopped cleanly (or the CGI request was answered), 1 could not serve\n"
    "(socket or I/O failure), 2 bad configuration or usage.\n\n"
    "Settings (a flag wins over its variable):\n";

int open_listen_socket(const sms::Config& config) {
    if (config.listen.empty()) return 0; // fd 0 from spawn-fcgi, mod_fcgid or systemd
    int fd = FCGX_OpenSocket(config.listen.c_str(), config.backlog);
    if (fd < 0) sms::log_error("cannot listen on " + config.listen + ": " + std::strerror(errno));
    return fd;
}

int usage_error(std::string_view message) {
    sms::log_error(std::string(message) + " (see --help)");
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
            std::printf("%s%s%s%s%s%s", std::string(kUsage).c_str(), std::string(sms::chat_usage()).c_str(),
                        std::string(sms::simulate_usage()).c_str(), std::string(sms::liquid_usage()).c_str(), std::string(kUsageEnd).c_str(),
                        sms::config_help().c_str());
            return 0;
        }
        if (arg == "--version") {
            std::printf("sms_fcgi %s\n", std::string(kVersion).c_str());
            return 0;
        }
    }

    if (!args.empty() && args[0] == "simulate") return sms::run_simulate({args.begin() + 1, args.end()}, environ);
    if (!args.empty() && args[0] == "liquid") return sms::run_liquid({args.begin() + 1, args.end()});
    // OpenSSL start-up is much of what a plain CGI request costs
    // (bench/README-notes.md), so it does only what this program uses.
    // Everything below fetches its algorithms explicitly and prints no
    // OpenSSL error strings: no legacy name tables, no error strings. No
    // openssl.cnf unless OPENSSL_CONF names one: Debian's sets nothing for
    // libcrypto, and parsing it was a third of the remaining start-up
    // instructions. No clean-up at exit: the kernel frees the memory anyway.
    // (simulate, above, returns before this: libcurl's TLS keeps the defaults.)
    const auto openssl_config =
        std::getenv("OPENSSL_CONF") != nullptr ? OPENSSL_INIT_LOAD_CONFIG : OPENSSL_INIT_NO_LOAD_CONFIG;
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ADD_ALL_CIPHERS | OPENSSL_INIT_NO_ADD_ALL_DIGESTS |
                            OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS | OPENSSL_INIT_NO_ATEXIT | openssl_config,
                        nullptr);
    // chat runs the handler in-process, with its own options split off.
    const bool chat = !args.empty() && args[0] == "chat";
    sms::ChatArguments chat_args;
    if (chat) {
        chat_args = sms::split_chat_arguments({args.begin() + 1, args.end()});
        args = chat_args.config;
    }

    auto loaded = sms::load_config(environ, args);
    if (auto* error = std::get_if<std::string>(&loaded)) return usage_error(*error);
    sms::Config config = std::move(std::get<sms::Config>(loaded));

    if (chat) sms::adapt_config_for_chat(config);
    if (config.session_secret.empty() && config.dev) {
        config.session_secret = sms::random_secret();
        sms::log_error("WARNING: --dev: signing sessions with a random throwaway secret; "
                  "sessions will not survive a restart. Set SMS_SESSION_SECRET in production.");
    }
    auto ring = sms::KeyRing::from_secrets(config.session_secret, config.previous_secrets);
    if (auto* error = std::get_if<std::string>(&ring)) return usage_error(*error);
    auto conversation = sms::make_conversation(config.conversation);

    sms::Handler handler(std::move(config), std::move(std::get<sms::KeyRing>(ring)), std::move(conversation));
    sms::wipe_secret_variables(environ); // only the derived keys remain
    if (chat) return sms::run_chat(handler, chat_args.chat, stdin, stdout);

    if (FCGX_Init() != 0) {
        sms::log_error("libfcgi initialisation failed");
        return 1;
    }
    int listen_fd = open_listen_socket(handler.config());
    if (listen_fd < 0) return 1;
    if (handler.config().listen.empty() && FCGX_IsCGI()) return sms::serve_cgi(handler, environ);
    // Only here, serving FastCGI: plain CGI loads and starts nothing of the metrics.
    std::optional<sms::metrics::Recorder> metrics;
    if (!handler.config().metrics_listen.empty()) {
        auto started = sms::metrics::Recorder::start(
            {handler.config().metrics_listen, std::string(kVersion), SMS_GIT_COMMIT, handler.config().threads});
        if (auto* error = std::get_if<std::string>(&started)) {
            sms::log_error(*error);
            return 1;
        }
        metrics = std::get<sms::metrics::Recorder>(started);
    }
    return sms::serve_fastcgi(handler, listen_fd, metrics ? &*metrics : nullptr);
}

// sms_fcgi: main. Reads the settings once, then serves FastCGI or plain CGI
// (server/), or runs chat, simulate, liquid or flow (devtools/).
#include <fcgiapp.h>
#include <signal.h>
#include <sys/prctl.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/config_summary.hpp"
#include "conversation/open_conversation.hpp"
#include "devtools/chat.hpp"
#include "devtools/flow_command.hpp"
#include "devtools/liquid_command.hpp"
#include "devtools/simulate.hpp"
#include "handler/handler.hpp"
#include "server/cgi_server.hpp"
#include "server/log_lines.hpp"
#include "server/next_generation.hpp"
#include "server/serve.hpp"

extern char** environ;

namespace {

constexpr std::string_view kVersion = "0.1.0";
#ifndef SMS_GIT_COMMIT
#define SMS_GIT_COMMIT "unknown"
#endif

constexpr std::string_view kUsage =
    "usage: sms_fcgi [OPTIONS]                 serve (FastCGI on fd 0 or --listen, else one CGI request)\n";

constexpr std::string_view kUsageEnd =
    "       sms_fcgi --test-config | -t [OPTIONS]  check the settings, secrets and conversation; print a summary\n"
    "       sms_fcgi --help | --version\n\n"
    "Exit status: 0 stopped cleanly (or the CGI request was answered), 1 could not serve\n"
    "(socket or I/O failure), 2 bad configuration or usage.\n\n"
    "Settings (a flag wins over its variable):\n";

int usage_error(std::string_view message) {
    sms::log_error(std::string(message) + " (see --help)");
    return 2;
}

// Started by a web server as a CGI program (RFC 3875's GATEWAY_INTERFACE, and
// fd 0 is not a FastCGI listening socket, as under mod_fcgid).
bool started_as_cgi() { return std::getenv("GATEWAY_INTERFACE") != nullptr && FCGX_Init() == 0 && FCGX_IsCGI(); }

// A configuration error: a usage error, answered as a CGI request when
// started as one; under --test-config, the check's verdict.
int config_error(std::string_view message, bool test_config) {
    if (!test_config) return started_as_cgi() ? sms::answer_cgi_configuration_error(message) : usage_error(message);
    sms::log_error(std::string(message));
    sms::log_error("configuration test failed");
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
            std::printf("%s%s%s%s%s%s%s", std::string(kUsage).c_str(), std::string(sms::chat_usage()).c_str(),
                        std::string(sms::simulate_usage()).c_str(), std::string(sms::liquid_usage()).c_str(),
                        std::string(sms::flow_command_usage()).c_str(), std::string(kUsageEnd).c_str(),
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
    if (!args.empty() && args[0] == "flow") return sms::run_flow_command({args.begin() + 1, args.end()}, environ);
    const bool chat = !args.empty() && args[0] == "chat";
    const bool test_config =
        !chat && std::erase_if(args, [](std::string_view arg) { return arg == "--test-config" || arg == "-t"; }) > 0;
    const bool next_generation = sms::take_next_generation_role();
    // chat runs the handler in-process, with its own options split off.
    sms::ChatArguments chat_args;
    if (chat) {
        chat_args = sms::split_chat_arguments({args.begin() + 1, args.end()});
        args = chat_args.config;
    }

    auto loaded = sms::load_config(environ, args);
    if (auto* error = std::get_if<std::string>(&loaded)) return config_error(*error, test_config);
    sms::Config config = std::move(std::get<sms::Config>(loaded));
    if (chat) sms::adapt_config_for_chat(config);
    // Starts OpenSSL (simulate, above, starts it its own way: through libcurl).
    auto opened = sms::open_conversation(config);
    if (auto* error = std::get_if<std::string>(&opened)) return config_error(*error, test_config);
    auto& conversation = std::get<sms::OpenedConversation>(opened);
    const bool throwaway_secret = config.session_secret.empty() && config.process.dev;
    if (throwaway_secret) {
        config.session_secret = sms::random_secret();
        if (!test_config) {
            sms::log_error("WARNING: --dev: signing sessions with a random throwaway secret; "
                           "sessions will not survive a restart. Set SMS_SESSION_SECRET in production.");
        }
    }
    // A calling flow's answer waits on its endpoints: more accept loops let
    // a slow endpoint hold only the answers that call it (README "Flows that
    // call out").
    if (conversation.calls_out && !config.process.threads_chosen) config.process.threads = sms::kThreadsForCallingFlows;
    // A plain CGI request loads the flow each time: its warnings are for
    // `flow check` and the FastCGI start-up, not every request's log.
    if (std::getenv("GATEWAY_INTERFACE") == nullptr) {
        for (const auto& warning : conversation.warnings) sms::log_error(warning);
    }
    if (test_config) {
        if (auto error = sms::check_before_serving(config.process); !error.empty()) return config_error(error, true);
    }
    // Written before the Handler takes the settings (and wipes its secrets).
    const std::string summary = test_config ? sms::config_summary(config, throwaway_secret) : std::string();
    sms::ServeOptions serving{config.process, conversation.calls_out, next_generation, argv, {}, kVersion, SMS_GIT_COMMIT};
    const std::string conversation_name =
        config.conversation.flow_file.empty() ? config.conversation.name : config.conversation.flow_file;
    auto made = sms::Handler::from_config(std::move(config), std::move(conversation.conversation));
    if (auto* error = std::get_if<std::string>(&made)) return config_error(*error, test_config);
    auto& handler = std::get<sms::Handler>(made);
    if (test_config) {
        std::printf("sms_fcgi: configuration OK\n%s", summary.c_str());
        return 0;
    }
    // Only the derived keys remain; a reload can read only what is in files.
    serving.unreadable_secrets = sms::wipe_secret_variables(environ);
    if (chat) return sms::run_chat(handler, conversation_name, chat_args.chat, stdin, stdout);
    return sms::serve(std::move(handler), serving, environ);
}

#include "devtools/simulate.hpp"

#include <chrono>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>

#include "devtools/cookie_jar.hpp"
#include "devtools/http_post.hpp"
#include "devtools/terminal.hpp"
#include "devtools/texting.hpp"
#include "devtools/webhook_form.hpp"
#include "http/libcurl_client.hpp"
#include "signature/twilio_signature.hpp"

namespace sms {

namespace {

using devtools::InputLine;
using devtools::Terminal;

constexpr std::string_view kUsage =
    "       sms_fcgi simulate URL [--body TEXT] [--from NUMBER] [--to NUMBER] [--auth-token TOKEN]\n"
    "                [--account-sid SID] [--timeout SECONDS] [--cacert FILE | --insecure] [--twiml] [--echo]\n"
    "                                          play Twilio against a running deployment: messages\n"
    "                                          from stdin, or one from --body; TWILIO_AUTH_TOKEN signs\n";

constexpr std::string_view kSimulateCommandsHelp = "/cookie        show the cookie kept for the pair\n";

struct SimulateOptions {
    std::string url;
    std::optional<std::string> body;
    devtools::Phone phone; // the starting numbers
    std::string auth_token;
    std::string account_sid;
    double timeout_seconds = 15; // Twilio's
    std::string ca_file;         // trusted besides the system's CAs (make run's self-signed certificate)
    bool insecure = false;       // no certificate check at all
    bool twiml = false;
    bool echo = false;
};

std::string_view environment_value(const char* const* environment, std::string_view name) {
    for (auto e = environment; e != nullptr && *e != nullptr; ++e) {
        const std::string_view entry(*e);
        if (entry.size() > name.size() && entry[name.size()] == '=' && entry.substr(0, name.size()) == name) {
            return entry.substr(name.size() + 1);
        }
    }
    return {};
}

std::optional<SimulateOptions> parse_options(const std::vector<std::string_view>& args,
                                             const char* const* environment) {
    SimulateOptions options;
    options.auth_token = environment_value(environment, "TWILIO_AUTH_TOKEN");
    options.account_sid = environment_value(environment, "TWILIO_ACCOUNT_SID");
    std::string error;
    for (std::size_t i = 0; i < args.size() && error.empty(); ++i) {
        std::string_view value;
        if (args[i] == "--twiml") {
            options.twiml = true;
        } else if (args[i] == "--echo") {
            options.echo = true;
        } else if (args[i] == "--insecure") {
            options.insecure = true;
        } else if (devtools::read_option(args, i, "--cacert", value, error)) {
            options.ca_file = value;
        } else if (devtools::read_option(args, i, "--body", value, error)) {
            options.body = value;
        } else if (devtools::read_option(args, i, "--from", value, error)) {
            options.phone.from = value;
        } else if (devtools::read_option(args, i, "--to", value, error)) {
            options.phone.to = value;
        } else if (devtools::read_option(args, i, "--auth-token", value, error)) {
            options.auth_token = value;
        } else if (devtools::read_option(args, i, "--account-sid", value, error)) {
            options.account_sid = value;
        } else if (devtools::read_option(args, i, "--timeout", value, error)) {
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), options.timeout_seconds);
            if (ec != std::errc{} || end != value.data() + value.size() || !(options.timeout_seconds > 0)) {
                error = "--timeout must be a number of seconds above 0";
            }
        } else if (args[i].substr(0, 2) != "--" && options.url.empty()) {
            options.url = args[i];
        } else {
            error = "unexpected argument '" + std::string(args[i]) + "'";
        }
    }
    if (error.empty() && options.url.empty()) error = "simulate needs the webhook URL";
    if (error.empty() && options.insecure && !options.ca_file.empty()) error = "--cacert and --insecure exclude each other";
    if (!error.empty()) {
        std::fprintf(stderr, "sms_fcgi simulate: %s (see --help)\n", error.c_str());
        return std::nullopt;
    }
    if (options.account_sid.empty()) options.account_sid = devtools::random_sid("AC");
    return options;
}

void report(std::string_view line) {
    std::fprintf(stderr, "simulate: %.*s\n", static_cast<int>(line.size()), line.data());
    std::fflush(stderr);
}

class Simulator {
public:
    Simulator(const SimulateOptions& options, const http::Client& client, Terminal& terminal)
        : options_(options), client_(client), terminal_(terminal), phone_(options.phone) {}

    // True when Twilio would have raised no error.
    bool send(std::string_view text) {
        const std::int64_t now = std::time(nullptr);
        const std::string message_sid = devtools::random_sid("SM");
        const Form form =
            devtools::inbound_sms_form({phone_.from, phone_.to, text, message_sid, options_.account_sid});
        devtools::HttpPost post{options_.url, encode_form(form), {}, options_.timeout_seconds, !options_.insecure};
        post.headers = {"Content-Type: application/x-www-form-urlencoded", "User-Agent: TwilioProxy/1.1",
                        "Accept: */*", "Expect:"};
        const std::string cookie = phone_.jar.cookie_header(phone_.from, phone_.to, now);
        if (!cookie.empty()) post.headers.push_back("Cookie: " + cookie);
        if (!options_.auth_token.empty()) {
            post.headers.push_back("X-Twilio-Signature: " +
                                   compute_twilio_signature(options_.auth_token, options_.url, form));
        }

        const auto started = std::chrono::steady_clock::now();
        const devtools::HttpExchange exchange = devtools::http_post(client_, post);
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        const devtools::Verdict verdict = devtools::judge_exchange(exchange);
        const bool cookie_deleted = verdict.set_cookie && !phone_.jar.store(phone_.from, phone_.to, *verdict.set_cookie, now);

        if (exchange.transport == devtools::Transport::ok) {
            const std::string size = exchange.body.size() > devtools::kMaxTwimlBytes
                                         ? "over " + std::to_string(devtools::kMaxTwimlBytes)
                                         : std::to_string(exchange.body.size());
            report("HTTP " + std::to_string(exchange.status) + ", " + exchange.content_type.value_or("no Content-Type") +
                   ", " + size + " bytes in " + std::to_string(ms.count()) + " ms");
        }
        for (const auto& finding : verdict.findings) report(devtools::describe(finding));
        if (options_.twiml && exchange.transport == devtools::Transport::ok) {
            terminal_.print(exchange.body + "\n");
        } else if (verdict.reply) {
            terminal_.print(devtools::reply_text(*verdict.reply));
        }
        if (cookie_deleted) terminal_.print(std::string(devtools::kCookieDeletedNote));
        return !verdict.failed();
    }

    // Messages and commands from the terminal until /quit or the end of input.
    bool converse() {
        if (terminal_.interactive()) {
            terminal_.print("Texting " + options_.url + " as " + phone_.pair() +
                            (options_.auth_token.empty() ? " (unsigned)" : " (signed)") + ". /help lists the commands.\n");
        }
        bool all_ok = true;
        devtools::converse(
            terminal_, phone_, kSimulateCommandsHelp,
            [this, &all_ok](std::string_view text) { all_ok = send(text) && all_ok; },
            [this](const InputLine& command) { return run_command(command); });
        return all_ok;
    }

private:
    // Simulate's own command; false for any other.
    bool run_command(const InputLine& input) {
        if (input.command != "cookie") return false;
        const std::string cookie = phone_.jar.cookie_header(phone_.from, phone_.to, std::time(nullptr));
        terminal_.print(cookie.empty() ? "no cookie for " + phone_.pair() + "\n" : "Cookie: " + cookie + "\n");
        return true;
    }

    const SimulateOptions& options_;
    const http::Client& client_;
    Terminal& terminal_;
    devtools::Phone phone_; // its cookies on the real clock: the deployment checks times too
};

} // namespace

int run_simulate(const std::vector<std::string_view>& args, const char* const* environment) {
    const auto options = parse_options(args, environment);
    if (!options) return 2;
    auto client = http::load_libcurl_client({options->ca_file});
    if (auto* error = std::get_if<std::string>(&client)) {
        report(*error);
        return 1;
    }
    if (options->insecure) {
        report("warning: --insecure: the certificate is not checked, but Twilio checks it and rejects a "
               "self-signed, expired or mismatched one (11235, 11236 or 11237)");
    }
    Terminal terminal(stdin, stdout, options->echo);
    Simulator simulator(*options, *std::get<std::shared_ptr<const http::Client>>(client), terminal);
    const bool ok = options->body ? simulator.send(*options->body) : simulator.converse();
    return ok ? 0 : 1;
}

std::string_view simulate_usage() { return kUsage; }

} // namespace sms

#include "devtools/chat.hpp"

#include <ctime>
#include <optional>
#include <string>

#include "devtools/cookie_jar.hpp"
#include "devtools/terminal.hpp"
#include "devtools/texting.hpp"
#include "devtools/twiml_reader.hpp"
#include "devtools/webhook_form.hpp"
#include "server/cgi_response.hpp"
#include "session/key_ring.hpp"

namespace sms {

namespace {

using devtools::InputLine;
using devtools::Terminal;

constexpr std::string_view kUsage =
    "       sms_fcgi chat [--twiml] [--echo] [--from NUMBER] [--to NUMBER] [SETTINGS]\n"
    "                                          text the conversation from this terminal (or a pipe)\n";

constexpr std::string_view kChatCommandsHelp =
    "/wait 5h       move the simulated clock on (units d, h, m, s: 2d, 90s, 1h30m)\n"
    "/session       show the session the pair's cookie holds\n";

struct ChatOptions {
    bool twiml = false;
    bool echo = false;
    devtools::Phone phone; // the starting numbers
};

// Chat's own options; split_chat_arguments passes everything else to load_config.
constexpr std::string_view kSwitches[] = {"--twiml", "--echo"};
constexpr std::string_view kValueOptions[] = {"--from", "--to"};

std::optional<ChatOptions> parse_options(const std::vector<std::string_view>& args) {
    ChatOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view value;
        std::string error;
        if (args[i] == "--twiml") {
            options.twiml = true;
        } else if (args[i] == "--echo") {
            options.echo = true;
        } else if (devtools::read_option(args, i, "--from", value, error)) {
            options.phone.from = value;
        } else if (devtools::read_option(args, i, "--to", value, error)) {
            options.phone.to = value;
        } else {
            error = "unknown chat option '" + std::string(args[i]) + "'";
        }
        if (!error.empty()) {
            std::fprintf(stderr, "sms_fcgi chat: %s (see --help)\n", error.c_str());
            return std::nullopt;
        }
    }
    return options;
}

// "5h", "90s", "1h30m": a sum of whole numbers with units d, h, m, s.
std::optional<std::int64_t> parse_duration(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::int64_t total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::int64_t number = 0;
        const std::size_t start = i;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            if (number > 1'000'000'000) return std::nullopt;
            number = number * 10 + (text[i] - '0');
        }
        if (i == start || i == text.size()) return std::nullopt;
        switch (text[i++]) {
        case 'd': total += number * 86400; break;
        case 'h': total += number * 3600; break;
        case 'm': total += number * 60; break;
        case 's': total += number; break;
        default: return std::nullopt;
        }
    }
    return total;
}

std::string utc_time(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::string session_value(const Session::Value& value) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
    return "\"" + std::get<std::string>(value) + "\"";
}

class Chat {
public:
    Chat(const Handler& handler, std::string_view conversation, const ChatOptions& options, Terminal& terminal)
        : handler_(handler), conversation_(conversation), options_(options), terminal_(terminal), phone_(options.phone),
          account_sid_(devtools::random_sid("AC")), now_(std::time(nullptr)) {}

    void run() {
        if (terminal_.interactive()) {
            terminal_.print("Texting the \"" + std::string(conversation_) + "\" conversation as " + phone_.pair() +
                            ". /help lists the commands.\n");
        }
        devtools::converse(
            terminal_, phone_, kChatCommandsHelp, [this](std::string_view text) { send(text); },
            [this](const InputLine& command) { return run_command(command); });
    }

private:
    // Chat's own commands; false for any other.
    bool run_command(const InputLine& input) {
        if (input.command == "wait") {
            wait(input.argument);
        } else if (input.command == "session") {
            show_session();
        } else {
            return false;
        }
        return true;
    }

    void send(std::string_view text) {
        const std::string message_sid = devtools::random_sid("SM");
        const Form form = devtools::inbound_sms_form({phone_.from, phone_.to, text, message_sid, account_sid_});
        const std::string body = encode_form(form);
        const std::string content_length = std::to_string(body.size());
        const std::string cookie = phone_.jar.cookie_header(phone_.from, phone_.to, now_);

        Request request;
        request.method = "POST";
        request.content_type = "application/x-www-form-urlencoded";
        request.content_length = content_length;
        request.cookie = cookie;
        request.scheme = "http";
        request.host = "localhost";
        request.server_port = "80";
        request.request_uri = "/sms";
        request.body = body;
        request.now = now_;
        const Response response = handler_.handle(request).response;
        bool cookie_deleted = false;
        if (!response.set_cookie.empty()) {
            if (auto set_cookie = devtools::parse_set_cookie(response.set_cookie)) {
                cookie_deleted = !phone_.jar.store(phone_.from, phone_.to, *set_cookie, now_);
            }
        }
        if (response.status != 200) {
            std::string reason = response.body;
            while (!reason.empty() && reason.back() == '\n') reason.pop_back();
            terminal_.print("(HTTP " + std::to_string(response.status) + " " + std::string(status_reason(response.status)) +
                            ": " + reason + ")\n");
        } else if (options_.twiml) {
            terminal_.print(response.body + "\n");
        } else {
            const devtools::TwimlReading reading = devtools::read_twiml(response.body);
            // Unreadable (libxml2 missing): the reply as it came, and why.
            terminal_.print(reading.error.empty() ? devtools::reply_text(reading.reply)
                                                  : "(" + reading.error + ")\n" + response.body + "\n");
        }
        if (cookie_deleted) terminal_.print(std::string(devtools::kCookieDeletedNote));
    }

    void wait(std::string_view argument) {
        const auto seconds = parse_duration(argument);
        if (!seconds || *seconds <= 0) {
            terminal_.print("usage: /wait DURATION, for example /wait 5h, /wait 30m, /wait 90s, /wait 2d\n");
            return;
        }
        const bool had_cookie = phone_.jar.find(phone_.from, phone_.to, now_) != nullptr;
        now_ += *seconds;
        std::string text = "waited " + std::string(argument) + "; it is now " + utc_time(now_) + "\n";
        if (had_cookie && phone_.jar.find(phone_.from, phone_.to, now_) == nullptr) {
            text += "the cookie for " + phone_.pair() + " has expired; the next message starts a new conversation\n";
        }
        terminal_.print(text);
    }

    void show_session() {
        const devtools::StoredCookie* cookie = phone_.jar.find(phone_.from, phone_.to, now_);
        if (cookie == nullptr) {
            terminal_.print("no cookie for " + phone_.pair() + "; the next message starts a new conversation\n");
            return;
        }
        const RestoredSession restored = handler_.codec().restore(cookie->value, {phone_.from, phone_.to}, now_);
        std::string text = "session for " + phone_.pair() + " (" + std::string(describe(restored.outcome)) + ")\n";
        for (const auto& [key, value] : restored.session.entries()) text += "  " + key + " = " + session_value(value) + "\n";
        text += "  started " + utc_time(restored.session.started) + ", last seen " +
                utc_time(restored.session.last_seen) + "\n";
        text += "  cookie forgotten at " + utc_time(cookie->expires_at) + "\n";
        terminal_.print(text);
    }

    const Handler& handler_;
    std::string_view conversation_;
    const ChatOptions& options_;
    Terminal& terminal_;
    devtools::Phone phone_;
    const std::string account_sid_;
    std::int64_t now_; // the simulated clock, Unix seconds
};

} // namespace

ChatArguments split_chat_arguments(const std::vector<std::string_view>& args) {
    ChatArguments split;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::size_t first = i;
        bool is_chat = false;
        for (auto name : kSwitches) is_chat = is_chat || args[i] == name;
        for (auto name : kValueOptions) {
            std::string_view value;
            std::string error;
            is_chat = is_chat || devtools::read_option(args, i, name, value, error);
        }
        auto& to = is_chat ? split.chat : split.config;
        to.insert(to.end(), args.begin() + static_cast<std::ptrdiff_t>(first), args.begin() + static_cast<std::ptrdiff_t>(i + 1));
    }
    return split;
}

int run_chat(const Handler& handler, std::string_view conversation, const std::vector<std::string_view>& args,
             std::FILE* in, std::FILE* out) {
    const auto options = parse_options(args);
    if (!options) return 2;
    Terminal terminal(in, out, options->echo);
    Chat(handler, conversation, *options, terminal).run();
    return 0;
}

void adapt_config_for_chat(Config& config) {
    if (config.session_secret.empty()) config.session_secret = random_secret();
    config.handler.auth_token.clear();
    config.handler.previous_auth_tokens.clear();
}

std::string_view chat_usage() { return kUsage; }

} // namespace sms

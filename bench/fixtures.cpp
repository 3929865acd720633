#include "bench/fixtures.hpp"

#include <ctime>
#include <stdexcept>

#include "request/form.hpp"
#include "signature/twilio_signature.hpp"

namespace sms::bench {

namespace {

constexpr std::string_view kForm =
#include "bench/webhook_form.inc"
    ;
constexpr std::string_view kSecret = "bench-secret-0123456789abcdef0123456789";

// The same form as an earlier message: another MessageSid, so that the
// benchmarked one is not answered as a retry.
std::string first_message_form() {
    std::string form(kForm);
    for (auto at = form.find("0002&"); at != std::string::npos; at = form.find("0002&", at)) form[at + 3] = '1';
    return form;
}

// "name=value; Path=/; ..." -> "name=value"
std::string cookie_from(const Answer& answer) {
    if (answer.response.status != 200 || answer.response.set_cookie.empty()) throw std::runtime_error("no session cookie issued");
    return answer.response.set_cookie.substr(0, answer.response.set_cookie.find(';'));
}

} // namespace

std::string_view webhook_form() { return kForm; }

Request post(const std::string& form, const std::string& content_length, std::int64_t now) {
    Request request;
    request.method = "POST";
    request.content_type = "application/x-www-form-urlencoded";
    request.content_length = content_length;
    request.body = form;
    request.now = now;
    return request;
}

std::string_view scenario_name(Scenario scenario) {
    switch (scenario) {
    case Scenario::returning: return "returning";
    case Scenario::new_sender: return "new_sender";
    case Scenario::encrypted: return "encrypted";
    case Scenario::signed_: return "signed";
    case Scenario::secure: return "secure";
    }
    return "unknown";
}

Handler make_handler(const std::vector<std::string>& settings) {
    std::vector<std::string> environment{"SMS_SESSION_SECRET=" + std::string(kSecret)};
    environment.insert(environment.end(), settings.begin(), settings.end());
    std::vector<const char*> envp;
    for (const auto& entry : environment) envp.push_back(entry.c_str());
    envp.push_back(nullptr);
    auto loaded = load_config(envp.data(), {});
    if (auto* error = std::get_if<std::string>(&loaded)) throw std::runtime_error(*error);
    Config config = std::get<Config>(std::move(loaded));
    auto conversation = make_conversation(config.conversation.name);
    auto made = Handler::from_config(std::move(config), std::move(conversation));
    if (auto* error = std::get_if<std::string>(&made)) throw std::runtime_error(*error);
    return std::get<Handler>(std::move(made));
}

Request Fixture::request() const {
    Request request = post(form, content_length, now);
    request.cookie = cookie;
    if (!signature.empty()) request.twilio_signature = signature;
    return request;
}

std::unique_ptr<Fixture> make_fixture(Scenario scenario) {
    const bool encrypt = scenario == Scenario::encrypted || scenario == Scenario::secure;
    const bool sign = scenario == Scenario::signed_ || scenario == Scenario::secure;
    std::vector<std::string> settings;
    if (encrypt) settings.push_back("SMS_SESSION_ENCRYPT=1");
    if (sign) {
        settings.push_back("TWILIO_AUTH_TOKEN=" + std::string(kAuthToken));
        settings.push_back("SMS_PUBLIC_URL=" + std::string(kPublicUrl));
    }
    auto fixture = std::make_unique<Fixture>(Fixture{make_handler(settings), std::string(kForm),
                                                     std::to_string(kForm.size()), {}, {}, std::time(nullptr)});
    if (sign) {
        Form params;
        if (parse_form(kForm, FormLimits{}, params) != FormError::none) throw std::runtime_error("bad bench form");
        fixture->signature = compute_twilio_signature(kAuthToken, kPublicUrl, params);
    }
    if (scenario != Scenario::new_sender) {
        // The first message, answered by a handler with the same keys but no
        // signature check, gives the cookie a returning sender sends back.
        const Handler first = make_handler(encrypt ? std::vector<std::string>{"SMS_SESSION_ENCRYPT=1"} : std::vector<std::string>{});
        const std::string form = first_message_form();
        const std::string length = std::to_string(form.size());
        fixture->cookie = cookie_from(first.handle(post(form, length, fixture->now)));
    }
    return fixture;
}

} // namespace sms::bench

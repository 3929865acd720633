// The requests the in-process benchmarks (bench/micro) and the callgrind
// driver (bench/handler_driver.cpp) send: Twilio's inbound-SMS form, to a
// handler built from an environment the way sms_fcgi builds it, with a
// cookie obtained the way a real sender gets one (from an earlier reply).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "handler/handler.hpp"

namespace sms::bench {

// The form of bench/webhook_form.inc, answered as the sender's second message.
std::string_view webhook_form();

// A form POST pointing into `form` and `content_length`.
Request post(const std::string& form, const std::string& content_length, std::int64_t now);

// The signed scenarios' Twilio auth token and webhook URL (SMS_PUBLIC_URL).
inline constexpr std::string_view kAuthToken = "bench-auth-token-0123456789abcdef";
inline constexpr std::string_view kPublicUrl = "https://sms.example.com/sms";

enum class Scenario {
    returning,  // a valid signed cookie: restore, verify, count, re-sign
    new_sender, // no cookie: a fresh session, signed
    encrypted,  // SMS_SESSION_ENCRYPT=1: the cookie is opened and sealed with AES-256-GCM
    signed_,    // TWILIO_AUTH_TOKEN set: X-Twilio-Signature checked
    secure,     // encrypted and signed together, as bench/run's sms-secure row
};
constexpr Scenario kScenarios[] = {Scenario::returning, Scenario::new_sender, Scenario::encrypted, Scenario::signed_,
                                   Scenario::secure};
std::string_view scenario_name(Scenario scenario);

struct Fixture {
    Handler handler;
    std::string form;
    std::string content_length;
    std::string cookie;    // Cookie header; empty for a new sender
    std::string signature; // X-Twilio-Signature; empty unless signed
    std::int64_t now = 0;

    // The request, pointing into this fixture.
    Request request() const;
};

std::unique_ptr<Fixture> make_fixture(Scenario scenario);

// The handler sms_fcgi would build from these SMS_* settings (after a secret).
Handler make_handler(const std::vector<std::string>& settings);

} // namespace sms::bench

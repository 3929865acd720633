#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "config/config_summary.hpp"
#include "tests/config/load_environment.hpp"

namespace {

const std::string kSecret = "summary-test-session-secret-0123456789";
const std::string kPrevious = "summary-test-previous-secret-abcdefghij";
const std::string kToken = "summary-test-auth-token-0123456789abcdef";

sms::Config loaded(const std::vector<std::string>& environment, const std::vector<std::string_view>& flags = {}) {
    auto result = sms::test::load_environment(environment, flags);
    BOOST_REQUIRE(std::holds_alternative<sms::Config>(result));
    return std::get<sms::Config>(std::move(result));
}

} // namespace

BOOST_AUTO_TEST_SUITE(config_summary)

BOOST_AUTO_TEST_CASE(says_where_secrets_come_from_and_never_shows_them) {
    const auto config = loaded({"SMS_SESSION_SECRET=" + kSecret, "SMS_SESSION_PREVIOUS_SECRETS=" + kPrevious,
                                "TWILIO_AUTH_TOKEN=" + kToken, "TWILIO_PREVIOUS_AUTH_TOKENS=" + kToken + "x"});
    const std::string summary = sms::config_summary(config, false);
    for (const auto& secret : {kSecret, kPrevious, kToken}) {
        BOOST_TEST_CONTEXT(secret) { BOOST_TEST(summary.find(secret.substr(0, 12)) == std::string::npos, summary); }
    }
    BOOST_TEST(summary.find("  session secret: " + std::to_string(kSecret.size()) +
                            " bytes, from SMS_SESSION_SECRET, 1 previous secret\n") != std::string::npos, summary);
    BOOST_TEST(summary.find("  Twilio signatures: checked, 2 auth tokens, URL rebuilt from each request\n") !=
               std::string::npos, summary);
}

BOOST_AUTO_TEST_CASE(describes_the_socket_and_the_session) {
    const auto config = loaded({"SMS_SESSION_SECRET=" + kSecret},
                               {"--listen", "/run/s.sock", "--listen-owner", "0", "--listen-mode", "660", "--encrypt",
                                "--conversation", "survey", "--threads", "3", "--ping-path", "/ping"});
    const std::string summary = sms::config_summary(config, false);
    for (std::string_view expected : {"  serving: FastCGI on unix socket /run/s.sock (owner uid 0, mode 0660)\n",
                                      "  threads: 3, request timeout 5000 ms\n", "  conversation: survey\n",
                                      "  session cookie: sms_session, encrypted (AES-256-GCM), idle for at most 14400 s\n",
                                      "  health check: /ping\n", "  metrics: off\n"}) {
        BOOST_TEST(summary.find(expected) != std::string::npos, expected << " in\n" << summary);
    }
    BOOST_TEST(sms::config_summary(loaded({}, {"--listen", "127.0.0.1:9000"}), false)
                   .starts_with("  serving: FastCGI on TCP 127.0.0.1:9000\n"));
    BOOST_TEST(sms::config_summary(loaded({}, {"--dev"}), true).find("session secret: a random throwaway") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_socket_needs_an_existing_directory) {
    BOOST_TEST(sms::check_before_serving(loaded({}, {"--listen", "/no-such-dir-here/s.sock"}).process) ==
               "--listen /no-such-dir-here/s.sock: directory /no-such-dir-here: No such file or directory");
    BOOST_TEST(sms::check_before_serving(loaded({}, {"--listen", "/etc/hostname/s.sock"}).process) ==
               "--listen /etc/hostname/s.sock: /etc/hostname is not a directory");
    BOOST_TEST(sms::check_before_serving(loaded({}, {"--listen", "/tmp/s.sock"}).process).empty());
    BOOST_TEST(sms::check_before_serving(loaded({}, {"--listen", "s.sock"}).process).empty());
    BOOST_TEST(sms::check_before_serving(loaded({}, {"--listen", "127.0.0.1:9000"}).process).empty());
    BOOST_TEST(sms::check_before_serving(loaded({}).process).empty());
}

BOOST_AUTO_TEST_SUITE_END()

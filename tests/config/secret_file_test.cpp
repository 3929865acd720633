#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <variant>
#include <vector>

#include "config/config.hpp"

namespace {

// A file under $TMPDIR that is removed when the test ends.
class TempFile {
public:
    explicit TempFile(const std::string& content) {
        const char* dir = std::getenv("TMPDIR");
        path_ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/sms_secret_XXXXXX";
        int fd = ::mkstemp(path_.data());
        BOOST_REQUIRE(fd >= 0);
        ::close(fd);
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempFile() { ::unlink(path_.c_str()); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

std::variant<sms::Config, std::string> load(const std::vector<std::string>& environment) {
    std::vector<const char*> envp;
    for (const auto& entry : environment) envp.push_back(entry.c_str());
    envp.push_back(nullptr);
    return sms::load_config(envp.data(), {});
}

std::string secret_from(const std::vector<std::string>& environment) {
    auto result = load(environment);
    if (const auto* error = std::get_if<std::string>(&result)) BOOST_FAIL("unexpected error: " << *error);
    return std::get<sms::Config>(result).session_secret;
}

std::string error_from(const std::vector<std::string>& environment) {
    auto result = load(environment);
    BOOST_REQUIRE(std::holds_alternative<std::string>(result));
    return std::get<std::string>(result);
}

const std::string kSecret = "0123456789abcdef0123456789abcdef-file";

} // namespace

BOOST_AUTO_TEST_SUITE(secret_file)

BOOST_AUTO_TEST_CASE(reads_the_secret_from_the_file) {
    TempFile file(kSecret);
    BOOST_TEST(secret_from({"SMS_SESSION_SECRET_FILE=" + file.path()}) == kSecret);
}

BOOST_AUTO_TEST_CASE(a_trailing_newline_is_not_part_of_the_secret) {
    TempFile unix_line(kSecret + "\n");
    BOOST_TEST(secret_from({"SMS_SESSION_SECRET_FILE=" + unix_line.path()}) == kSecret);
    TempFile dos_line(kSecret + "\r\n");
    BOOST_TEST(secret_from({"SMS_SESSION_SECRET_FILE=" + dos_line.path()}) == kSecret);
}

BOOST_AUTO_TEST_CASE(inner_whitespace_is_kept) {
    TempFile file(" " + kSecret + " x\n");
    BOOST_TEST(secret_from({"SMS_SESSION_SECRET_FILE=" + file.path()}) == " " + kSecret + " x");
}

BOOST_AUTO_TEST_CASE(an_empty_path_means_unset) {
    BOOST_TEST(secret_from({"SMS_SESSION_SECRET_FILE=", "SMS_SESSION_SECRET=" + kSecret}) == kSecret);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_a_configuration_error) {
    const std::string error = error_from({"SMS_SESSION_SECRET_FILE=/nonexistent/sms_secret"});
    BOOST_TEST(error == "SMS_SESSION_SECRET_FILE: cannot read '/nonexistent/sms_secret': No such file or directory");
}

BOOST_AUTO_TEST_CASE(an_empty_file_is_a_configuration_error) {
    TempFile file("\n");
    BOOST_TEST(error_from({"SMS_SESSION_SECRET_FILE=" + file.path()}) ==
               "SMS_SESSION_SECRET_FILE: '" + file.path() + "' is empty");
}

BOOST_AUTO_TEST_CASE(the_secret_and_the_file_together_are_refused) {
    TempFile file(kSecret);
    // Whatever the order in the environment: which one wins would be a guess.
    const std::string expected =
        "SMS_SESSION_SECRET_FILE: set either SMS_SESSION_SECRET or SMS_SESSION_SECRET_FILE, not both";
    BOOST_TEST(error_from({"SMS_SESSION_SECRET=" + kSecret, "SMS_SESSION_SECRET_FILE=" + file.path()}) == expected);
    BOOST_TEST(error_from({"SMS_SESSION_SECRET_FILE=" + file.path(), "SMS_SESSION_SECRET=" + kSecret}) == expected);
}

// The auth token has its file too, so that a SIGHUP reload can read it
// again (secrets in the environment are wiped at start-up).
BOOST_AUTO_TEST_CASE(reads_the_auth_token_from_its_file) {
    TempFile file("auth-token-from-a-file\n");
    auto result = load({"SMS_SESSION_SECRET=" + kSecret, "TWILIO_AUTH_TOKEN_FILE=" + file.path()});
    BOOST_REQUIRE(std::holds_alternative<sms::Config>(result));
    BOOST_TEST(std::get<sms::Config>(result).handler.auth_token == "auth-token-from-a-file");
    BOOST_TEST(error_from({"SMS_SESSION_SECRET=" + kSecret, "TWILIO_AUTH_TOKEN_FILE=" + file.path(),
                           "TWILIO_AUTH_TOKEN=inline-token"}) ==
               "TWILIO_AUTH_TOKEN_FILE: set either TWILIO_AUTH_TOKEN or TWILIO_AUTH_TOKEN_FILE, not both");
}

BOOST_AUTO_TEST_SUITE_END()

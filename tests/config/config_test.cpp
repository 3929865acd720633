#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "config/config.hpp"
#include "conversation/conversation.hpp"
#include "tests/config/load_environment.hpp"

using sms::Config;

namespace {

Config loaded(const std::vector<std::string>& environment, const std::vector<std::string_view>& flags = {}) {
    auto result = sms::test::load_environment(environment, flags);
    if (const auto* error = std::get_if<std::string>(&result)) BOOST_FAIL("unexpected error: " << *error);
    return std::get<Config>(std::move(result));
}

std::string failure(const std::vector<std::string>& environment, const std::vector<std::string_view>& flags = {}) {
    auto result = sms::test::load_environment(environment, flags);
    BOOST_REQUIRE(std::holds_alternative<std::string>(result));
    return std::get<std::string>(result);
}

int default_threads() {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : static_cast<int>(cores);
}

// A conversation other than the default, when this build has one.
std::string other_conversation() {
    const auto names = sms::conversation_names();
    return std::string(names.back());
}

struct VariableCase {
    std::string entry;
    bool (*applied)(const Config&);
};

// One non-default value for every variable config_help documents.
const std::vector<VariableCase>& variable_cases() {
    static const std::vector<VariableCase> cases{
        {"SMS_SESSION_SECRET=s3cret", [](const Config& c) { return c.session_secret == "s3cret"; }},
        {"SMS_SESSION_PREVIOUS_SECRETS=old1 old2", [](const Config& c) { return c.previous_secrets == "old1 old2"; }},
        {"SMS_DEV=1", [](const Config& c) { return c.process.dev; }},
        {"SMS_LISTEN=127.0.0.1:9000", [](const Config& c) { return c.process.listen == "127.0.0.1:9000"; }},
        {"SMS_LISTEN_OWNER=root", [](const Config& c) { return c.process.listen_owner == 0u; }},
        {"SMS_LISTEN_GROUP=root", [](const Config& c) { return c.process.listen_group == 0u; }},
        {"SMS_LISTEN_MODE=0660", [](const Config& c) { return c.process.listen_mode == 0660u; }},
        {"SMS_THREADS=3", [](const Config& c) { return c.process.threads == 3 && c.process.threads_chosen; }},
        {"SMS_BACKLOG=16", [](const Config& c) { return c.process.backlog == 16; }},
        {"SMS_REQUEST_TIMEOUT=250", [](const Config& c) { return c.process.request_timeout_ms == 250; }},
        {"SMS_MAX_FASTCGI_PARAMS=20000", [](const Config& c) { return c.process.max_fastcgi_params_bytes == 20000; }},
        {"SMS_CONVERSATION=" + other_conversation(), [](const Config& c) { return c.conversation.name == other_conversation(); }},
        {"SMS_OPT_OUT_KEYWORDS=ARRET", [](const Config& c) { return c.handler.opt_out.stop == std::vector<std::string>{"ARRET"}; }},
        {"SMS_OPT_IN_KEYWORDS=GO", [](const Config& c) { return c.handler.opt_out.start == std::vector<std::string>{"GO"}; }},
        {"SMS_HELP_KEYWORDS=AIDE", [](const Config& c) { return c.handler.opt_out.help == std::vector<std::string>{"AIDE"}; }},
        {"SMS_HELP_REPLY=Call us", [](const Config& c) { return c.handler.opt_out.help_reply == "Call us"; }},
        {"SMS_FLOW=flows/survey.json", [](const Config& c) { return c.conversation.flow_file == "flows/survey.json"; }},
        {"SMS_FLOW_MAX_WIDGETS=7", [](const Config& c) { return c.conversation.flow_limits.max_widgets_per_answer == 7; }},
        {"SMS_FLOW_MAX_STORED_TEXT=99", [](const Config& c) { return c.conversation.flow_limits.max_stored_text_bytes == 99; }},
        {"SMS_FLOW_MAX_LOOP_ITERATIONS=15", [](const Config& c) { return c.conversation.flow_limits.render.max_iterations == 15; }},
        {"SMS_FLOW_MAX_RENDER_BYTES=2048", [](const Config& c) { return c.conversation.flow_limits.render.max_output_bytes == 2048; }},
        {"SMS_FLOW_HTTP_TIMEOUT_MS=1500", [](const Config& c) { return c.conversation.flow_limits.call_timeout.count() == 1500; }},
        {"SMS_FLOW_HTTP_BUDGET_MS=4000", [](const Config& c) { return c.conversation.flow_limits.calls_budget.count() == 4000; }},
        {"SMS_FLOW_HTTP_CA_FILE=/etc/ssl/staging.pem", [](const Config& c) { return c.conversation.flow_http_ca_file == "/etc/ssl/staging.pem"; }},
        {"SMS_COOKIE_NAME=sid", [](const Config& c) { return c.handler.session.cookie_name == "sid"; }},
        {"SMS_SESSION_MAX_IDLE=600", [](const Config& c) { return c.handler.session.max_idle_seconds == 600; }},
        {"SMS_SESSION_CLOCK_SKEW=5", [](const Config& c) { return c.handler.session.max_clock_skew_seconds == 5; }},
        {"SMS_SESSION_ENCRYPT=1", [](const Config& c) { return c.handler.session.encrypt; }},
        {"SMS_MAX_SET_COOKIE_BYTES=1000", [](const Config& c) { return c.handler.session.max_set_cookie_bytes == 1000; }},
        {"SMS_MAX_BODY=2048", [](const Config& c) { return c.handler.max_body_bytes == 2048; }},
        {"SMS_MAX_PARAMS=10", [](const Config& c) { return c.handler.form.max_params == 10; }},
        {"SMS_MAX_PARAM_BYTES=100", [](const Config& c) { return c.handler.form.max_field_bytes == 100; }},
        {"SMS_MAX_COOKIE_HEADER=1000", [](const Config& c) { return c.handler.cookies.max_header_bytes == 1000; }},
        {"SMS_MAX_COOKIES=5", [](const Config& c) { return c.handler.cookies.max_cookies == 5; }},
        {"TWILIO_AUTH_TOKEN=tok", [](const Config& c) { return c.handler.auth_token == "tok"; }},
        {"TWILIO_PREVIOUS_AUTH_TOKENS= a  b ",
         [](const Config& c) { return c.handler.previous_auth_tokens == std::vector<std::string>{"a", "b"}; }},
        {"SMS_PUBLIC_URL=https://sms.example.com/hook", [](const Config& c) { return c.handler.public_url == "https://sms.example.com/hook"; }},
        {"SMS_TRUST_FORWARDED=1", [](const Config& c) { return c.handler.trust_forwarded; }},
        {"SMS_LOG_REQUESTS=0", [](const Config& c) { return !c.process.log_requests; }},
        {"SMS_METRICS_LISTEN=127.0.0.1:9464", [](const Config& c) { return c.process.metrics_listen == "127.0.0.1:9464"; }},
        {"SMS_PING_PATH=/sms-ping", [](const Config& c) { return c.handler.ping_path == "/sms-ping"; }},
        {"SMS_LOG_FILE=/var/log/sms_fcgi/sms_fcgi.log", [](const Config& c) { return c.process.log_file == "/var/log/sms_fcgi/sms_fcgi.log"; }},
    };
    return cases;
}

std::string variable_of(const std::string& entry) { return entry.substr(0, entry.find('=')); }

} // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(defaults) {
    const Config c = loaded({});
    BOOST_TEST(c.handler.session.cookie_name == "sms_session");
    BOOST_TEST(c.handler.session.max_idle_seconds == 14400);
    BOOST_TEST(c.handler.session.max_clock_skew_seconds == 60);
    BOOST_TEST(!c.handler.session.encrypt);
    BOOST_TEST(c.handler.session.max_set_cookie_bytes == 4095u);
    BOOST_TEST(c.handler.max_body_bytes == 65536u);
    BOOST_TEST(c.handler.form.max_params == 256u);
    BOOST_TEST(c.handler.form.max_field_bytes == 16384u);
    BOOST_TEST(c.handler.cookies.max_header_bytes == 8192u);
    BOOST_TEST(c.handler.cookies.max_cookies == 64u);
    BOOST_TEST(c.conversation.name == "counter");
    BOOST_TEST(c.handler.auth_token.empty());
    BOOST_TEST(c.handler.previous_auth_tokens.empty());
    BOOST_TEST(c.handler.public_url.empty());
    BOOST_TEST(!c.handler.trust_forwarded);
    BOOST_TEST(c.process.log_requests);
    BOOST_TEST(c.process.listen.empty());
    BOOST_TEST(c.process.threads == default_threads());
    BOOST_TEST(c.process.backlog == 1024);
    BOOST_TEST(c.process.request_timeout_ms == 5000);
    BOOST_TEST(c.process.max_fastcgi_params_bytes == 65536u);
    BOOST_TEST(!c.process.dev);
    BOOST_TEST(c.session_secret.empty());
    BOOST_TEST(c.previous_secrets.empty());
}

BOOST_AUTO_TEST_CASE(fastcgi_parameters_must_leave_room_for_the_largest_cookie_header) {
    BOOST_TEST(failure({"SMS_MAX_COOKIE_HEADER=65536"}) ==
               "SMS_MAX_FASTCGI_PARAMS (65536) must exceed SMS_MAX_COOKIE_HEADER (65536) by at least 4096");
    BOOST_TEST(loaded({"SMS_MAX_COOKIE_HEADER=65536", "SMS_MAX_FASTCGI_PARAMS=69632"}).process.max_fastcgi_params_bytes == 69632u);
}

BOOST_AUTO_TEST_CASE(opt_out_keywords_can_be_switched_off_but_not_emptied) {
    BOOST_TEST(!loaded({"SMS_OPT_OUT_KEYWORDS=off"}).handler.opt_out.keywords);
    BOOST_TEST(loaded({}).handler.opt_out.keywords);
    BOOST_TEST(failure({"SMS_OPT_IN_KEYWORDS= "}) == "SMS_OPT_IN_KEYWORDS: must name at least one keyword");
}

BOOST_AUTO_TEST_CASE(metrics_and_ping_are_off_by_default_and_a_ping_path_is_a_path) {
    BOOST_TEST(loaded({}).process.metrics_listen.empty());
    BOOST_TEST(loaded({}).handler.ping_path.empty());
    BOOST_TEST(failure({"SMS_PING_PATH=sms-ping"}) == "SMS_PING_PATH: must start with '/'");
}

BOOST_AUTO_TEST_CASE(a_null_environment_gives_the_defaults) {
    auto result = sms::load_config(nullptr, {});
    BOOST_REQUIRE(std::holds_alternative<Config>(result));
    BOOST_TEST(std::get<Config>(result).handler.max_body_bytes == 65536u);
}

BOOST_AUTO_TEST_CASE(each_variable_is_read) {
    for (const auto& [entry, applied] : variable_cases()) {
        BOOST_TEST_CONTEXT(entry) {
            BOOST_TEST(!applied(loaded({})));
            // A unix socket first: the socket's owner, group and mode need one.
            BOOST_TEST(applied(loaded({"PATH=/usr/bin", "SMS_LISTEN=/run/sms.sock", entry, "HOME=/root"})));
        }
    }
}

BOOST_AUTO_TEST_CASE(help_documents_every_variable_and_only_those) {
    const std::string help = sms::config_help();
    std::set<std::string> tested{"SMS_SESSION_SECRET_FILE", "TWILIO_AUTH_TOKEN_FILE"}; // in secret_file_test.cpp: they need a file
    for (const auto& c : variable_cases()) tested.insert(variable_of(c.entry));

    std::set<std::string> documented;
    for (std::string_view prefix : {"SMS_", "TWILIO_"}) {
        for (auto at = help.find(prefix); at != std::string::npos; at = help.find(prefix, at + 1)) {
            if (at > 0 && help[at - 1] != ' ') continue; // "SMS_" inside a longer word
            const auto end = help.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_", at);
            documented.insert(help.substr(at, end - at));
        }
    }
    BOOST_TEST(documented == tested);
    for (std::string_view flag : {"--dev", "--listen", "--threads", "--backlog", "--conversation", "--cookie-name",
                                  "--session-max-idle", "--encrypt", "--max-body", "--public-url", "--quiet"}) {
        BOOST_TEST_CONTEXT(flag) { BOOST_TEST(help.find(flag) != std::string::npos); }
    }
    BOOST_TEST(help.find("[default: 14400]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_lists_every_conversation_this_build_has) {
    const std::string help = sms::config_help();
    const auto entry = help.find("SMS_CONVERSATION\n");
    BOOST_REQUIRE(entry != std::string::npos);
    const std::string meaning = help.substr(entry, help.find('\n', help.find('\n', entry) + 1) - entry);
    std::string listed = "one of: ";
    for (auto name : sms::conversation_names()) listed.append(name).append(", ");
    listed.resize(listed.size() - 2);
    BOOST_TEST(meaning.find(listed + " [default: counter]") != std::string::npos, meaning);
}

BOOST_AUTO_TEST_CASE(listen_owner_and_group_are_names_or_ids) {
    const Config c = loaded({"SMS_LISTEN=/run/sms.sock"}, {"--listen-owner", "4321", "--listen-group=8765"});
    BOOST_TEST((c.process.listen_owner == 4321u));
    BOOST_TEST((c.process.listen_group == 8765u));
    BOOST_TEST(failure({"SMS_LISTEN=/run/sms.sock", "SMS_LISTEN_OWNER=no-such-user-here"}) ==
               "SMS_LISTEN_OWNER: no such user 'no-such-user-here'");
    BOOST_TEST(failure({"SMS_LISTEN=/run/sms.sock"}, {"--listen-group=no-such-group-here"}) ==
               "--listen-group: no such group 'no-such-group-here'");
    BOOST_TEST(!loaded({"SMS_LISTEN=/run/sms.sock", "SMS_LISTEN_OWNER=root", "SMS_LISTEN_OWNER="}).process.listen_owner);
}

BOOST_AUTO_TEST_CASE(listen_mode_is_octal_permissions) {
    BOOST_TEST((loaded({"SMS_LISTEN=/run/sms.sock", "SMS_LISTEN_MODE=660"}).process.listen_mode == 0660u));
    BOOST_TEST((loaded({"SMS_LISTEN=/run/sms.sock", "SMS_LISTEN_MODE=0"}).process.listen_mode == 0u));
    BOOST_TEST((loaded({"SMS_LISTEN=/run/sms.sock", "SMS_LISTEN_MODE=0777"}).process.listen_mode == 0777u));
    for (std::string_view bad : {"0668", "1777", "0x1ff", "rw-rw----", "-660", " 660", "07770"}) {
        BOOST_TEST_CONTEXT(bad) {
            BOOST_TEST(failure({"SMS_LISTEN=/run/sms.sock", "SMS_LISTEN_MODE=" + std::string(bad)}) ==
                       "SMS_LISTEN_MODE: must be an octal mode from 0 to 0777, such as 0660");
        }
    }
}

BOOST_AUTO_TEST_CASE(socket_permissions_need_a_unix_socket_of_our_own) {
    BOOST_TEST(failure({"SMS_LISTEN=127.0.0.1:9000", "SMS_LISTEN_MODE=0660"}) ==
               "SMS_LISTEN_OWNER, SMS_LISTEN_GROUP and SMS_LISTEN_MODE apply to a unix socket that --listen PATH "
               "creates, not to HOST:PORT 127.0.0.1:9000");
    BOOST_TEST(failure({}, {"--listen", ":9000", "--listen-owner=root"}).ends_with("not to HOST:PORT :9000"));
    BOOST_TEST(failure({}, {"--listen-group=root"}).ends_with("not to the socket on fd 0"));
    // What libfcgi takes for a path, not a port, is a unix socket.
    BOOST_TEST((loaded({}, {"--listen", "/run/a:b.sock", "--listen-mode=600"}).process.listen_mode == 0600u));
    BOOST_TEST(sms::is_tcp_address("localhost:9000"));
    BOOST_TEST(!sms::is_tcp_address("/run/sms.sock"));
    BOOST_TEST(!sms::is_tcp_address("/run/a:0.sock"));
}

BOOST_AUTO_TEST_CASE(similar_names_are_not_confused) {
    const Config c = loaded({"SMS_MAX_BODY_EXTRA=5", "SMS_MAX_BOD=5", "XSMS_MAX_BODY=5", "SMS_MAX_BODY", "sms_max_body=5"});
    BOOST_TEST(c.handler.max_body_bytes == 65536u);
}

BOOST_AUTO_TEST_CASE(the_last_of_repeated_variables_wins) {
    BOOST_TEST(loaded({"SMS_MAX_BODY=100", "SMS_MAX_BODY=200"}).handler.max_body_bytes == 200u);
}

BOOST_AUTO_TEST_CASE(flag_overrides_environment) {
    const Config c = loaded({"SMS_MAX_BODY=100", "SMS_LISTEN=/env.sock", "SMS_LOG_REQUESTS=1"},
                            {"--max-body=200", "--listen", "/flag.sock", "--quiet"});
    BOOST_TEST(c.handler.max_body_bytes == 200u);
    BOOST_TEST(c.process.listen == "/flag.sock");
    BOOST_TEST(!c.process.log_requests);
}

BOOST_AUTO_TEST_CASE(flag_value_inline_or_separate) {
    BOOST_TEST(loaded({}, {"--threads=7"}).process.threads == 7);
    BOOST_TEST(loaded({}, {"--threads", "7"}).process.threads == 7);
    BOOST_TEST(loaded({}, {"--cookie-name=sid"}).handler.session.cookie_name == "sid");
    BOOST_TEST(loaded({}, {"--cookie-name", "sid"}).handler.session.cookie_name == "sid");
    BOOST_TEST(loaded({}, {"--public-url=https://a/b?c=d"}).handler.public_url == "https://a/b?c=d"); // only the first '=' splits
    BOOST_TEST(loaded({}, {"--session-max-idle", "60", "--backlog=8"}).process.backlog == 8);
    BOOST_TEST(loaded({}, {"--listen="}).process.listen.empty());
    BOOST_TEST(loaded({}, {"--log-file", "/tmp/x.log"}).process.log_file == "/tmp/x.log");
}

BOOST_AUTO_TEST_CASE(flag_without_its_value_is_an_error) {
    BOOST_TEST(failure({}, {"--listen"}) == "--listen needs a value");
    BOOST_TEST(failure({}, {"--dev", "--max-body"}) == "--max-body needs a value");
}

BOOST_AUTO_TEST_CASE(switches_take_no_value) {
    const Config c = loaded({}, {"--dev", "--encrypt", "--quiet"});
    BOOST_TEST(c.process.dev);
    BOOST_TEST(c.handler.session.encrypt);
    BOOST_TEST(!c.process.log_requests);
    BOOST_TEST(!loaded({"SMS_SESSION_ENCRYPT=1"}, {"--encrypt=0"}).handler.session.encrypt);
    BOOST_TEST(loaded({}, {"--dev=yes"}).process.dev);
    // A switch does not swallow the next argument.
    BOOST_TEST(loaded({}, {"--dev", "--threads", "2"}).process.threads == 2);
}

BOOST_AUTO_TEST_CASE(booleans_accept_the_usual_spellings) {
    for (std::string_view yes : {"1", "true", "yes", "on"}) {
        BOOST_TEST_CONTEXT(yes) { BOOST_TEST(loaded({"SMS_DEV=" + std::string(yes)}).process.dev); }
    }
    for (std::string_view no : {"0", "false", "no", "off", ""}) {
        BOOST_TEST_CONTEXT(no) { BOOST_TEST(!loaded({"SMS_DEV=" + std::string(no)}).process.dev); }
    }
    BOOST_TEST(failure({"SMS_DEV=maybe"}) == "SMS_DEV: must be 1 or 0");
    BOOST_TEST(failure({"SMS_TRUST_FORWARDED=TRUE"}) == "SMS_TRUST_FORWARDED: must be 1 or 0");
}

BOOST_AUTO_TEST_CASE(bad_numbers_name_the_variable) {
    for (std::string_view value : {"abc", "", "-1", "0", "1.5", "12x", " 12", "67108865", "99999999999999999999"}) {
        BOOST_TEST_CONTEXT("SMS_MAX_BODY=" << value) {
            BOOST_TEST(failure({"SMS_MAX_BODY=" + std::string(value)}) ==
                       "SMS_MAX_BODY: must be a whole number from 1 to 67108864");
        }
    }
    BOOST_TEST(failure({"SMS_THREADS=1025"}) == "SMS_THREADS: must be a whole number from 0 to 1024");
    // Studio's own limit for one call is 10 s; Twilio waits 15 s for the whole answer.
    BOOST_TEST(failure({"SMS_FLOW_HTTP_TIMEOUT_MS=10001"}) == "SMS_FLOW_HTTP_TIMEOUT_MS: must be a whole number from 1 to 10000");
    BOOST_TEST(failure({"SMS_FLOW_HTTP_BUDGET_MS=0"}) == "SMS_FLOW_HTTP_BUDGET_MS: must be a whole number from 1 to 14000");
    BOOST_TEST(failure({"SMS_BACKLOG=0"}) == "SMS_BACKLOG: must be a whole number from 1 to 65535");
    BOOST_TEST(failure({"SMS_SESSION_MAX_IDLE=0"}).starts_with("SMS_SESSION_MAX_IDLE: "));
    BOOST_TEST(failure({"SMS_SESSION_CLOCK_SKEW=3601"}).starts_with("SMS_SESSION_CLOCK_SKEW: "));
    BOOST_TEST(failure({"SMS_MAX_SET_COOKIE_BYTES=4096"}) == "SMS_MAX_SET_COOKIE_BYTES: must be a whole number from 256 to 4095");
    BOOST_TEST(failure({"SMS_MAX_PARAMS=x"}).starts_with("SMS_MAX_PARAMS: "));
    BOOST_TEST(failure({"SMS_MAX_PARAM_BYTES=0"}).starts_with("SMS_MAX_PARAM_BYTES: "));
    BOOST_TEST(failure({"SMS_MAX_COOKIE_HEADER=0"}).starts_with("SMS_MAX_COOKIE_HEADER: "));
    BOOST_TEST(failure({"SMS_MAX_COOKIES=0"}).starts_with("SMS_MAX_COOKIES: "));
    BOOST_TEST(failure({}, {"--max-body=abc"}) == "--max-body: must be a whole number from 1 to 67108864");
    BOOST_TEST(failure({}, {"--threads", "-2"}) == "--threads: must be a whole number from 0 to 1024");
}

BOOST_AUTO_TEST_CASE(limits_accept_their_bounds) {
    BOOST_TEST(loaded({"SMS_MAX_BODY=1"}).handler.max_body_bytes == 1u);
    BOOST_TEST(loaded({"SMS_MAX_BODY=67108864"}).handler.max_body_bytes == 67108864u);
    BOOST_TEST(loaded({"SMS_MAX_SET_COOKIE_BYTES=256"}).handler.session.max_set_cookie_bytes == 256u);
    BOOST_TEST(loaded({"SMS_SESSION_CLOCK_SKEW=0"}).handler.session.max_clock_skew_seconds == 0);
}

BOOST_AUTO_TEST_CASE(unknown_options_are_errors) {
    BOOST_TEST(failure({}, {"--nope"}) == "unknown option '--nope'");
    BOOST_TEST(failure({}, {"--nope=1"}) == "unknown option '--nope'");
    BOOST_TEST(failure({}, {"serve"}) == "unknown option 'serve'");
    BOOST_TEST(failure({}, {"-d"}) == "unknown option '-d'");
    // Variables without a flag cannot be set as one.
    BOOST_TEST(failure({}, {"--max-params=5"}) == "unknown option '--max-params'");
}

BOOST_AUTO_TEST_CASE(unknown_conversation_is_an_error) {
    BOOST_TEST(failure({"SMS_CONVERSATION=nope"}) == "SMS_CONVERSATION: unknown conversation 'nope'");
    BOOST_TEST(failure({"SMS_CONVERSATION=survey", "SMS_FLOW=flows/survey.json"}) ==
               "set either SMS_FLOW (--flow) or SMS_CONVERSATION (--conversation), not both");
    BOOST_TEST(failure({"SMS_FLOW_MAX_STORED_TEXT=0"}).starts_with("SMS_FLOW_MAX_STORED_TEXT: "));
    BOOST_TEST(failure({}, {"--conversation", "Counter"}) == "--conversation: unknown conversation 'Counter'");
    BOOST_TEST(failure({"SMS_CONVERSATION="}) == "SMS_CONVERSATION: unknown conversation ''");
}

BOOST_AUTO_TEST_CASE(cookie_name_must_be_a_token) {
    for (std::string_view name : {"", "a b", "a;b", "a=b", "a,b", "a\"b", "(a)", "caf\xc3\xa9", "a\tb"}) {
        BOOST_TEST_CONTEXT("'" << name << "'") {
            BOOST_TEST(failure({"SMS_COOKIE_NAME=" + std::string(name)}) == "SMS_COOKIE_NAME: must be an RFC 6265 token");
        }
    }
    BOOST_TEST(loaded({"SMS_COOKIE_NAME=__Host-sms.v1!#$%&'*+^`|~"}).handler.session.cookie_name == "__Host-sms.v1!#$%&'*+^`|~");
}

BOOST_AUTO_TEST_SUITE_END()

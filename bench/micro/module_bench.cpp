// Each step of a request on its own, in the order the handler and the server
// loop take them, on the same request as the handler benchmarks.
#include <benchmark/benchmark.h>

#include <utility>

#include "bench/micro/counters.hpp"
#include "bench/fixtures.hpp"
#include "handler/log_fields.hpp"
#include "request/cookie_header.hpp"
#include "request/form.hpp"
#include "server/cgi_environment.hpp"
#include "server/cgi_response.hpp"
#include "signature/twilio_signature.hpp"
#include "twiml/messaging_response.hpp"

namespace sms::bench {

namespace {

// What nginx sends with nginx.conf.example's fastcgi_params, plus the
// request headers it forwards as HTTP_*.
std::vector<std::string> fastcgi_environment(const Fixture& fixture) {
    return {"REQUEST_METHOD=POST",
            "CONTENT_TYPE=application/x-www-form-urlencoded",
            "CONTENT_LENGTH=" + fixture.content_length,
            "QUERY_STRING=",
            "REQUEST_URI=/sms",
            "REQUEST_SCHEME=https",
            "HTTPS=on",
            "SERVER_PORT=443",
            "HTTP_HOST=sms.example.com",
            "HTTP_USER_AGENT=TwilioProxy/1.1",
            "HTTP_ACCEPT=*/*",
            "HTTP_CONTENT_TYPE=application/x-www-form-urlencoded",
            "HTTP_CONTENT_LENGTH=" + fixture.content_length,
            "HTTP_COOKIE=" + fixture.cookie,
            "HTTP_X_TWILIO_SIGNATURE=" + fixture.signature,
            "HTTP_I_TWILIO_IDEMPOTENCY_TOKEN=00000000-0000-0000-0000-000000000000"};
}

std::string_view cookie_value(const Fixture& fixture) {
    return std::string_view(fixture.cookie).substr(fixture.cookie.find('=') + 1);
}

// The From/To pair of bench/webhook_form.inc, as the handler reads it.
const ConversationPair kPair{"+14155550100", "+14155550199"};

template <typename Step>
void run(benchmark::State& state, Step step) {
    const auto before = heap_allocations();
    for (auto _ : state) step();
    report_allocations(state, before);
}

void read_environment(benchmark::State& state) {
    const auto fixture = make_fixture(Scenario::returning);
    const auto environment = fastcgi_environment(*fixture);
    std::vector<const char*> envp;
    for (const auto& entry : environment) envp.push_back(entry.c_str());
    envp.push_back(nullptr);
    run(state, [&] {
        Request request;
        read_cgi_environment(envp.data(), request);
        benchmark::DoNotOptimize(request);
    });
}
BENCHMARK(read_environment);

void find_session_cookie(benchmark::State& state) {
    const auto fixture = make_fixture(Scenario::returning);
    const HandlerSettings& settings = fixture->handler.settings();
    run(state, [&] {
        FoundCookie found;
        benchmark::DoNotOptimize(find_cookie(fixture->cookie, {}, settings.session.cookie_name, settings.cookies, found));
        benchmark::DoNotOptimize(found);
    });
}
BENCHMARK(find_session_cookie);

void parse_webhook_form(benchmark::State& state) {
    run(state, [&] {
        Form form;
        benchmark::DoNotOptimize(parse_form(webhook_form(), FormLimits{}, form));
        benchmark::DoNotOptimize(form);
    });
}
BENCHMARK(parse_webhook_form);

void check_signature(benchmark::State& state) {
    const auto fixture = make_fixture(Scenario::signed_);
    Form form;
    parse_form(fixture->form, FormLimits{}, form);
    const SignatureValidator validator({std::string(kAuthToken)});
    if (!validator.valid(fixture->signature, kPublicUrl, form)) {
        state.SkipWithError("the fixture's signature does not verify");
        return;
    }
    run(state, [&] { benchmark::DoNotOptimize(validator.valid(fixture->signature, kPublicUrl, form)); });
}
BENCHMARK(check_signature);

// Cookie verify + decode.
void restore_session(benchmark::State& state, Scenario scenario) {
    const auto fixture = make_fixture(scenario);
    const SessionCodec& codec = fixture->handler.codec();
    if (codec.restore(cookie_value(*fixture), kPair, fixture->now).outcome != RestoreOutcome::restored) {
        state.SkipWithError("the fixture's cookie does not restore");
        return;
    }
    run(state, [&] { benchmark::DoNotOptimize(codec.restore(cookie_value(*fixture), kPair, fixture->now)); });
}
BENCHMARK_CAPTURE(restore_session, signed, Scenario::returning);
BENCHMARK_CAPTURE(restore_session, encrypted, Scenario::encrypted);

// Encode + sign (or seal) into the Set-Cookie value.
void store_session(benchmark::State& state, Scenario scenario) {
    const auto fixture = make_fixture(scenario);
    const SessionCodec& codec = fixture->handler.codec();
    Session session = codec.restore(cookie_value(*fixture), kPair, fixture->now).session;
    session.set("counter", 2);
    run(state, [&] { benchmark::DoNotOptimize(codec.set_cookie(session, kPair, true)); });
}
BENCHMARK_CAPTURE(store_session, signed, Scenario::returning);
BENCHMARK_CAPTURE(store_session, encrypted, Scenario::encrypted);

void write_twiml(benchmark::State& state) {
    run(state, [&] {
        twiml::MessagingResponse reply;
        reply.message("Hello, thanks for message number 2");
        benchmark::DoNotOptimize(std::move(reply).to_string()); // as the handler takes it
    });
}
BENCHMARK(write_twiml);

void render_response(benchmark::State& state) {
    const auto fixture = make_fixture(Scenario::returning);
    const Response response = fixture->handler.handle(fixture->request()).response;
    std::string out; // reused, as the server loop reuses its buffer
    run(state, [&] {
        out.clear();
        render_cgi_response(response, out);
        benchmark::DoNotOptimize(out);
    });
}
BENCHMARK(render_response);

void format_log(benchmark::State& state) {
    const auto fixture = make_fixture(Scenario::returning);
    const Answer answer = fixture->handler.handle(fixture->request());
    std::string lines; // reused, as the server loop reuses its buffer
    run(state, [&] {
        lines.clear();
        append_log_line(lines, answer, fixture->now, 120);
        benchmark::DoNotOptimize(lines);
    });
}
BENCHMARK(format_log);

} // namespace

} // namespace sms::bench

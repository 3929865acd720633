// make-http-request and run-function against a fake HTTP client: what is
// sent (method, URL, body, headers, time limits), how each answer is read
// (success and failed, parsed JSON), what the log and the cookie keep, and
// the loader's rules for URLs and content types.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "flow/cookie_budget.hpp"
#include "handler/log_fields.hpp"
#include "request/form.hpp"
#include "signature/twilio_signature.hpp"
#include "tests/flow/flow_kit.hpp"

namespace sms {

namespace {

using namespace std::chrono_literals;
using test::flow_json;
using test::replies;

// Answers every request with what `answer` makes of it, and keeps each request.
class FakeClient final : public http::Client {
public:
    explicit FakeClient(std::function<http::Response(const http::Request&)> answer) : answer_(std::move(answer)) {}

    http::Response send(const http::Request& request) const override {
        const std::lock_guard lock(mutex_);
        sent_.push_back(request);
        return answer_(request);
    }

    std::vector<http::Request> sent() const {
        const std::lock_guard lock(mutex_);
        return sent_;
    }

private:
    std::function<http::Response(const http::Request&)> answer_;
    mutable std::mutex mutex_;
    mutable std::vector<http::Request> sent_;
};

http::Response answer(long status, std::string body, std::string content_type = "application/json",
                      std::chrono::milliseconds elapsed = 7ms) {
    http::Response response;
    response.status = status;
    response.body = std::move(body);
    response.content_type = std::move(content_type);
    response.elapsed = elapsed;
    return response;
}

http::Response no_answer(http::Transport transport, std::chrono::milliseconds elapsed = 7ms) {
    http::Response response;
    response.transport = transport;
    response.transport_error = "the fake says no";
    response.elapsed = elapsed;
    return response;
}

bool has_header(const http::Request& request, std::string_view header) {
    return std::find(request.headers.begin(), request.headers.end(), header) != request.headers.end();
}

// A sender texting a flow whose calls go to `client`.
struct CallingSender : test::Sender<flow::FlowConversation> {
    CallingSender(std::string_view json, std::shared_ptr<FakeClient> client_, flow::FlowLimits limits = {},
                  std::shared_ptr<const KeyedHmac> token = nullptr)
        : test::Sender<flow::FlowConversation>(
              flow::FlowConversation(test::compile_flow(json), limits, flow::CallChannel{client_, std::move(token)})),
          client(std::move(client_)) {}
    std::shared_ptr<FakeClient> client;
};

// A make-http-request widget `name` going to NAME_ok or NAME_failed, and
// those two send-messages.
std::string request_widget(std::string_view name, std::string_view properties, std::string_view ok_body,
                           std::string_view failed_body = "failed {{widgets.lookup.status_code}}") {
    const std::string n(name);
    return R"({"name": ")" + n + R"(", "type": "make-http-request", "properties": )" + std::string(properties) +
           R"(, "transitions": [{"event": "success", "next": ")" + n + R"(_ok"}, {"event": "failed", "next": ")" + n +
           R"(_failed"}]},
        {"name": ")" + n + R"(_ok", "type": "send-message", "properties": {"body": ")" + std::string(ok_body) +
           R"("}, "transitions": [{"event": "sent"}]},
        {"name": ")" + n + R"(_failed", "type": "send-message", "properties": {"body": ")" + std::string(failed_body) +
           R"("}, "transitions": [{"event": "sent"}]})";
}

flow::FlowLimits budget_limits(std::chrono::milliseconds call_timeout, std::chrono::milliseconds calls_budget) {
    flow::FlowLimits limits;
    limits.call_timeout = call_timeout;
    limits.calls_budget = calls_budget;
    return limits;
}

const std::string kCustomer =
    R"({"name": "Ada", "plan": {"tier": "gold", "limits": [5, 10, 20]}, "tags": ["a", "b", "c"], "active": true})";

} // namespace

BOOST_AUTO_TEST_SUITE(flow_calls)

BOOST_AUTO_TEST_CASE(get_puts_the_parameters_in_the_query_and_reads_parsed_json) {
    auto client = std::make_shared<FakeClient>([](const http::Request&) { return answer(200, kCustomer); });
    CallingSender sender(flow_json("lookup", request_widget("lookup", R"({"method": "GET",
        "content_type": "application/x-www-form-urlencoded;charset=utf-8",
        "url": "https://api.example.com/customers?v=2",
        "parameters": [{"key": "phone", "value": "{{contact.channel.address}}"}, {"key": "q", "value": "{{trigger.message.Body}}"}]})",
        "{{widgets.lookup.parsed.name}} {{widgets.lookup.parsed.plan.tier}} {{widgets.lookup.parsed.plan.limits[1]}} "
        "{{widgets.lookup.parsed.tags.size}} {{widgets.lookup.parsed.tags.last}} {{widgets.lookup.status_code}} "
        "{{widgets.lookup.content_type}}")),
        client);
    BOOST_TEST(sender.send("a b&c") == replies({"Ada gold 10 3 c 200 application/json"}));
    const auto sent = client->sent();
    BOOST_TEST_REQUIRE(sent.size() == 1u);
    BOOST_TEST(sent[0].method == "GET");
    BOOST_TEST(sent[0].url == "https://api.example.com/customers?v=2&phone=%2B15551230001&q=a+b%26c");
    BOOST_TEST(sent[0].body.empty());
    BOOST_TEST(!sent[0].follow_redirects);
    BOOST_TEST(sent[0].verify_tls);
    BOOST_TEST(sent[0].max_body_bytes == 64u * 1024u);
    BOOST_TEST(sent[0].timeout.count() == 5000);
    BOOST_TEST(describe_calls(sender.outcome.calls) == "lookup GET api.example.com 200 7ms");
    BOOST_TEST(sender.session.empty()); // read only in the answer that called
}

BOOST_AUTO_TEST_CASE(form_post_sends_the_parameters_as_the_body) {
    auto client = std::make_shared<FakeClient>([](const http::Request&) { return answer(201, "{}"); });
    CallingSender sender(flow_json("save", request_widget("save", R"({"method": "POST",
        "content_type": "application/x-www-form-urlencoded;charset=utf-8", "url": "http://127.0.0.1:8080/answers",
        "parameters": [{"key": "answer", "value": "{{trigger.message.Body}}"}, {"key": "n", "value": "1"}]})",
        "saved {{widgets.save.status_code}}")),
        client);
    BOOST_TEST(sender.send("yes, 100%") == replies({"saved 201"}));
    const auto sent = client->sent();
    BOOST_TEST_REQUIRE(sent.size() == 1u);
    BOOST_TEST(sent[0].method == "POST");
    BOOST_TEST(sent[0].url == "http://127.0.0.1:8080/answers");
    BOOST_TEST(sent[0].body == "answer=yes%2C+100%25&n=1");
    BOOST_TEST(has_header(sent[0], "Content-Type: application/x-www-form-urlencoded;charset=utf-8"));
    BOOST_TEST(!has_header(sent[0], "X-Twilio-Signature: ")); // only run-function signs
    BOOST_TEST(describe_calls(sender.outcome.calls) == "save POST 127.0.0.1:8080 201 7ms");
}

BOOST_AUTO_TEST_CASE(json_post_sends_the_rendered_body) {
    auto client = std::make_shared<FakeClient>([](const http::Request& r) {
        return answer(200, R"({"echo": )" + r.body + "}");
    });
    CallingSender sender(flow_json("post", request_widget("post", R"({"method": "POST",
        "content_type": "application/json;charset=utf-8", "url": "https://api.example.com/v1/echo",
        "body": "{\"answer\": \"{{trigger.message.Body}}\", \"n\": 2}"})",
        "{{widgets.post.parsed.echo.answer}} {{widgets.post.parsed.echo.n | plus: 1}}")),
        client);
    BOOST_TEST(sender.send("blue") == replies({"blue 3"}));
    const auto sent = client->sent();
    BOOST_TEST_REQUIRE(sent.size() == 1u);
    BOOST_TEST(sent[0].body == R"({"answer": "blue", "n": 2})");
    BOOST_TEST(sent[0].url == "https://api.example.com/v1/echo");
    BOOST_TEST(has_header(sent[0], "Content-Type: application/json;charset=utf-8"));
}

BOOST_AUTO_TEST_CASE(a_text_answer_has_a_body_and_nothing_parsed) {
    auto client = std::make_shared<FakeClient>([](const http::Request&) {
        return answer(200, R"({"name": "not json by its type"})", "text/plain; charset=utf-8");
    });
    CallingSender sender(flow_json("t", request_widget("t", R"({"method": "GET", "url": "https://api.example.com/t"})",
                                                       "[{{widgets.t.body}}] [{{widgets.t.parsed.name}}]")),
                         client);
    BOOST_TEST(sender.send("x") == replies({R"([{"name": "not json by its type"}] [])"}));
}

BOOST_AUTO_TEST_CASE(every_kind_of_failure_takes_failed_and_is_logged_by_its_word) {
    struct Case {
        http::Response response;
        std::string reply;
        std::string status;
    };
    const std::vector<Case> cases = {
        {answer(404, R"({"error": "no such customer"})"), "failed 404 no such customer", "404"},
        {answer(503, "busy", "text/plain"), "failed 503 ", "503"},
        {answer(302, ""), "failed 302 ", "302"},
        {no_answer(http::Transport::timed_out), "failed 0 ", "timeout"},
        {no_answer(http::Transport::connect_failed), "failed 0 ", "refused"},
        {no_answer(http::Transport::resolve_failed), "failed 0 ", "unresolved"},
        {no_answer(http::Transport::certificate_invalid), "failed 0 ", "tls"},
        {no_answer(http::Transport::failed), "failed 0 ", "failed"},
        {answer(200, std::string(64 * 1024 + 1, 'x'), "text/plain"), "failed 200 ", "too-large"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.status) {
            auto client = std::make_shared<FakeClient>([&c](const http::Request&) { return c.response; });
            CallingSender sender(
                flow_json("lookup", request_widget("lookup", R"({"method": "GET", "url": "https://api.example.com/c"})",
                                                   "ok", "failed {{widgets.lookup.status_code}} {{widgets.lookup.parsed.error}}")),
                client);
            BOOST_TEST(sender.send("x") == replies({c.reply}));
            BOOST_TEST(describe_calls(sender.outcome.calls) == "lookup GET api.example.com " + c.status + " 7ms");
        }
    }
    // A body of exactly the limit is read whole.
    auto client = std::make_shared<FakeClient>(
        [](const http::Request&) { return answer(200, std::string(64 * 1024, 'x'), "text/plain"); });
    CallingSender sender(flow_json("lookup", request_widget("lookup", R"({"method": "GET", "url": "https://api.example.com/c"})",
                                                            "{{widgets.lookup.body.size}}")),
                         client);
    BOOST_TEST(sender.send("x") == replies({"65536"}));
}

BOOST_AUTO_TEST_CASE(the_budget_bounds_every_call_of_an_answer_together) {
    // Three calls in a row, each taking 60 ms by the fake's clock, with a 100 ms budget.
    auto client = std::make_shared<FakeClient>([](const http::Request&) { return answer(200, "{}", "application/json", 60ms); });
    const std::string call = R"("type": "make-http-request", "properties": {"method": "GET", "url": "https://api.example.com/x"})";
    CallingSender sender(flow_json("one", R"({"name": "one", )" + call + R"(,
            "transitions": [{"event": "success", "next": "two"}, {"event": "failed", "next": "two"}]},
        {"name": "two", )" + call + R"(, "transitions": [{"event": "success", "next": "three"}, {"event": "failed", "next": "three"}]},
        {"name": "three", )" + call + R"(, "transitions": [{"event": "success", "next": "ok"}, {"event": "failed", "next": "late"}]},
        {"name": "ok", "type": "send-message", "properties": {"body": "all made"}, "transitions": [{"event": "sent"}]},
        {"name": "late", "type": "send-message", "properties": {"body": "three: {{widgets.three.status_code}}"},
         "transitions": [{"event": "sent"}]})"),
                         client, budget_limits(80ms, 100ms));
    BOOST_TEST(sender.send("x") == replies({"three: 0"}));
    const auto sent = client->sent();
    BOOST_TEST_REQUIRE(sent.size() == 2u); // the third never went out
    BOOST_TEST(sent[0].timeout.count() == 80);
    BOOST_TEST(sent[1].timeout.count() == 40); // what the budget had left
    BOOST_TEST(describe_calls(sender.outcome.calls) ==
               "one GET api.example.com 200 60ms; two GET api.example.com 200 60ms; three GET api.example.com budget 0ms");
}

BOOST_AUTO_TEST_CASE(run_function_posts_a_form_signed_as_twilio_signs) {
    auto client = std::make_shared<FakeClient>([](const http::Request&) { return answer(200, R"({"slot": "10:30"})"); });
    const std::string json = flow_json("fn", R"({"name": "fn", "type": "run-function", "properties": {
            "service_sid": "ZS00000000000000000000000000000000", "environment_sid": "ZE00000000000000000000000000000000",
            "function_sid": "ZH00000000000000000000000000000000", "url": "https://demo-1234.twil.io/slots",
            "parameters": [{"key": "day", "value": "{{trigger.message.Body}}"}, {"key": "from", "value": "{{contact.channel.address}}"}]},
         "transitions": [{"event": "success", "next": "said"}, {"event": "fail", "next": "sorry"}]},
        {"name": "said", "type": "send-message", "properties": {"body": "At {{widgets.fn.parsed.slot}}"}, "transitions": [{"event": "sent"}]},
        {"name": "sorry", "type": "send-message", "properties": {"body": "sorry"}, "transitions": [{"event": "sent"}]})");
    const std::string token = "12345678901234567890123456789012";
    CallingSender sender(json, client, {}, std::make_shared<const KeyedHmac>("SHA1", token));
    BOOST_TEST(sender.send("monday") == replies({"At 10:30"}));
    auto sent = client->sent();
    BOOST_TEST_REQUIRE(sent.size() == 1u);
    BOOST_TEST(sent[0].method == "POST");
    BOOST_TEST(sent[0].url == "https://demo-1234.twil.io/slots");
    BOOST_TEST(sent[0].body == "day=monday&from=%2B15551230001");
    const Form params{{"day", "monday"}, {"from", "+15551230001"}};
    BOOST_TEST(has_header(sent[0], "X-Twilio-Signature: " +
                                       compute_twilio_signature(token, "https://demo-1234.twil.io/slots", params)));
    BOOST_TEST(describe_calls(sender.outcome.calls) == "fn POST demo-1234.twil.io 200 7ms");

    // Without a token, no signature; fail goes to its own state.
    auto failing = std::make_shared<FakeClient>([](const http::Request&) { return answer(500, ""); });
    CallingSender unsigned_sender(json, failing);
    BOOST_TEST(unsigned_sender.send("monday") == replies({"sorry"}));
    sent = failing->sent();
    BOOST_TEST_REQUIRE(sent.size() == 1u);
    BOOST_TEST(std::none_of(sent[0].headers.begin(), sent[0].headers.end(),
                            [](const std::string& h) { return h.starts_with("X-Twilio-Signature"); }));
}

BOOST_AUTO_TEST_CASE(results_read_after_a_wait_ride_in_the_cookie_and_only_those) {
    auto client = std::make_shared<FakeClient>([](const http::Request&) { return answer(200, kCustomer); });
    CallingSender sender(flow_json("lookup", R"(
        {"name": "lookup", "type": "make-http-request", "properties": {"method": "GET", "url": "https://api.example.com/c"},
         "transitions": [{"event": "success", "next": "ask"}, {"event": "failed", "next": "ask"}]},
        {"name": "ask", "type": "send-and-wait-for-reply",
         "properties": {"body": "Hi {{widgets.lookup.parsed.name}}, tags {{widgets.lookup.parsed.tags.size}}. Topic?"},
         "transitions": [{"event": "incomingMessage", "next": "thanks"}]},
        {"name": "thanks", "type": "send-message",
         "properties": {"body": "{{widgets.lookup.parsed.name}} ({{widgets.lookup.parsed.plan.tier}}, {{widgets.lookup.parsed.plan.limits}}): {{widgets.ask.inbound.Body}} [{{widgets.lookup.parsed.tags.size}}]"},
         "transitions": [{"event": "sent"}]})"),
                         client);
    BOOST_TEST(sender.send("hello") == replies({"Hi Ada, tags 3. Topic?"}));
    BOOST_TEST(sender.session.get_string("c.lookup.parsed.name").value_or("") == "sAda");
    BOOST_TEST(sender.session.get_string("c.lookup.parsed.plan.tier").value_or("") == "sgold");
    BOOST_TEST(sender.session.get_string("c.lookup.parsed.plan.limits").value_or("") == "j[5,10,20]");
    // tags.size is read after the wait too: the whole array is kept for it.
    BOOST_TEST(sender.session.get_string("c.lookup.parsed.tags").value_or("") == R"(j["a","b","c"])");
    BOOST_TEST(!sender.session.get_string("c.lookup.parsed.active").has_value()); // never read
    BOOST_TEST(sender.send("refunds") == replies({"Ada (gold, 51020): refunds [3]"}));
    BOOST_TEST(client->sent().size() == 1u);
    BOOST_TEST(sender.outcome.calls.empty()); // nothing called again
}

BOOST_AUTO_TEST_CASE(a_result_too_long_for_the_cookie_is_cut_or_dropped_with_a_note) {
    auto client = std::make_shared<FakeClient>([](const http::Request&) {
        return answer(200, R"({"name": ")" + std::string(300, 'n') + R"(", "list": [")" + std::string(300, 'l') + R"("]})");
    });
    CallingSender sender(flow_json("lookup", R"(
        {"name": "lookup", "type": "make-http-request", "properties": {"method": "GET", "url": "https://api.example.com/c"},
         "transitions": [{"event": "success", "next": "ask"}]},
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "?"},
         "transitions": [{"event": "incomingMessage", "next": "then"}]},
        {"name": "then", "type": "send-message",
         "properties": {"body": "{{widgets.lookup.parsed.name.size}} [{{widgets.lookup.parsed.list.size}}]"},
         "transitions": [{"event": "sent"}]})"),
                         client);
    BOOST_TEST(sender.send("hello") == replies({"?"}));
    BOOST_TEST(sender.outcome.note.find("list is too long to keep in the cookie") != std::string::npos);
    BOOST_TEST(sender.send("x") == replies({"256 []"})); // the list was not kept: undefined
}

BOOST_AUTO_TEST_CASE(a_senders_text_stays_inside_the_url_it_was_put_in) {
    auto client = std::make_shared<FakeClient>([](const http::Request&) { return answer(200, "{}"); });
    CallingSender sender(flow_json("lookup", request_widget("lookup",
        R"({"method": "GET", "url": "https://api.example.com/find/{{trigger.message.Body}}"})", "ok")), client);
    for (const std::string body : {"@evil.example/x", "x\r\nHost: evil.example", "../../admin?y=1#z", "//evil.example"}) {
        BOOST_TEST(sender.send(body) == replies({"ok"}));
        const auto url = client->sent().back().url;
        BOOST_TEST_CONTEXT(url) {
            BOOST_TEST(url.starts_with("https://api.example.com/find/"));
            BOOST_TEST(url.find_first_of(" \r\n") == std::string::npos);
        }
    }
    BOOST_TEST(client->sent()[1].url == "https://api.example.com/find/x%0D%0AHost:%20evil.example");
}

BOOST_AUTO_TEST_CASE(the_loader_refuses_a_url_whose_scheme_or_host_is_not_literal) {
    const auto errors_for = [](std::string_view properties) {
        const auto errors = test::load_errors(flow_json("c", request_widget("c", properties, "ok")));
        std::string all;
        for (const auto& e : errors) all += e + "\n";
        return all;
    };
    BOOST_TEST(errors_for(R"({"method": "GET", "url": "{{flow.variables.base}}/x"})").find(
                   "does not start with http:// or https://") != std::string::npos);
    BOOST_TEST(errors_for(R"({"method": "GET", "url": "ftp://files.example.com/x"})").find(
                   "does not start with http:// or https://") != std::string::npos);
    BOOST_TEST(errors_for(R"({"method": "GET", "url": "https://{{trigger.message.Body}}/x"})").find(
                   "its host is made by a template") != std::string::npos);
    BOOST_TEST(errors_for(R"({"method": "GET", "url": "https://api.{{flow.variables.zone}}.example.com/"})").find(
                   "its host is made by a template") != std::string::npos);
    BOOST_TEST(errors_for(R"({"method": "GET", "url": "https://api.example.com{{trigger.message.Body}}"})").find(
                   "a template follows the host") != std::string::npos);
    BOOST_TEST(errors_for(R"({"method": "GET"})").find("no url") != std::string::npos);
    BOOST_TEST(errors_for(R"({"method": "PUT", "url": "https://api.example.com/"})").find(
                   "method \"PUT\" is not GET or POST") != std::string::npos);
    BOOST_TEST(errors_for(R"({"method": "GET", "content_type": "application/json", "url": "https://api.example.com/"})")
                   .find("a GET request has no JSON body") != std::string::npos);
    BOOST_TEST(errors_for(R"({"method": "POST", "content_type": "text/xml", "url": "https://api.example.com/"})")
                   .find("content_type \"text/xml\" is not") != std::string::npos);
    // A template after the first '/', '?' or '#' is fine; so is HTTPS in capitals.
    for (const std::string_view url : {"https://api.example.com/{{trigger.message.Body}}", "HTTPS://api.example.com:8443?q={{trigger.message.Body}}"}) {
        BOOST_TEST_CONTEXT(url) {
            const auto loaded = flow::load_flow(flow_json("c", request_widget("c", R"({"method": "GET", "url": ")" + std::string(url) + R"("})", "ok")));
            BOOST_TEST(std::holds_alternative<flow::LoadedFlow>(loaded));
        }
    }
}

BOOST_AUTO_TEST_CASE(reading_a_whole_result_after_a_wait_is_refused) {
    const auto errors = test::load_errors(flow_json("lookup", R"(
        {"name": "lookup", "type": "make-http-request", "properties": {"method": "GET", "url": "https://api.example.com/c"},
         "transitions": [{"event": "success", "next": "ask"}]},
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "?"},
         "transitions": [{"event": "incomingMessage", "next": "then"}]},
        {"name": "then", "type": "send-message", "properties": {"body": "{{widgets.lookup}}"}, "transitions": [{"event": "sent"}]})"));
    BOOST_TEST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].find("reads all of widgets.lookup after a wait") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(flow_check_sizes_the_cookie_with_the_kept_results) {
    const flow::Flow flow = test::compile_flow(flow_json("lookup", R"(
        {"name": "lookup", "type": "make-http-request", "properties": {"method": "GET", "url": "https://api.example.com/c"},
         "transitions": [{"event": "success", "next": "ask"}]},
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "{{widgets.lookup.parsed.now}}"},
         "transitions": [{"event": "incomingMessage", "next": "then"}]},
        {"name": "then", "type": "send-message", "properties": {"body": "{{widgets.lookup.parsed.later}}"},
         "transitions": [{"event": "sent"}]})"));
    BOOST_TEST(flow.calls_out());
    const auto& stored = flow.states[1].call.stored;
    BOOST_TEST_REQUIRE(stored.size() == 1u); // parsed.now is read before the wait only
    BOOST_TEST(stored[0].key == "c.lookup.parsed.later");
    const auto budget = flow::cookie_budget(flow, flow::FlowLimits{}, SessionOptions{});
    const auto kept = std::find_if(budget.items.begin(), budget.items.end(),
                                   [](const auto& item) { return item.key == "c.lookup.parsed.later"; });
    BOOST_TEST_REQUIRE((kept != budget.items.end()));
    BOOST_TEST(kept->max_value_bytes == 257u); // 256 and the tag byte
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms

#include <boost/test/unit_test.hpp>

#include "metrics/labels.hpp"
#include "metrics/request_sample.hpp"
#include "handler/opt_out.hpp"
#include "session/codec.hpp"

using sms::Answer;
using sms::metrics::request_sample;

BOOST_AUTO_TEST_SUITE(metrics_request_sample)

BOOST_AUTO_TEST_CASE(each_known_status_has_its_own_index_and_others_share_one) {
    for (std::size_t i = 0; i < sms::metrics::kStatuses.size(); ++i) {
        Answer r;
        r.response.status = sms::metrics::kStatuses[i];
        BOOST_TEST(request_sample(r, 0).status == i);
    }
    Answer teapot;
    teapot.response.status = 418;
    BOOST_TEST(request_sample(teapot, 0).status == sms::metrics::kStatuses.size());
}

BOOST_AUTO_TEST_CASE(every_session_outcome_the_codec_describes_has_a_label) {
    using sms::RestoreOutcome;
    for (auto outcome : {RestoreOutcome::fresh, RestoreOutcome::restored, RestoreOutcome::rotated, RestoreOutcome::malformed,
                         RestoreOutcome::bad_mac, RestoreOutcome::expired, RestoreOutcome::future,
                         RestoreOutcome::unknown_version, RestoreOutcome::wrong_mode, RestoreOutcome::ambiguous,
                         RestoreOutcome::other_pair}) {
        Answer r;
        r.record.session_outcome = sms::describe(outcome);
        const unsigned index = request_sample(r, 0).session_outcome;
        BOOST_TEST_CONTEXT(r.record.session_outcome) {
            BOOST_REQUIRE(index < sms::metrics::kSessionOutcomes.size());
            BOOST_TEST(sms::metrics::kSessionOutcomes[index] == r.record.session_outcome);
        }
    }
    for (std::string_view other : {"duplicate", "opt-out", "opt-in", "help"}) {
        Answer r;
        r.record.session_outcome = other;
        BOOST_TEST(sms::metrics::kSessionOutcomes[request_sample(r, 0).session_outcome] == other);
    }
}

BOOST_AUTO_TEST_CASE(opt_out_keywords_are_counted_by_type) {
    using sms::metrics::OptOutType;
    const auto type_of = [](std::string body) {
        sms::Form form;
        BOOST_REQUIRE(sms::parse_form("Body=" + body, sms::FormLimits{}, form) == sms::FormError::none);
        Answer r;
        r.record.session_outcome = sms::describe(sms::classify_opt_out(form, sms::OptOutSettings{}));
        return sms::metrics::opt_out_type(r.record);
    };
    BOOST_TEST((type_of("STOP") == OptOutType::stop));
    BOOST_TEST((type_of("start") == OptOutType::start));
    BOOST_TEST((type_of("INFO") == OptOutType::help));
    BOOST_TEST(!type_of("hello").has_value());
}

BOOST_AUTO_TEST_CASE(no_session_and_no_signature_failure_are_out_of_range) {
    const Answer error = sms::error_answer(413, "request body too large");
    const SmsMetricsRequest sample = request_sample(error, 0.25);
    BOOST_TEST(sms::metrics::kStatuses[sample.status] == 413);
    BOOST_TEST(sample.session_outcome == sms::metrics::kSessionOutcomes.size());
    BOOST_TEST(sample.signature_failure == sms::metrics::kSignatureFailures.size());
    BOOST_TEST(sample.seconds == 0.25);
}

BOOST_AUTO_TEST_CASE(signature_failures_map_to_their_labels) {
    Answer r;
    r.record.signature_failure = sms::SignatureFailure::missing;
    BOOST_TEST(sms::metrics::kSignatureFailures[request_sample(r, 0).signature_failure] == "missing");
    r.record.signature_failure = sms::SignatureFailure::invalid;
    BOOST_TEST(sms::metrics::kSignatureFailures[request_sample(r, 0).signature_failure] == "invalid");
}

BOOST_AUTO_TEST_CASE(a_flow_calls_outcome_is_its_status_class_or_its_word) {
    using sms::metrics::call_outcome;
    using sms::metrics::kCallOutcomes;
    const auto label = [](std::string status) {
        return kCallOutcomes[call_outcome(sms::CallRecord{"lookup", "GET", "api.example.com", std::move(status), {}})];
    };
    BOOST_TEST(label("200") == "2xx");
    BOOST_TEST(label("204") == "2xx");
    BOOST_TEST(label("302") == "3xx");
    BOOST_TEST(label("404") == "4xx");
    BOOST_TEST(label("503") == "5xx");
    BOOST_TEST(label("101") == "other-status");
    BOOST_TEST(label("999") == "other-status");
    for (std::string_view word : {"timeout", "refused", "unresolved", "tls", "too-large", "budget", "failed"}) {
        BOOST_TEST(label(std::string(word)) == word);
    }
    BOOST_TEST(label("bad-url") == "failed"); // the loader makes it impossible; counted all the same
}

BOOST_AUTO_TEST_SUITE_END()

// X-Twilio-Signature against vectors decided by the official twilio npm
// package (tests/signature/vectors: generator, notes and pinned version).
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "signature/twilio_signature.hpp"

namespace {

struct SignatureVector {
    std::string name;
    std::string token;
    std::string url;
    std::vector<std::pair<std::string, std::string>> params;
    std::string signature;
    bool valid;
};

const std::vector<SignatureVector> kVectors = {
#include "tests/signature/vectors/vectors.inc"
};

sms::Form form_of(const std::vector<std::pair<std::string, std::string>>& params) {
    sms::Form form;
    for (const auto& [name, value] : params) form.add(name, value);
    return form;
}

std::string joined(const sms::UrlPieces& pieces) {
    return std::string(pieces[0]).append(pieces[1]).append(pieces[2]);
}

} // namespace

BOOST_AUTO_TEST_SUITE(twilio_signature)

BOOST_AUTO_TEST_CASE(every_vector_decided_as_the_official_library_decides) {
    BOOST_REQUIRE_GE(kVectors.size(), 100u);
    std::size_t accepted = 0;
    for (const auto& v : kVectors) {
        sms::SignatureValidator validator({v.token});
        BOOST_TEST_CONTEXT(v.name) { BOOST_TEST(validator.valid(v.signature, v.url, form_of(v.params)) == v.valid); }
        accepted += v.valid ? 1 : 0;
    }
    BOOST_TEST(accepted > 50u);
    BOOST_TEST(accepted < kVectors.size());
}

BOOST_AUTO_TEST_CASE(computed_signature_matches_twilio_for_the_url_as_signed) {
    // Twilio's documented example, reproduced by the generator.
    const sms::Form form{{"CallSid", "CA1234567890ABCDE"},
                         {"Caller", "+14158675310"},
                         {"Digits", "1234"},
                         {"From", "+14158675310"},
                         {"To", "+18005551212"}};
    BOOST_TEST(sms::compute_twilio_signature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", form) ==
               "GvWf1cFY/Q7PnoempGyD5oXAezc=");
}

BOOST_AUTO_TEST_CASE(a_signature_made_by_compute_is_accepted_and_one_changed_byte_is_not) {
    for (const auto& v : kVectors) {
        if (v.params.empty()) continue;
        const sms::Form form = form_of(v.params);
        const std::string signature = sms::compute_twilio_signature(v.token, v.url, form);
        sms::SignatureValidator validator({v.token});
        BOOST_TEST_CONTEXT(v.name) {
            BOOST_TEST(validator.valid(signature, v.url, form));
            auto params = v.params;
            params.back().second.push_back('x');
            const sms::Form altered = form_of(params);
            BOOST_TEST(!validator.valid(signature, v.url, altered));
        }
    }
}

BOOST_AUTO_TEST_CASE(previous_tokens_are_accepted_during_rotation) {
    const auto& v = kVectors.front();
    BOOST_REQUIRE(v.valid);
    sms::SignatureValidator rotated({"new-token-0123456789abcdef012345", v.token});
    BOOST_TEST(rotated.valid(v.signature, v.url, form_of(v.params)));
    sms::SignatureValidator retired({"new-token-0123456789abcdef012345"});
    BOOST_TEST(!retired.valid(v.signature, v.url, form_of(v.params)));
    BOOST_TEST(!sms::SignatureValidator({}).enabled());
}

BOOST_AUTO_TEST_CASE(ports_are_removed_or_defaulted_like_twilio_node) {
    const auto without_port = [](std::string_view url) { return joined(sms::port_forms(url).without_port); };
    const auto with_default_port = [](std::string_view url) { return joined(sms::port_forms(url).with_port); };
    BOOST_TEST(without_port("https://h:8443/p?x=1") == "https://h/p?x=1");
    BOOST_TEST(without_port("https://u:pw@h:8443") == "https://u:pw@h");
    BOOST_TEST(with_default_port("https://h/p") == "https://h:443/p");
    BOOST_TEST(with_default_port("HTTPS://h/p") == "HTTPS://h:443/p");
    BOOST_TEST(with_default_port("http://h?x") == "http://h:80?x");
    BOOST_TEST(with_default_port("https://[::1]/p") == "https://[::1]:443/p");
    BOOST_TEST(with_default_port("https://h:8443/p") == "https://h:8443/p");
    BOOST_TEST(without_port("not a url") == "not a url");
    BOOST_TEST(with_default_port("not a url") == "not a url");
}

BOOST_AUTO_TEST_CASE(names_and_values_are_signed_without_separators_as_twilio_does) {
    // Twilio's scheme, not ours to fix: {To: "a", ToCity: ""} and
    // {To: "aToCity"} sign the same text, "ToaToCity".
    const sms::Form split{{"To", "a"}, {"ToCity", ""}};
    const sms::Form joined{{"To", "aToCity"}};
    const std::string url = "https://sms.example.com/sms";
    const std::string signature = sms::compute_twilio_signature("12345", url, split);
    BOOST_TEST(sms::compute_twilio_signature("12345", url, joined) == signature);
    BOOST_TEST(sms::SignatureValidator({"12345"}).valid(signature, url, joined));
}

BOOST_AUTO_TEST_SUITE_END()

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <set>
#include <string>

#include "session/key_ring.hpp"
#include "tests/session/test_keys.hpp"

using sms::KeyRing;
using sms::SessionKey;
using namespace sms::test;

namespace {

std::string hex(const unsigned char* data, std::size_t size) {
    std::string out;
    char two[3];
    for (std::size_t i = 0; i < size; ++i) {
        std::snprintf(two, sizeof two, "%02x", data[i]);
        out.append(two);
    }
    return out;
}

std::string error_of(std::string_view current, std::string_view previous) {
    auto ring = KeyRing::from_secrets(current, previous);
    BOOST_REQUIRE(std::holds_alternative<std::string>(ring));
    return std::get<std::string>(ring);
}

// True when any 6-byte run of `secret` appears in `text`.
bool quotes(std::string_view text, std::string_view secret) {
    for (std::size_t i = 0; i + 6 <= secret.size(); ++i) {
        if (text.find(secret.substr(i, 6)) != std::string_view::npos) return true;
    }
    return false;
}

constexpr std::string_view kSep("\0", 1);

} // namespace

BOOST_AUTO_TEST_SUITE(key_ring)

// Pins the key derivation: cookies must stay valid across builds. Expected
// values computed independently (Python hmac/hashlib HKDF, `openssl kdf`).
BOOST_AUTO_TEST_CASE(hkdf_and_hmac_known_answers) {
    const SessionKey key(kSecretA);
    const sms::Mac mac = key.mac({"v1", kSep, "sms_session", kSep, "AAAA"});
    BOOST_TEST(hex(mac.data(), mac.size()) == "fc402392e3e1c70c0881efee44cb8488b03687ded1c9d2b905975c44ff3a3b13");
    BOOST_TEST(hex(key.aead_key().data(), key.aead_key().size()) ==
               "30fca3a8c1e1d7518039def54ed00695499cfbe40a62550d85233e8074643778");
}

BOOST_AUTO_TEST_CASE(mac_covers_the_concatenation_of_parts) {
    const SessionKey key(kSecretA);
    BOOST_TEST((key.mac({"ab", "c"}) == key.mac({"a", "bc"})));
    BOOST_TEST((key.mac({"abc"}) == key.mac({"", "abc", ""})));
    BOOST_TEST((key.mac({"abc"}) != key.mac({"abd"})));
    BOOST_TEST((key.mac({"abc"}) == key.mac({"abc"}))); // the keyed context is reusable
}

BOOST_AUTO_TEST_CASE(different_secrets_derive_different_keys) {
    const SessionKey a(kSecretA), b(kSecretB), a_again(kSecretA);
    BOOST_TEST((a.mac({"x"}) != b.mac({"x"})));
    BOOST_TEST((a.aead_key() != b.aead_key()));
    BOOST_TEST((a.mac({"x"}) == a_again.mac({"x"})));
    BOOST_TEST((a.aead_key() == a_again.aead_key()));
}

BOOST_AUTO_TEST_CASE(ring_holds_current_then_previous) {
    const KeyRing ring = make_key_ring(kSecretA, std::string(kSecretB) + " \t\n " + std::string(kRetiredSecret) + " ");
    BOOST_REQUIRE(ring.keys().size() == 3u);
    BOOST_TEST((ring.signing_key().mac({"x"}) == SessionKey(kSecretA).mac({"x"})));
    BOOST_TEST((ring.keys()[1].mac({"x"}) == SessionKey(kSecretB).mac({"x"})));
    BOOST_TEST((ring.keys()[2].mac({"x"}) == SessionKey(kRetiredSecret).mac({"x"})));
    BOOST_TEST(make_key_ring(kSecretA).keys().size() == 1u);
    BOOST_TEST(make_key_ring(kSecretA, "   ").keys().size() == 1u);
}

BOOST_AUTO_TEST_CASE(missing_secret_is_an_error) {
    BOOST_TEST(error_of("", "") == "SMS_SESSION_SECRET is not set (use --dev for a throwaway secret)");
    BOOST_TEST(!quotes(error_of("", kSecretB), kSecretB));
}

BOOST_AUTO_TEST_CASE(short_secret_is_an_error_that_does_not_quote_it) {
    const std::string_view short_secret = kSecretA.substr(0, 31);
    const std::string error = error_of(short_secret, "");
    BOOST_TEST(error == "SMS_SESSION_SECRET is 31 bytes; at least 32 are required");
    BOOST_TEST(!quotes(error, short_secret));
    BOOST_TEST(std::holds_alternative<KeyRing>(KeyRing::from_secrets(kSecretA.substr(0, 32), "")));
}

BOOST_AUTO_TEST_CASE(short_previous_entry_is_an_error_that_quotes_no_secret) {
    const std::string_view short_secret = kRetiredSecret.substr(0, 20);
    const std::string previous = std::string(kSecretB) + " " + std::string(short_secret);
    const std::string error = error_of(kSecretA, previous);
    BOOST_TEST(error == "SMS_SESSION_PREVIOUS_SECRETS entry 2 is 20 bytes; at least 32 are required");
    BOOST_TEST(!quotes(error, kSecretA));
    BOOST_TEST(!quotes(error, kSecretB));
    BOOST_TEST(!quotes(error, short_secret));
}

BOOST_AUTO_TEST_CASE(random_secret_is_64_hex_digits_and_fresh) {
    std::set<std::string> seen;
    for (int i = 0; i < 8; ++i) {
        const std::string secret = sms::random_secret();
        BOOST_TEST(secret.size() == 64u);
        BOOST_TEST(secret.find_first_not_of("0123456789abcdef") == std::string::npos);
        BOOST_TEST(std::holds_alternative<KeyRing>(KeyRing::from_secrets(secret, "")));
        seen.insert(secret);
    }
    BOOST_TEST(seen.size() == 8u);
}

BOOST_AUTO_TEST_SUITE_END()

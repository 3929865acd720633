#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <vector>

#include "crypto/aead.hpp"

using sms::AeadKey;
using sms::KeyedAead;

namespace {

AeadKey key_of(unsigned char fill) {
    AeadKey key;
    key.fill(fill);
    return key;
}

} // namespace

BOOST_AUTO_TEST_SUITE(keyed_aead)

// The key is set up on the first seal or open, whichever thread gets there.
BOOST_AUTO_TEST_CASE(threads_racing_to_the_first_use_all_seal_with_the_key) {
    const KeyedAead aead(key_of(7));
    std::vector<std::string> sealed(8);
    std::vector<std::thread> threads;
    for (auto& out : sealed) threads.emplace_back([&aead, &out] { out = aead.seal({"ad"}, "payload"); });
    for (auto& thread : threads) thread.join();
    for (const auto& out : sealed) {
        BOOST_TEST(aead.open({"ad"}, out).value_or("") == "payload");
        BOOST_TEST(sms::aead_open(key_of(7), "ad", out).value_or("") == "payload");
    }
}

BOOST_AUTO_TEST_CASE(copies_share_the_key) {
    const KeyedAead aead(key_of(1));
    const KeyedAead copy = aead;
    BOOST_TEST(copy.open({"ad"}, aead.seal({"ad"}, "x")).value_or("") == "x");
    BOOST_TEST((copy.key() == key_of(1)));
}

BOOST_AUTO_TEST_CASE(a_first_open_sets_the_key_up_too) {
    const std::string sealed = sms::aead_seal(key_of(2), "ad", "text");
    BOOST_TEST(KeyedAead(key_of(2)).open({"ad"}, sealed).value_or("") == "text");
    BOOST_TEST(!KeyedAead(key_of(3)).open({"ad"}, sealed));
}

// The codec passes the associated data in parts (version, name, the pair).
BOOST_AUTO_TEST_CASE(associated_data_in_parts_is_their_concatenation) {
    const KeyedAead aead(key_of(4));
    const std::string sealed = aead.seal({"e2", "", "name", "pair"}, "text", "pre");
    BOOST_TEST(sealed.substr(0, 3) == "pre");
    const std::string_view rest = std::string_view(sealed).substr(3);
    BOOST_TEST(sms::aead_open(key_of(4), "e2namepair", rest).value_or("") == "text");
    BOOST_TEST(aead.open({"e2na", "mep", "air"}, rest).value_or("") == "text");
    BOOST_TEST(!aead.open({"e2", "name", "pai"}, rest));
    BOOST_TEST(!aead.open({"e2", "name", "pair", "x"}, rest));
}

BOOST_AUTO_TEST_SUITE_END()

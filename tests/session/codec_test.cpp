#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "crypto/aead.hpp"
#include "text/base64.hpp"
#include "session/codec.hpp"
#include "session/payload.hpp"
#include "tests/session/test_keys.hpp"

namespace data = boost::unit_test::data;
using sms::KeyRing;
using sms::RestoreOutcome;
using sms::Session;
using sms::SessionCodec;
using sms::SessionOptions;
using namespace sms::test;

namespace {

constexpr std::int64_t kNow = 1800000000;
constexpr std::int64_t kMaxIdle = 4 * 3600;
constexpr std::int64_t kSkew = 60;
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kSep("\0", 1);
constexpr bool kEncryptModes[] = {false, true};
const sms::ConversationPair kPair{"+14155552671", "+15005550006"};

SessionCodec make_codec(bool encrypt, KeyRing ring = make_key_ring(kSecretA), SessionOptions options = {}) {
    options.encrypt = encrypt;
    return SessionCodec(std::move(ring), std::move(options));
}

Session sample_session(std::int64_t last_seen = kNow - 10) {
    Session s;
    s.started = last_seen - 100;
    s.last_seen = last_seen;
    s.last_message = sms::message_id("SM0123456789abcdef0123456789abcdef");
    s.set("counter", std::int64_t{3});
    s.set("name", std::string("Ada"));
    return s;
}

bool restores(std::string_view outcome) { return outcome == "restored" || outcome == "rotated"; }

// The outcome's log name, which Boost.Test can print; also checks that a
// rejected cookie never leaks any of its content into the session.
std::string_view outcome_of(const SessionCodec& codec, std::string_view cookie, std::int64_t now = kNow,
                            const sms::ConversationPair& pair = kPair) {
    const sms::RestoredSession r = codec.restore(cookie, pair, now);
    const std::string_view outcome = sms::describe(r.outcome);
    if (!restores(outcome)) BOOST_TEST((r.session == Session{}));
    return outcome;
}

// A changed pair check reads as another pair's cookie.
bool is_rejected_as_tampered(std::string_view outcome) {
    return outcome == "rejected:bad-mac" || outcome == "rejected:malformed" || outcome == "rejected:other-pair";
}

// RFC 6265 section 4.1.1 cookie-octet.
bool is_cookie_octet(char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B) ||
           (c >= 0x5D && c <= 0x7E);
}

std::string base64url_of(const sms::Mac& tag) {
    return sms::text::base64url_encode(std::string_view(reinterpret_cast<const char*>(tag.data()), tag.size()));
}

// A version 1 cookie, as the program wrote them before version 2.
std::string signed_cookie_v1(const sms::SessionKey& key, std::string_view name, std::string_view payload_text) {
    return "v1." + std::string(payload_text) + "." + base64url_of(key.mac({"v1", kSep, name, kSep, payload_text}));
}

std::string sealed_cookie_v1(const sms::SessionKey& key, std::string_view name, std::string_view payload) {
    const std::string ad = "e1" + std::string(kSep) + std::string(name);
    return "e1." + sms::text::base64url_encode(sms::aead_seal(key.aead_key(), ad, payload));
}

void put_leb128(std::string& out, std::uint64_t n) {
    for (; n >= 0x80; n >>= 7) out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    out.push_back(static_cast<char>(n));
}

// The version 1 payload of `s` (started, last_seen, MessageSid, reply, then
// the entries), written out here because the program only reads it now.
std::string payload_v1(const Session& s, std::string_view message_sid, std::string_view reply) {
    std::string out;
    put_leb128(out, static_cast<std::uint64_t>(s.started));
    put_leb128(out, static_cast<std::uint64_t>(s.last_seen));
    put_leb128(out, message_sid.size());
    out.append(message_sid);
    put_leb128(out, reply.size());
    out.append(reply);
    Session entries_only;
    for (const auto& [key, value] : s.entries()) entries_only.set(key, value);
    return out + sms::encode_payload(entries_only).substr(3); // after kind, started and idle (all 0)
}

// The pair as the MAC and the associated data take it: LEB128 lengths
// (all under 128 here), each before its number.
std::string pair_bytes(const sms::ConversationPair& pair) {
    return std::string(1, static_cast<char>(pair.from.size())) + std::string(pair.from) +
           std::string(1, static_cast<char>(pair.to.size())) + std::string(pair.to);
}

// The 2-byte pair check: FNV-1a-32 of the pair bytes, low 16 bits first.
std::string pair_check(const sms::ConversationPair& pair) {
    std::uint32_t hash = 2166136261u;
    for (char c : pair_bytes(pair)) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    return {static_cast<char>(hash & 0xff), static_cast<char>(hash >> 8 & 0xff)};
}

// A version 2 cookie made by hand from the documented layout.
std::string signed_cookie(const sms::SessionKey& key, std::string_view name, std::string_view payload,
                          const sms::ConversationPair& pair = kPair) {
    const std::string text = sms::text::base64url_encode(pair_check(pair) + std::string(payload));
    return "v2." + text + "." + base64url_of(key.mac({"v2", kSep, name, kSep, pair_bytes(pair), text}));
}

std::string sealed_cookie(const sms::SessionKey& key, std::string_view name, std::string_view payload,
                          const sms::ConversationPair& pair = kPair) {
    const std::string ad = "e2" + std::string(kSep) + std::string(name) + std::string(kSep) + pair_bytes(pair);
    return "e2." + sms::text::base64url_encode(pair_check(pair) + sms::aead_seal(key.aead_key(), ad, payload));
}

// The kinds of hostile cookie the tamper stress test makes.
enum Mutation { bit_flip, truncation, extension, splice, alphabet_swap, retired_secret, expired, future, cross_mode,
                other_pair, kMutations };

// '-' -> '+' and '_' -> '/': the cookie as a standard-base64 codec would write it.
void swap_to_standard_alphabet(std::string& cookie, std::mt19937_64& rng) {
    std::vector<std::size_t> positions;
    for (std::size_t i = 3; i < cookie.size(); ++i) {
        if (cookie[i] == '-' || cookie[i] == '_') positions.push_back(i);
    }
    const auto swapped = [](char c) { return c == '-' ? '+' : '/'; };
    if (positions.empty()) {
        cookie[3 + rng() % (cookie.size() - 3)] = rng() % 2 ? '+' : '/';
    } else if (rng() % 2) {
        for (std::size_t i : positions) cookie[i] = swapped(cookie[i]);
    } else {
        const std::size_t i = positions[rng() % positions.size()];
        cookie[i] = swapped(cookie[i]);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(codec)

BOOST_AUTO_TEST_CASE(describe_names_every_outcome) {
    BOOST_TEST(sms::describe(RestoreOutcome::fresh) == "new");
    BOOST_TEST(sms::describe(RestoreOutcome::restored) == "restored");
    BOOST_TEST(sms::describe(RestoreOutcome::rotated) == "rotated");
    BOOST_TEST(sms::describe(RestoreOutcome::malformed) == "rejected:malformed");
    BOOST_TEST(sms::describe(RestoreOutcome::bad_mac) == "rejected:bad-mac");
    BOOST_TEST(sms::describe(RestoreOutcome::expired) == "rejected:expired");
    BOOST_TEST(sms::describe(RestoreOutcome::future) == "rejected:future");
    BOOST_TEST(sms::describe(RestoreOutcome::unknown_version) == "rejected:unknown-version");
    BOOST_TEST(sms::describe(RestoreOutcome::wrong_mode) == "rejected:wrong-mode");
}

BOOST_DATA_TEST_CASE(round_trip, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    const Session s = sample_session();
    const std::string cookie = codec.encode(s, kPair);
    BOOST_TEST(cookie.substr(0, 3) == (encrypt ? "e2." : "v2."));
    const sms::RestoredSession r = codec.restore(cookie, kPair, kNow);
    BOOST_TEST(sms::describe(r.outcome) == "restored");
    BOOST_TEST((r.session == s));
}

// Pins the signed format: the layout documented in codec.hpp, with a MAC
// computed independently (Python hmac/hashlib, HKDF as in key_ring.cpp).
BOOST_AUTO_TEST_CASE(signed_cookie_is_byte_exact) {
    Session s;
    s.started = 1700000000;
    s.last_seen = 1700000100;
    s.last_message = sms::message_id("SM0123456789abcdef0123456789abcdef");
    s.set("counter", std::int64_t{2});
    const std::string expected = "v2.Vu0BASNFZ4mrze8BI0VniavN74Diz6oGZAEHY291bnRlcgAE.qSNjciiHpcw3xhCOlMlFrc6Eh53iwew8A3lIlwrawg4";
    const SessionCodec codec = make_codec(false);
    BOOST_TEST(codec.encode(s, kPair) == expected);
    BOOST_TEST(outcome_of(codec, expected, 1700000100) == "restored");
}

// Cookies issued before version 2 (this one by the previous release, pinned
// in its tests) still restore, for any pair (they were bound to none), and
// are re-issued as version 2, bound to the pair.
BOOST_AUTO_TEST_CASE(version_1_cookies_restore_and_are_reissued_as_version_2) {
    const std::string issued_by_v1 = "v1.gOLPqgbk4s-qBgNTTTEBcgEHY291bnRlcgAE.MNyFHEjeZUIwR8Cr8SyAK9ezGVAnyzM7BZLlzGrDfEA";
    const SessionCodec codec = make_codec(false);
    const sms::RestoredSession r = codec.restore(issued_by_v1, kPair, 1700000100);
    BOOST_TEST(sms::describe(r.outcome) == "restored");
    BOOST_TEST(r.session.started == 1700000000);
    BOOST_TEST(r.session.last_seen == 1700000100);
    BOOST_TEST((r.session.last_message == sms::message_id("SM1")));
    BOOST_TEST(r.session.get_int("counter").value() == 2);
    const std::string reissued = codec.encode(r.session, kPair);
    BOOST_TEST(reissued.substr(0, 3) == "v2.");
    BOOST_TEST(outcome_of(codec, reissued, 1700000100) == "restored");
    BOOST_TEST(outcome_of(codec, issued_by_v1, 1700000100, {"+1999", "+1888"}) == "restored");
}

BOOST_DATA_TEST_CASE(version_1_cookies_of_both_modes_restore, data::make(kEncryptModes), encrypt) {
    const sms::SessionKey key(kSecretA);
    const SessionCodec codec = make_codec(encrypt);
    Session s = sample_session();
    const std::string payload = payload_v1(s, "SM0123456789abcdef0123456789abcdef", "<Response/>");
    const std::string cookie = encrypt ? sealed_cookie_v1(key, "sms_session", payload)
                                       : signed_cookie_v1(key, "sms_session", sms::text::base64url_encode(payload));
    const sms::RestoredSession r = codec.restore(cookie, kPair, kNow);
    BOOST_TEST(sms::describe(r.outcome) == "restored");
    BOOST_TEST((r.session == s));
    BOOST_TEST(codec.encode(r.session, kPair).substr(0, 3) == (encrypt ? "e2." : "v2."));
    // The other mode's version 1 is the other mode.
    BOOST_TEST(outcome_of(make_codec(!encrypt), cookie) == "rejected:wrong-mode");
}

BOOST_DATA_TEST_CASE(cookie_is_bound_to_its_pair, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    const std::string cookie = codec.encode(sample_session(), kPair);
    BOOST_TEST(outcome_of(codec, cookie) == "restored");
    for (const sms::ConversationPair& other : {sms::ConversationPair{"+14155552672", kPair.to},
                                               sms::ConversationPair{kPair.from, "+15005550007"},
                                               sms::ConversationPair{kPair.to, kPair.from},
                                               sms::ConversationPair{"", ""},
                                               sms::ConversationPair{"+1415555267", "2+15005550006"}}) {
        BOOST_TEST_CONTEXT(other.from << " -> " << other.to) {
            BOOST_TEST(outcome_of(codec, cookie, kNow, other) == "rejected:other-pair");
        }
    }
    // The check is 16 bits: a pair that shares it still fails the MAC.
    const sms::SessionKey key(kSecretA);
    const std::string payload = sms::encode_payload(sample_session());
    const std::string forged_check = encrypt ? sealed_cookie(key, "sms_session", payload, {"+1", "+2"})
                                             : signed_cookie(key, "sms_session", payload, {"+1", "+2"});
    std::string relabelled = sms::text::base64url_decode(forged_check.substr(3, forged_check.find('.', 3) - 3)).value();
    relabelled.replace(0, 2, pair_check(kPair));
    const std::string with_our_check = forged_check.substr(0, 3) + sms::text::base64url_encode(relabelled) +
                                       (encrypt ? "" : forged_check.substr(forged_check.find('.', 3)));
    BOOST_TEST(outcome_of(codec, with_our_check) == "rejected:bad-mac");
}

// What a counter conversation's cookie weighs: its whole name=value.
BOOST_DATA_TEST_CASE(a_counter_cookie_is_small, data::make(kEncryptModes), encrypt) {
    Session s;
    s.started = kNow - 3 * 3600;
    s.last_seen = kNow;
    s.last_message = sms::message_id("SMffffffffffffffffffffffffffffffff");
    s.set("counter", std::int64_t{1000});
    const std::string header = make_codec(encrypt).set_cookie(s, {"+441234567890", "+15005550006"}, true).value();
    BOOST_TEST(header.substr(0, header.find(';')).size() <= (encrypt ? 140u : 120u));
}

BOOST_AUTO_TEST_CASE(hand_made_cookies_in_the_documented_layout_restore) {
    const Session s = sample_session();
    const std::string payload = sms::encode_payload(s);
    const sms::SessionKey key(kSecretA);
    BOOST_TEST(outcome_of(make_codec(false), signed_cookie(key, "sms_session", payload)) == "restored");
    BOOST_TEST(outcome_of(make_codec(true), sealed_cookie(key, "sms_session", payload)) == "restored");
}

BOOST_DATA_TEST_CASE(no_cookie_is_a_fresh_session, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    const sms::RestoredSession none = codec.restore(std::nullopt, kPair, kNow);
    BOOST_TEST(sms::describe(none.outcome) == "new");
    BOOST_TEST((none.session == Session{}));
    BOOST_TEST(outcome_of(codec, "") == "new");
}

BOOST_DATA_TEST_CASE(every_character_replaced_is_rejected, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    const std::string cookie = codec.encode(sample_session(), kPair);
    std::size_t tried = 0;
    for (std::size_t i = 0; i < cookie.size(); ++i) {
        for (char c : kAlphabet) {
            if (c == cookie[i]) continue;
            std::string tampered = cookie;
            tampered[i] = c;
            ++tried;
            const std::string_view outcome = outcome_of(codec, tampered);
            BOOST_TEST_CONTEXT("position " << i << " -> '" << c << "': " << outcome) {
                // The version prefix may turn into another known or unknown version.
                if (i < 3) BOOST_TEST(!restores(outcome));
                else BOOST_TEST(is_rejected_as_tampered(outcome));
            }
        }
    }
    const auto dots = static_cast<std::size_t>(std::count(cookie.begin(), cookie.end(), '.'));
    BOOST_TEST(tried == cookie.size() * 63 + dots);
}

BOOST_DATA_TEST_CASE(every_truncation_is_rejected, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    const std::string cookie = codec.encode(sample_session(), kPair);
    BOOST_TEST(outcome_of(codec, cookie.substr(0, 0)) == "new");
    for (std::size_t n = 1; n < cookie.size(); ++n) {
        BOOST_TEST_CONTEXT("length " << n) { BOOST_TEST(is_rejected_as_tampered(outcome_of(codec, cookie.substr(0, n)))); }
    }
}

BOOST_DATA_TEST_CASE(extensions_are_rejected, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    const std::string cookie = codec.encode(sample_session(), kPair);
    for (std::string_view suffix : {"A", "AA", "AAA", "AAAA", "AAAAAAAA", "-", "_", ".", ".A", "=", "==", " ", ";"}) {
        BOOST_TEST_CONTEXT("suffix '" << suffix << "'") {
            BOOST_TEST(is_rejected_as_tampered(outcome_of(codec, cookie + std::string(suffix))));
        }
    }
    BOOST_TEST(is_rejected_as_tampered(outcome_of(codec, cookie + std::string(1, '\0'))));
    BOOST_TEST(is_rejected_as_tampered(outcome_of(codec, cookie.substr(0, 3) + "AAAA" + cookie.substr(3))));
}

BOOST_DATA_TEST_CASE(splices_of_two_valid_cookies_are_rejected, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    Session other = sample_session();
    other.set("counter", std::int64_t{4});
    const std::string a = codec.encode(sample_session(), kPair);
    const std::string b = codec.encode(other, kPair);
    BOOST_REQUIRE(a.size() == b.size());
    // A cut at or before the first difference, or after the last, gives back a or b.
    const std::size_t first_difference = std::mismatch(a.begin(), a.end(), b.begin()).first - a.begin();
    const std::size_t last_difference = a.size() - (std::mismatch(a.rbegin(), a.rend(), b.rbegin()).first - a.rbegin()) - 1;
    std::size_t tried = 0;
    for (std::size_t cut = 0; cut <= a.size(); ++cut) {
        for (const std::string& spliced : {a.substr(0, cut) + b.substr(cut), b.substr(0, cut) + a.substr(cut)}) {
            if (spliced == a || spliced == b) continue;
            ++tried;
            BOOST_TEST_CONTEXT("cut at " << cut) { BOOST_TEST(is_rejected_as_tampered(outcome_of(codec, spliced))); }
        }
    }
    BOOST_TEST(tried == 2 * (last_difference - first_difference));
    if (!encrypt) {
        // The payload of one cookie under the tag of the other.
        const auto a_tag = a.rfind('.'), b_tag = b.rfind('.');
        BOOST_TEST(outcome_of(codec, a.substr(0, a_tag) + b.substr(b_tag)) == "rejected:bad-mac");
    }
}

BOOST_DATA_TEST_CASE(cookie_is_bound_to_its_name, data::make(kEncryptModes), encrypt) {
    SessionOptions other_name;
    other_name.cookie_name = "other_session";
    const SessionCodec a = make_codec(encrypt);
    const SessionCodec b = make_codec(encrypt, make_key_ring(kSecretA), other_name);
    BOOST_TEST(outcome_of(b, a.encode(sample_session(), kPair)) == "rejected:bad-mac");
    BOOST_TEST(outcome_of(a, b.encode(sample_session(), kPair)) == "rejected:bad-mac");
    BOOST_TEST(outcome_of(b, b.encode(sample_session(), kPair)) == "restored");
}

BOOST_DATA_TEST_CASE(unknown_versions_are_rejected, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    const std::string cookie = codec.encode(sample_session(), kPair);
    const std::string body = cookie.substr(3);
    for (std::string_view version : {"v9", "v3", "e3", "V1", "E1", "V2", "E2", "v", "", "v2v2", "2"}) {
        BOOST_TEST_CONTEXT("version '" << version << "'") {
            BOOST_TEST(outcome_of(codec, std::string(version) + "." + body) == "rejected:unknown-version");
        }
    }
    for (std::string_view no_dot : {"v1", "e1", "v2", "e2", "garbage", "AAAA"}) {
        BOOST_TEST_CONTEXT(no_dot) { BOOST_TEST(outcome_of(codec, no_dot) == "rejected:malformed"); }
    }
}

BOOST_AUTO_TEST_CASE(cookie_of_the_other_mode_is_wrong_mode) {
    const SessionCodec signing = make_codec(false);
    const SessionCodec sealing = make_codec(true);
    BOOST_TEST(outcome_of(sealing, signing.encode(sample_session(), kPair)) == "rejected:wrong-mode");
    BOOST_TEST(outcome_of(signing, sealing.encode(sample_session(), kPair)) == "rejected:wrong-mode");
}

BOOST_DATA_TEST_CASE(idle_limit_is_inclusive, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    BOOST_TEST(outcome_of(codec, codec.encode(sample_session(kNow - kMaxIdle), kPair)) == "restored");
    BOOST_TEST(outcome_of(codec, codec.encode(sample_session(kNow - kMaxIdle - 1), kPair)) == "rejected:expired");
    BOOST_TEST(outcome_of(codec, codec.encode(sample_session(kNow), kPair), kNow + kMaxIdle) == "restored");
    BOOST_TEST(outcome_of(codec, codec.encode(sample_session(kNow), kPair), kNow + kMaxIdle + 1) == "rejected:expired");

    SessionOptions short_idle;
    short_idle.max_idle_seconds = 100;
    const SessionCodec short_codec = make_codec(encrypt, make_key_ring(kSecretA), short_idle);
    BOOST_TEST(outcome_of(short_codec, short_codec.encode(sample_session(kNow - 100), kPair)) == "restored");
    BOOST_TEST(outcome_of(short_codec, short_codec.encode(sample_session(kNow - 101), kPair)) == "rejected:expired");
}

BOOST_DATA_TEST_CASE(clock_skew_limit_is_inclusive, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    BOOST_TEST(outcome_of(codec, codec.encode(sample_session(kNow + kSkew), kPair)) == "restored");
    BOOST_TEST(outcome_of(codec, codec.encode(sample_session(kNow + kSkew + 1), kPair)) == "rejected:future");
    BOOST_TEST(outcome_of(codec, codec.encode(sample_session(kNow + 3600 * 24 * 365), kPair)) == "rejected:future");

    SessionOptions no_skew;
    no_skew.max_clock_skew_seconds = 0;
    const SessionCodec strict = make_codec(encrypt, make_key_ring(kSecretA), no_skew);
    BOOST_TEST(outcome_of(strict, strict.encode(sample_session(kNow), kPair)) == "restored");
    BOOST_TEST(outcome_of(strict, strict.encode(sample_session(kNow + 1), kPair)) == "rejected:future");
}

// Conversation code may edit the times; it must not make its own cookie
// unreadable by it, so encoding clamps the start to the last message.
BOOST_DATA_TEST_CASE(a_start_after_the_last_message_is_clamped_not_lost, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    Session s = sample_session();
    s.started = s.last_seen;
    BOOST_TEST(outcome_of(codec, codec.encode(s, kPair)) == "restored");
    s.started = s.last_seen + 1;
    const sms::RestoredSession restored = codec.restore(codec.encode(s, kPair), kPair, kNow);
    BOOST_TEST(sms::describe(restored.outcome) == "restored");
    BOOST_TEST(restored.session.started == s.last_seen);
    s.started = -5;
    BOOST_TEST(codec.restore(codec.encode(s, kPair), kPair, kNow).session.started == 0);
}

// Authentic cookies whose content is not a payload this program writes.
BOOST_AUTO_TEST_CASE(authentic_but_undecodable_cookies_are_malformed) {
    const sms::SessionKey key(kSecretA);
    const std::string valid = sms::encode_payload(sample_session());
    const SessionCodec signing = make_codec(false);
    const SessionCodec sealing = make_codec(true);
    for (const std::string& payload : {valid + "x", valid.substr(0, valid.size() - 1), std::string(), std::string("\xff")}) {
        BOOST_TEST(outcome_of(signing, signed_cookie(key, "sms_session", payload)) == "rejected:malformed");
        BOOST_TEST(outcome_of(sealing, sealed_cookie(key, "sms_session", payload)) == "rejected:malformed");
        BOOST_TEST(outcome_of(signing, signed_cookie_v1(key, "sms_session", sms::text::base64url_encode(payload))) ==
                   "rejected:malformed");
        BOOST_TEST(outcome_of(sealing, sealed_cookie_v1(key, "sms_session", payload)) == "rejected:malformed");
    }
    // The MAC covers the text, so a non-canonical or non-base64url text can
    // carry a valid tag; it must still not decode.
    for (std::string_view text : {"QR", "Q", "Zg==", "Zm9v+", "Zm 9v"}) {
        BOOST_TEST_CONTEXT(text) {
            BOOST_TEST(outcome_of(signing, signed_cookie_v1(key, "sms_session", text)) == "rejected:malformed");
            const std::string tag = base64url_of(key.mac({"v2", kSep, "sms_session", kSep, pair_bytes(kPair), text}));
            BOOST_TEST(outcome_of(signing, "v2." + std::string(text) + "." + tag) == "rejected:malformed");
        }
    }
}

BOOST_DATA_TEST_CASE(previous_secret_rotates, data::make(kEncryptModes), encrypt) {
    const SessionCodec old_codec = make_codec(encrypt, make_key_ring(kSecretB));
    const SessionCodec rotating = make_codec(encrypt, make_key_ring(kSecretA, kSecretB));
    const SessionCodec new_only = make_codec(encrypt, make_key_ring(kSecretA));
    const Session s = sample_session();

    const sms::RestoredSession r = rotating.restore(old_codec.encode(s, kPair), kPair, kNow);
    BOOST_TEST(sms::describe(r.outcome) == "rotated");
    BOOST_TEST((r.session == s));
    const std::string reissued = rotating.encode(r.session, kPair);
    BOOST_TEST(outcome_of(new_only, reissued) == "restored");
    BOOST_TEST(outcome_of(rotating, reissued) == "restored");
    BOOST_TEST(outcome_of(old_codec, reissued) == "rejected:bad-mac");

    const SessionCodec two_previous =
        make_codec(encrypt, make_key_ring(kSecretA, std::string(kRetiredSecret) + " " + std::string(kSecretB)));
    BOOST_TEST(outcome_of(two_previous, old_codec.encode(s, kPair)) == "rotated");
}

BOOST_DATA_TEST_CASE(retired_secret_is_rejected, data::make(kEncryptModes), encrypt) {
    const SessionCodec retired = make_codec(encrypt, make_key_ring(kRetiredSecret));
    const SessionCodec current = make_codec(encrypt, make_key_ring(kSecretA, kSecretB));
    BOOST_TEST(outcome_of(current, retired.encode(sample_session(), kPair)) == "rejected:bad-mac");
}

BOOST_DATA_TEST_CASE(set_cookie_attributes_are_exact, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    const Session s = sample_session();
    const std::string attributes = "; Path=/; Max-Age=14400; HttpOnly; SameSite=Lax";

    const std::string header = codec.set_cookie(s, kPair, false).value();
    BOOST_REQUIRE(header.size() > attributes.size());
    BOOST_TEST(header.substr(0, 12) == "sms_session=");
    BOOST_TEST(header.substr(header.size() - attributes.size()) == attributes);
    const std::string value = header.substr(12, header.size() - 12 - attributes.size());
    BOOST_TEST(outcome_of(codec, value) == "restored");
    if (!encrypt) BOOST_TEST(value == codec.encode(s, kPair));

    const std::string secure = codec.set_cookie(s, kPair, true).value();
    BOOST_TEST(secure.substr(secure.size() - attributes.size() - 8) == attributes + "; Secure");
}

BOOST_AUTO_TEST_CASE(set_cookie_follows_the_options) {
    SessionOptions options;
    options.cookie_name = "sid";
    options.max_idle_seconds = 600;
    const SessionCodec codec = make_codec(false, make_key_ring(kSecretA), options);
    const Session s = sample_session();
    BOOST_TEST(codec.set_cookie(s, kPair, false).value() == "sid=" + codec.encode(s, kPair) + "; Path=/; Max-Age=600; HttpOnly; SameSite=Lax");
    BOOST_TEST(codec.set_cookie(s, kPair, true).value() ==
               "sid=" + codec.encode(s, kPair) + "; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure");
}

BOOST_DATA_TEST_CASE(cookie_value_uses_only_cookie_octets, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt);
    Session binary = sample_session();
    std::string all_bytes;
    for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
    binary.set("bytes", all_bytes);
    binary.last_message = sms::message_id("; \"quoted\"\r\n\\,");
    for (const Session& s : {Session{}, sample_session(), binary}) {
        const std::string value = codec.encode(s, kPair);
        for (std::size_t i = 0; i < value.size(); ++i) {
            BOOST_TEST_CONTEXT("offset " << i) { BOOST_TEST(is_cookie_octet(value[i])); }
        }
    }
}

BOOST_DATA_TEST_CASE(oversized_session_gives_no_set_cookie, data::make(kEncryptModes), encrypt) {
    Session s = sample_session();
    s.set("big", std::string(2000, 'x'));
    const std::size_t size = make_codec(encrypt).set_cookie(s, kPair, true).value().size();
    BOOST_TEST(size < 4095u);

    SessionOptions exact;
    exact.max_set_cookie_bytes = size;
    BOOST_TEST(make_codec(encrypt, make_key_ring(kSecretA), exact).set_cookie(s, kPair, true).value().size() == size);
    SessionOptions one_less;
    one_less.max_set_cookie_bytes = size - 1;
    BOOST_TEST(!make_codec(encrypt, make_key_ring(kSecretA), one_less).set_cookie(s, kPair, true).has_value());
    BOOST_TEST(make_codec(encrypt, make_key_ring(kSecretA), one_less).set_cookie(s, kPair, false).has_value()); // 8 bytes shorter

    s.set("big", std::string(5000, 'x'));
    BOOST_TEST(!make_codec(encrypt).set_cookie(s, kPair, false).has_value());
}

BOOST_AUTO_TEST_CASE(encrypted_cookie_hides_the_plaintext) {
    const std::string marker = "PLAINTEXT-MARKER-4155552671";
    Session s = sample_session();
    s.set("note", marker);
    const auto sealed = sms::text::base64url_decode(make_codec(true).encode(s, kPair).substr(3));
    BOOST_REQUIRE(sealed.has_value());
    BOOST_TEST(sealed->find(marker) == std::string::npos);
    BOOST_TEST(sealed->find("Ada") == std::string::npos);

    // The same check sees the marker in a signed-only cookie.
    const std::string signed_value = make_codec(false).encode(s, kPair);
    const auto payload = sms::text::base64url_decode(signed_value.substr(3, signed_value.rfind('.') - 3));
    BOOST_REQUIRE(payload.has_value());
    BOOST_TEST(payload->find(marker) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(encrypted_cookies_use_fresh_nonces) {
    const SessionCodec codec = make_codec(true);
    const Session s = sample_session();
    const std::string first = codec.encode(s, kPair), second = codec.encode(s, kPair);
    BOOST_TEST(first != second);
    const auto a = sms::text::base64url_decode(first.substr(3)), b = sms::text::base64url_decode(second.substr(3));
    BOOST_REQUIRE((a && b));
    BOOST_TEST(a->substr(2, sms::kAeadNonceBytes) != b->substr(2, sms::kAeadNonceBytes));
    BOOST_TEST(outcome_of(codec, first) == "restored");
    BOOST_TEST(outcome_of(codec, second) == "restored");
}

// Deterministic hostile cookies against a codec that accepts a current and a
// previous secret. Every mutation that changes an authentic cookie, and every
// authentic cookie that is stale, retired or of the other mode, must be refused.
BOOST_DATA_TEST_CASE(tamper_stress, data::make(kEncryptModes), encrypt) {
    const SessionCodec codec = make_codec(encrypt, make_key_ring(kSecretA, kSecretB));
    const SessionCodec previous = make_codec(encrypt, make_key_ring(kSecretB));
    const SessionCodec retired = make_codec(encrypt, make_key_ring(kRetiredSecret));
    const SessionCodec other_mode = make_codec(!encrypt, make_key_ring(kSecretA, kSecretB));

    Session minimal;
    minimal.started = minimal.last_seen = kNow - 5;
    Session binary = sample_session(kNow);
    std::string all_bytes;
    for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
    binary.last_message = sms::message_id(all_bytes);
    Session oldest = sample_session(kNow - kMaxIdle);
    oldest.set("padding", std::string(500, 'p'));
    const std::vector<Session> sessions{minimal, sample_session(), binary, oldest, sample_session(kNow + kSkew)};

    // Version 2 cookies, and version 1 ones (as the previous release wrote
    // them), under the current and the previous secret.
    std::vector<std::string> authentic;
    const sms::SessionKey key_a(kSecretA), key_b(kSecretB);
    for (const Session& s : sessions) {
        authentic.push_back(codec.encode(s, kPair));
        authentic.push_back(previous.encode(s, kPair));
        const std::string v1 = payload_v1(s, "SM0123456789abcdef0123456789abcdef", "<Response/>");
        for (const sms::SessionKey* key : {&key_a, &key_b}) {
            authentic.push_back(encrypt ? sealed_cookie_v1(*key, "sms_session", v1)
                                        : signed_cookie_v1(*key, "sms_session", sms::text::base64url_encode(v1)));
        }
    }
    for (const std::string& cookie : authentic) BOOST_REQUIRE(restores(outcome_of(codec, cookie)));
    const std::set<std::string> authentic_set(authentic.begin(), authentic.end());

    std::mt19937_64 rng(0x5e55'10c0'0c1e);
    const auto below = [&rng](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    const auto any_authentic = [&]() -> const std::string& { return authentic[below(authentic.size())]; };
    const auto any_session = [&]() { return sessions[below(sessions.size())]; };
    const std::string extension_bytes = std::string(kAlphabet) + ".=+/ ;\"\\" + std::string(1, '\0') + "\xff";

    constexpr std::size_t kCases = 12000;
    std::array<std::size_t, kMutations> tried{};
    std::size_t total = 0, restored = 0, wrong_reason = 0, leaked = 0;
    std::string first_failure;
    const auto started = std::chrono::steady_clock::now();
    while (total < kCases) {
        const auto mutation = static_cast<Mutation>(below(kMutations));
        std::string cookie;
        std::string_view expected; // the one outcome this mutation allows, when it determines one
        sms::ConversationPair pair = kPair;
        switch (mutation) {
        case bit_flip:
            cookie = any_authentic();
            for (std::size_t n = 1 + below(3); n > 0; --n) cookie[below(cookie.size())] ^= static_cast<char>(1 << below(8));
            break;
        case truncation:
            cookie = any_authentic();
            cookie.resize(below(cookie.size()));
            break;
        case extension:
            cookie = any_authentic();
            for (std::size_t n = 1 + below(8); n > 0; --n) cookie.push_back(extension_bytes[below(extension_bytes.size())]);
            break;
        case splice: {
            const std::string& a = any_authentic();
            const std::string& b = any_authentic();
            cookie = a.substr(0, below(a.size() + 1)) + b.substr(below(b.size() + 1));
            break;
        }
        case alphabet_swap:
            cookie = any_authentic();
            swap_to_standard_alphabet(cookie, rng);
            break;
        case retired_secret:
            cookie = retired.encode(any_session(), kPair);
            expected = "rejected:bad-mac";
            break;
        case expired: {
            Session s = any_session();
            s.last_seen = kNow - kMaxIdle - 1 - static_cast<std::int64_t>(below(100'000'000));
            s.started = s.last_seen - static_cast<std::int64_t>(below(1000));
            cookie = (below(2) ? codec : previous).encode(s, kPair);
            expected = "rejected:expired";
            break;
        }
        case future: {
            Session s = any_session();
            s.last_seen = kNow + kSkew + 1 + static_cast<std::int64_t>(below(100'000'000));
            s.started = s.last_seen - static_cast<std::int64_t>(below(1000));
            cookie = (below(2) ? codec : previous).encode(s, kPair);
            expected = "rejected:future";
            break;
        }
        case cross_mode:
            if (below(2)) {
                cookie = other_mode.encode(any_session(), kPair);
            } else {
                cookie = any_authentic();
                cookie.replace(0, 1, encrypt ? "v" : "e"); // the other mode's version on this mode's body
            }
            expected = "rejected:wrong-mode";
            break;
        case other_pair:
            cookie = (below(2) ? codec : previous).encode(any_session(), kPair);
            pair = below(2) ? sms::ConversationPair{"+14155552670", kPair.to} : sms::ConversationPair{kPair.from, "+1"};
            expected = "rejected:other-pair";
            break;
        case kMutations: break;
        }
        if (authentic_set.count(cookie) != 0 && mutation != other_pair) continue; // a mutation that undid itself
        ++total;
        ++tried[mutation];

        const sms::RestoredSession r = codec.restore(cookie, pair, kNow);
        const std::string_view outcome = sms::describe(r.outcome);
        const bool bad = restores(outcome) || (!expected.empty() && outcome != expected) || !(r.session == Session{});
        restored += restores(outcome) ? 1 : 0;
        wrong_reason += !expected.empty() && outcome != expected ? 1 : 0;
        leaked += !(r.session == Session{}) ? 1 : 0;
        if (bad && first_failure.empty()) {
            first_failure = "mutation " + std::to_string(mutation) + " gave " + std::string(outcome) + ": " + cookie;
        }
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    BOOST_TEST_MESSAGE("tamper_stress encrypt=" << encrypt << ": " << total << " cookies in " << elapsed.count() << " ms");

    BOOST_TEST(total == kCases);
    BOOST_TEST(restored == 0u);
    BOOST_TEST(wrong_reason == 0u);
    BOOST_TEST(leaked == 0u);
    BOOST_TEST(first_failure == "");
    for (int m = 0; m < kMutations; ++m) {
        BOOST_TEST_CONTEXT("mutation " << m) { BOOST_TEST(tried[m] > kCases / kMutations / 2); }
    }
}

BOOST_AUTO_TEST_SUITE_END()

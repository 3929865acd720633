#include "twiml/messaging_response.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/wait.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace std::string_literals;
using namespace std::string_view_literals;

namespace sms::twiml {

namespace {

// The shapes vectors.inc is written for (see its header comment).
struct TwimlOp {
    char kind;
    std::string text;
    bool has_text;
    std::vector<std::pair<std::string, std::string>> attrs;
};
struct TwimlVector {
    std::string name;
    std::vector<TwimlOp> ops;
    std::string expected;
};

const TwimlVector kVectors[] = {
#include "tests/twiml/vectors/vectors.inc"
};

using AttributePairs = std::vector<std::pair<std::string, std::string>>;

// The API takes attributes as a std::initializer_list, whose length is fixed
// at compile time. To pass a runtime list, pick the instantiation whose length
// equals the list's.
constexpr std::size_t kMaxAttributes = 8;

template <typename Use, std::size_t... I>
void use_attribute_list([[maybe_unused]] const AttributePairs& pairs, Use& use, std::index_sequence<I...>) {
    use({Attribute{pairs[I].first, pairs[I].second}...});
}

template <typename Use, std::size_t... N>
void use_attribute_list_of_runtime_size(const AttributePairs& pairs, Use& use, std::index_sequence<N...>) {
    ((pairs.size() == N && (use_attribute_list(pairs, use, std::make_index_sequence<N>{}), true)) || ...);
}

template <typename Use>
void with_attributes(const AttributePairs& pairs, Use use) {
    BOOST_TEST_REQUIRE(pairs.size() <= kMaxAttributes, "raise kMaxAttributes to " << pairs.size());
    use_attribute_list_of_runtime_size(pairs, use, std::make_index_sequence<kMaxAttributes + 1>{});
}

std::string render(const std::vector<TwimlOp>& ops) {
    MessagingResponse response;
    std::optional<Message> last_message;
    for (const TwimlOp& op : ops) {
        BOOST_TEST_REQUIRE((op.has_text || op.kind == 'M'), "only 'M' can be without text; op '" << op.kind << "'");
        with_attributes(op.attrs, [&](std::initializer_list<Attribute> attributes) {
            switch (op.kind) {
            case 'M':
                last_message.emplace(op.has_text ? response.message(op.text, attributes)
                                                 : response.message_without_body(attributes));
                break;
            case 'B':
                BOOST_TEST_REQUIRE(last_message.has_value(), "'B' before any 'M'");
                BOOST_TEST_REQUIRE(attributes.size() == 0u, "Message::body() takes no attributes");
                last_message->body(op.text);
                break;
            case 'D':
                BOOST_TEST_REQUIRE(last_message.has_value(), "'D' before any 'M'");
                last_message->media(op.text, attributes);
                break;
            case 'R': response.redirect(op.text, attributes); break;
            default: BOOST_FAIL("unknown op kind '" << op.kind << "'");
            }
        });
    }
    return response.to_string();
}

// One document per file, all parsed by a single xmllint (libxml2) run.
class XmllintBatch {
public:
    // In memory (/dev/shm) where there is one: thousands of small files on
    // a disk made this test take seconds of system time.
    XmllintBatch() {
        for (const std::filesystem::path& parent : {std::filesystem::path("/dev/shm"), std::filesystem::temp_directory_path()}) {
            std::string pattern = (parent / "twiml_xmllint.XXXXXX").string();
            if (mkdtemp(pattern.data()) == nullptr) continue;
            dir_ = pattern;
            return;
        }
        BOOST_FAIL("no directory for xmllint's documents: " << std::strerror(errno));
    }
    ~XmllintBatch() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    XmllintBatch(const XmllintBatch&) = delete;
    XmllintBatch& operator=(const XmllintBatch&) = delete;

    // `label` names the file, so that xmllint's complaints say which document failed.
    void add(std::string_view label, std::string_view document) {
        BOOST_TEST_REQUIRE(labels_.insert(std::string(label)).second, "duplicate label " << label);
        std::ofstream file(dir_ / (std::string(label) + ".xml"), std::ios::binary);
        file.write(document.data(), static_cast<std::streamsize>(document.size()));
        BOOST_TEST_REQUIRE(file.good());
    }

    std::size_t size() const { return labels_.size(); }

    // xmllint's exit status (0: every document is well-formed) and what it printed.
    std::pair<int, std::string> run() const {
        const auto errors = dir_ / "xmllint.stderr";
        const std::string command =
            "xmllint --noout '" + dir_.string() + "'/*.xml 2>'" + errors.string() + "'";
        const int status = std::system(command.c_str());
        std::ifstream in(errors, std::ios::binary);
        std::string output{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (output.size() > 4000) output.resize(4000);
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
    }

private:
    std::filesystem::path dir_;
    std::set<std::string> labels_;
};

void check_well_formed(const XmllintBatch& batch) {
    BOOST_TEST_REQUIRE(batch.size() > 0u);
    const auto [status, errors] = batch.run();
    BOOST_TEST(status == 0, "xmllint rejected documents:\n" << errors);
}

// Puts `bytes` into every place a caller's text can reach: Message text and
// attributes, Body, Media URL and attributes, Redirect URL and attributes.
std::string document_containing(std::string_view bytes) {
    MessagingResponse response;
    response.message(bytes, {{"to", bytes}, {"from", "+15017122661"}}).body(bytes).media(bytes, {{"title", bytes}});
    response.message_without_body({{"action", bytes}});
    response.redirect(bytes, {{"method", bytes}});
    return response.to_string();
}

std::string hex_label(std::string_view prefix, std::string_view bytes) {
    std::string label(prefix);
    for (unsigned char b : bytes) {
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", b);
        label.append(hex);
    }
    return label;
}

// Malformed UTF-8 and characters XML 1.0 forbids, alone and between ASCII.
const std::string_view kHostileSequences[] = {
    "\xC0\x80",         "\xC1\xBF",          "\xE0\x80\x80",     "\xE0\x9F\xBF",     "\xF0\x80\x80\x80",
    "\xF0\x8F\xBF\xBF", "\xED\xA0\x80",      "\xED\xBF\xBF",     "\xED\xA0\x80\xED\xB0\x80",
    "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",  "\xF7\xBF\xBF\xBF", "\xF8\x88\x80\x80\x80",
    "\xFC\x84\x80\x80\x80\x80",              "\xFE",             "\xFF",             "\xC3",
    "\xE2\x82",         "\xF0\x9F\x98",      "\xE2\x82\xE2\x82\xAC", "\x80",          "\xBF",
    "\x80\x80\x80",     "\xEF\xBF\xBE",      "\xEF\xBF\xBF",     "\xF4\x8F\xBF\xBF", "\xEF\xBB\xBF",
    "\x7F\xC2\x80\xC2\x9F", "]]>",           "\r\n\t",           "\x01\x02\x0B\x0C\x1F",
};

// Bytes and sequences that a random string is built from, beside uniformly random bytes.
const std::string_view kRandomPieces[] = {
    "\0"sv, "\x01", "\x08", "\t", "\n", "\x0B", "\x0C", "\r", "\x1F", "&", "<", ">", "\"", "'", "]]>", " ", "a",
    "\x7F", "\x80", "\x9F", "\xA0", "\xBF", "\xC0", "\xC2", "\xDF", "\xE0", "\xED", "\xEF", "\xF0", "\xF4",
    "\xF5", "\xFF", "\xC3\xA9", "\xEF\xBF\xBD", "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xED\xA0\x80",
    "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xC0\x80",
};

std::string random_bytes(std::mt19937& random) {
    std::string out;
    const std::size_t length = random() % 48;
    while (out.size() < length) {
        const std::uint32_t pick = random();
        if (pick % 2 == 0) {
            out.push_back(static_cast<char>(pick >> 8));
        } else {
            out.append(kRandomPieces[(pick >> 8) % std::size(kRandomPieces)]);
        }
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(messaging_response)

BOOST_AUTO_TEST_CASE(vector_names_are_unique) {
    std::set<std::string> names;
    for (const auto& vector : kVectors) BOOST_TEST(names.insert(vector.name).second, vector.name);
}

BOOST_AUTO_TEST_CASE(every_vector_matches_the_twilio_library_byte_for_byte) {
    for (const auto& vector : kVectors) {
        BOOST_TEST_CONTEXT("vector " << vector.name) {
            BOOST_TEST(render(vector.ops) == vector.expected);
        }
    }
}

BOOST_AUTO_TEST_CASE(every_vector_output_is_well_formed_xml) {
    XmllintBatch batch;
    for (const auto& vector : kVectors) batch.add("vector-" + vector.name, render(vector.ops));
    check_well_formed(batch);
}

BOOST_AUTO_TEST_CASE(xmllint_rejects_what_the_twilio_library_writes_for_control_characters) {
    // Twilio's own output for the "Rejected inputs" in vectors/NOTES.md: if
    // xmllint accepted these, the well-formedness checks here would prove nothing.
    XmllintBatch batch;
    batch.add("npm-nul-attribute", R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message to=")"s + '\0' +
                                       R"(">hi</Message></Response>)");
    BOOST_TEST(batch.run().first != 0);

    XmllintBatch other;
    other.add("npm-fffe-attribute",
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
              "<Response><Message to=\"\xEF\xBF\xBE\">hi</Message></Response>");
    BOOST_TEST(other.run().first != 0);
}

BOOST_AUTO_TEST_CASE(every_single_byte_gives_well_formed_xml) {
    XmllintBatch batch;
    for (unsigned byte = 0; byte < 256; ++byte) {
        const std::string bytes(1, static_cast<char>(byte));
        batch.add(hex_label("byte-", bytes), document_containing(bytes));
    }
    check_well_formed(batch);
}

BOOST_AUTO_TEST_CASE(malformed_utf8_and_forbidden_characters_give_well_formed_xml) {
    XmllintBatch batch;
    for (std::string_view hostile : kHostileSequences) {
        batch.add(hex_label("alone-", hostile), document_containing(hostile));
        batch.add(hex_label("between-", hostile), document_containing("a" + std::string(hostile) + "b"));
        batch.add(hex_label("twice-", hostile), document_containing(std::string(hostile) + std::string(hostile)));
    }
    check_well_formed(batch);
}

BOOST_AUTO_TEST_CASE(random_byte_strings_give_well_formed_xml) {
    std::mt19937 random(20240601); // fixed: a failure must be reproducible
    XmllintBatch batch;
    for (int i = 0; i < 3000; ++i) batch.add("random-" + std::to_string(i), document_containing(random_bytes(random)));
    check_well_formed(batch);
}

// Where the Twilio library throws or writes malformed XML (vectors/NOTES.md,
// "Rejected inputs"), this writer drops or replaces the offending characters.
BOOST_AUTO_TEST_CASE(control_characters_the_library_rejects_are_dropped) {
    MessagingResponse response;
    response.message("a\x01"s + "b\0c"s + "\x1F", {{"to", "+1\0" "555"s}, {"from", "x\x01\x0B\x0C"}});
    response.redirect("https://example.com/\x08next", {{"method", "PO\x1FST"}});
    BOOST_TEST(response.to_string() == R"(<?xml version="1.0" encoding="UTF-8"?><Response>)"
                                       R"(<Message to="+1555" from="x">abc</Message>)"
                                       R"(<Redirect method="POST">https://example.com/next</Redirect></Response>)");
}

BOOST_AUTO_TEST_CASE(noncharacters_fffe_and_ffff_are_dropped) {
    MessagingResponse response;
    response.message("a\xEF\xBF\xBE" "b\xEF\xBF\xBF" "c", {{"to", "\xEF\xBF\xBF" "1\xEF\xBF\xBE"}});
    BOOST_TEST(response.to_string() ==
               R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message to="1">abc</Message></Response>)");
}

BOOST_AUTO_TEST_CASE(surrogates_become_one_replacement_character_per_byte) {
    MessagingResponse response;
    response.message("\xED\xA0\x80", {{"to", "\xED\xB0\x80"}});
    BOOST_TEST(response.to_string() == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                                       "<Message to=\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\">"
                                       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD</Message></Response>");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::twiml

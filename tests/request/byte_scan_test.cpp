#include "request/byte_scan.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include "tests/exact_buffer.hpp"

namespace sms {

namespace {

// Where find_first_of stops in `bytes`, as an offset; the bytes end exactly
// where their heap block ends, so that a read past them is an ASan report.
template <unsigned char... Bytes>
std::size_t first_of(std::string_view bytes) {
    const test::ExactBuffer buffer(bytes);
    const char* begin = buffer.view().data();
    return static_cast<std::size_t>(byte_scan::find_first_of<Bytes...>(begin, begin + bytes.size()) - begin);
}

std::size_t ampersands(std::string_view bytes) {
    const test::ExactBuffer buffer(bytes);
    const char* begin = buffer.view().data();
    return byte_scan::count<'&'>(begin, begin + bytes.size());
}

} // namespace

BOOST_AUTO_TEST_SUITE(byte_scan)

// Every length around the 16-byte blocks, with the byte sought at every
// position: the block loop, the tail loop and the seam between them.
BOOST_AUTO_TEST_CASE(find_first_of_finds_the_first_match_at_any_offset) {
    for (std::size_t size = 0; size <= 50; ++size) {
        BOOST_TEST((first_of<'&', '='>(std::string(size, 'x')) == size));
        for (std::size_t at = 0; at < size; ++at) {
            std::string bytes(size, 'x');
            bytes[at] = '=';
            if (at + 1 < size) bytes[at + 1] = '&'; // a later match does not count
            BOOST_TEST_CONTEXT("size " << size << ", match at " << at) {
                BOOST_TEST((first_of<'&', '='>(bytes) == at));
                BOOST_TEST(first_of<'&'>(bytes) == (at + 1 < size ? at + 1 : size));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(find_first_of_tells_high_bytes_apart) {
    const std::string bytes = std::string(20, '\xa6') + "&" + std::string(20, '\xff');
    BOOST_TEST(first_of<'&'>(bytes) == 20u);
    BOOST_TEST(first_of<0xff>(bytes) == 21u);
}

BOOST_AUTO_TEST_CASE(count_counts_every_match_in_blocks_and_tail) {
    for (std::size_t size = 0; size <= 70; ++size) {
        std::string bytes;
        std::size_t expected = 0;
        for (std::size_t i = 0; i < size; ++i) {
            const bool match = i % 3 == 0 || i % 7 == 0;
            bytes.push_back(match ? '&' : '\xa6');
            expected += match;
        }
        BOOST_TEST(ampersands(bytes) == expected, "size " << size);
    }
    BOOST_TEST(ampersands(std::string(64, '&')) == 64u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms

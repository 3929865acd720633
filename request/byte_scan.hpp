// Searching bytes sixteen at a time, for the form parser: a Twilio form
// has a delimiter every ten bytes or so, and a byte-at-a-time loop pays a
// mispredicted exit at almost every one. GCC and Clang vector extensions,
// which compile to SSE2 on x86-64 and NEON on ARM.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sms::byte_scan {

using Block = unsigned char __attribute__((vector_size(16)));

// Lanes of a comparison result (all ones or all zeros), as two words in
// memory order; the index of the first set lane of a non-zero word.
inline std::size_t first_lane(std::uint64_t lanes) {
    if constexpr (std::endian::native == std::endian::little) return static_cast<std::size_t>(std::countr_zero(lanes)) / 8;
    return static_cast<std::size_t>(std::countl_zero(lanes)) / 8;
}

// The first byte in [p, end) equal to one of `Bytes`, or `end`.
template <unsigned char... Bytes, typename Char>
Char* find_first_of(Char* p, Char* end) {
    for (; end - p >= 16; p += 16) {
        Block block;
        std::memcpy(&block, p, sizeof block);
        const auto hits = ((block == Bytes) | ...);
        std::uint64_t words[2];
        std::memcpy(words, &hits, sizeof words);
        // One branch per block: which half holds the hit is selected, not branched on.
        if ((words[0] | words[1]) != 0) return p + (words[0] != 0 ? first_lane(words[0]) : 8 + first_lane(words[1]));
    }
    while (p != end && ((static_cast<unsigned char>(*p) != Bytes) && ...)) ++p;
    return p;
}

// How many bytes in [p, end) equal `Byte`.
template <unsigned char Byte>
std::size_t count(const char* p, const char* end) {
    std::size_t n = 0;
    for (; end - p >= 16; p += 16) {
        Block block;
        std::memcpy(&block, p, sizeof block);
        const auto hits = block == Byte;
        std::uint64_t words[2];
        std::memcpy(words, &hits, sizeof words);
        // Each word holds up to eight 0xff bytes: the multiplication sums
        // their low bits into the top byte.
        constexpr std::uint64_t kLowBits = 0x0101010101010101;
        n += ((words[0] & kLowBits) * kLowBits >> 56) + ((words[1] & kLowBits) * kLowBits >> 56);
    }
    for (; p != end; ++p) n += static_cast<unsigned char>(*p) == Byte;
    return n;
}

} // namespace sms::byte_scan

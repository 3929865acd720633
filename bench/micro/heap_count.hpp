// Counts heap allocations in the benchmark binary: every C++ operator new
// (this binary replaces the global one) and every OpenSSL allocation (through
// CRYPTO_set_mem_functions), so that "allocations per request" covers both
// our code and the crypto library underneath it.
#pragma once

#include <cstdint>

namespace sms::bench {

// Must run before anything calls OpenSSL (OpenSSL refuses new hooks after
// its first allocation); returns false when it came too late.
bool count_openssl_allocations();

std::uint64_t heap_allocations(); // since start, all threads

} // namespace sms::bench

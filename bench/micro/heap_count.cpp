#include "bench/micro/heap_count.hpp"

#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::uint64_t> allocations{0};

void* counted_malloc(std::size_t size) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    void* p = std::malloc(size == 0 ? 1 : size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
}

void* openssl_malloc(std::size_t size, const char*, int) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size);
}

void* openssl_realloc(void* p, std::size_t size, const char*, int) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    return std::realloc(p, size);
}

void openssl_free(void* p, const char*, int) { std::free(p); }

} // namespace

void* operator new(std::size_t size) { return counted_malloc(size); }
void* operator new[](std::size_t size) { return counted_malloc(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace sms::bench {

bool count_openssl_allocations() {
    return CRYPTO_set_mem_functions(openssl_malloc, openssl_realloc, openssl_free) == 1;
}

std::uint64_t heap_allocations() { return allocations.load(std::memory_order_relaxed); }

} // namespace sms::bench

#include "crypto/thread_contexts.hpp"

#include <atomic>

namespace sms {

std::uint64_t next_key_id() {
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

} // namespace sms

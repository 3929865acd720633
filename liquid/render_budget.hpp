// What a render has spent of its RenderLimits; spending past one throws
// BudgetExceeded, which Template::render turns into its error.
#pragma once

#include <cstddef>
#include <string>

#include "liquid/render_limits.hpp"

namespace sms::liquid {

struct BudgetExceeded {
    std::string message;
};

class RenderBudget {
public:
    explicit RenderBudget(const RenderLimits& limits) : limits_(limits) {}

    void iterate(std::size_t count = 1) {
        iterations_ += count;
        if (iterations_ > limits_.max_iterations)
            throw BudgetExceeded{"more than " + std::to_string(limits_.max_iterations) + " loop iterations"};
    }

    void work(std::size_t amount) {
        work_ += amount;
        if (work_ > limits_.max_work)
            throw BudgetExceeded{"more than " + std::to_string(limits_.max_work) + " bytes of intermediate values"};
    }

    // Called after each append: cuts out back to the limit when it went over.
    void output(std::string& out) const {
        if (out.size() <= limits_.max_output_bytes) return;
        out.resize(limits_.max_output_bytes);
        throw BudgetExceeded{"output over " + std::to_string(limits_.max_output_bytes) + " bytes"};
    }

private:
    const RenderLimits& limits_;
    std::size_t iterations_ = 0;
    std::size_t work_ = 0;
};

} // namespace sms::liquid

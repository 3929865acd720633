// Stands in for simulate in static builds (STATIC=1): simulate loads libcurl
// at run time, which a fully static binary cannot do reliably (it would bring
// a second C library), so a static sms_fcgi has chat but not simulate.
#include <cstdio>

#include "devtools/simulate.hpp"

namespace sms {

int run_simulate(const std::vector<std::string_view>&, const char* const*) {
    std::fprintf(stderr, "sms_fcgi simulate: not in this static build (it loads libcurl, which a static binary cannot); "
                         "use a dynamically linked sms_fcgi\n");
    return 2;
}

std::string_view simulate_usage() { return "       sms_fcgi simulate ...                (not in this static build)\n"; }

} // namespace sms

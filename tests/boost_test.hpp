// What every unit test file includes first: Boost.Test, precompiled once per
// build configuration (Makefile: TEST_PCH).
#include <boost/test/unit_test.hpp>

// The Boost.Test runner for every unit test under tests/.
#define BOOST_TEST_MODULE sms_fcgi unit tests
#include <boost/test/unit_test.hpp>

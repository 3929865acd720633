#include <boost/test/unit_test.hpp>

#include "metrics/plugin/proc_files.hpp"

using namespace sms::metrics;

BOOST_AUTO_TEST_SUITE(metrics_proc_files)

BOOST_AUTO_TEST_CASE(stat_fields_are_counted_after_the_command_name) {
    // A command name with spaces and a ')' of its own; field 22 is the start time.
    const std::string_view stat =
        "4242 (sms) fcgi x) S 1 4242 4242 0 -1 4194560 500 0 0 0 7 3 0 0 20 0 3 0 123456 20000000 1900 "
        "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";
    BOOST_TEST(stat_field(stat, 22).value() == 123456u);
    BOOST_TEST(stat_field(stat, 4).value() == 1u);
    BOOST_TEST(stat_field(stat, 24).value() == 1900u);
    BOOST_TEST(!stat_field(stat, 3)); // the state letter is no number
    BOOST_TEST(!stat_field(stat, 99));
    BOOST_TEST(!stat_field("no parenthesis 1 2 3", 4));
}

BOOST_AUTO_TEST_CASE(boot_time_is_the_btime_line) {
    BOOST_TEST(boot_time("cpu  1 2 3\nintr 5\nbtime 1700000000\nprocesses 9\n").value() == 1700000000u);
    BOOST_TEST(!boot_time("cpu  1 2 3\n"));
}

BOOST_AUTO_TEST_CASE(resident_pages_are_the_second_number_of_statm) {
    BOOST_TEST(resident_pages("5000 1234 300 10 0 900 0\n").value() == 1234u);
    BOOST_TEST(!resident_pages("5000"));
}

BOOST_AUTO_TEST_SUITE_END()

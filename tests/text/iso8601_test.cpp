#include "text/iso8601.hpp"

#include <boost/test/unit_test.hpp>

namespace sms::text {

BOOST_AUTO_TEST_SUITE(iso8601)

BOOST_AUTO_TEST_CASE(reads_dates_and_times_in_utc_unless_zoned) {
    BOOST_TEST(*parse_iso8601_milliseconds("1970-01-01") == 0);
    BOOST_TEST(*parse_iso8601_milliseconds("2026-12-01T08:07:25Z") == 1796112445000.0);
    BOOST_TEST(*parse_iso8601_milliseconds("2026-12-01 08:07") == 1796112420000.0);
    BOOST_TEST(*parse_iso8601_milliseconds("2026-12-01T09:07:25.500+01:00") == 1796112445500.0);
    BOOST_TEST(*parse_iso8601_milliseconds("1969-12-31T23:59:59Z") == -1000);
}

BOOST_AUTO_TEST_CASE(refuses_other_text) {
    for (const char* text : {"", "now", "2026-12", "2026-13-01", "2026-12-32", "26-12-01", "2026-12-01T8:00",
                             "2026-12-01T08:60", "2026-12-01T08:00+0100", "2026-12-01x", "2026-12-01T08:00Zx"}) {
        BOOST_TEST_CONTEXT(text) { BOOST_TEST(!parse_iso8601_milliseconds(text)); }
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::text

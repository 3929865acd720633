// liquidjs's strftime in UTC: %a %A %b %B %C %d %e %H %I %j %k %l %L %m %M
// %N %p %P %q %s %S %u %U %w %W %y %Y %z %Z %t %n %%, with the flags - _ 0 ^ #
// and : and a width. Unknown conversions are written as they are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sms::liquid {

// milliseconds: since the epoch, within JavaScript's Date range (±8.64e15).
std::string format_date(std::int64_t milliseconds, std::string_view format);

} // namespace sms::liquid

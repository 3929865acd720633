// How the process starts OpenSSL: once, before anything uses it.
#pragma once

namespace sms {

// Starts libcrypto with only what this program uses, unless `full` (a flow
// whose HTTP widgets load libcurl, whose TLS shares this libcrypto).
void start_openssl(bool full);

} // namespace sms

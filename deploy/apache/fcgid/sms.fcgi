#!/bin/sh
# The program mod_fcgid starts (see .htaccess): it names the secret file,
# then becomes sms_fcgi, which inherits the listening socket mod_fcgid passes
# as fd 0. mod_fcgid sends each process one request at a time and starts
# more processes for concurrency, so one accept loop is enough.
SMS_SESSION_SECRET_FILE=@SECRET_FILE@
export SMS_SESSION_SECRET_FILE
exec @SMS_FCGI@ --threads 1

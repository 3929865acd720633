/* The plain-CGI ceiling of `make bench`: a CGI program that reads its request
 * body (CONTENT_LENGTH bytes, as sms_fcgi does) and prints the same response
 * bytes as sms_fcgi, from the file named by BENCH_RESPONSE_FILE (set by the
 * private Apache's SetEnv). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
    char buffer[16384];
    const char *length_text = getenv("CONTENT_LENGTH");
    long unread = length_text != NULL ? atol(length_text) : 0;
    while (unread > 0) {
        ssize_t n = read(STDIN_FILENO, buffer, unread < (long)sizeof buffer ? (size_t)unread : sizeof buffer);
        if (n <= 0) break;
        unread -= n;
    }
    const char *path = getenv("BENCH_RESPONSE_FILE");
    FILE *file = path != NULL ? fopen(path, "rb") : NULL;
    if (file == NULL) return 1;
    size_t length = fread(buffer, 1, sizeof buffer, file);
    fclose(file);
    return fwrite(buffer, 1, length, stdout) == length ? 0 : 1;
}

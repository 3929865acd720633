/* The FastCGI-hop ceiling of `make bench`: a libfcgi responder that answers
 * every request with the same bytes, read once from a file at start-up.
 * It accepts and serves the way sms_fcgi.cpp does: THREADS threads, each
 * owning the connections it accepted and polling them together with the
 * listening socket, so that sms_fcgi's throughput over this one is the cost
 * of sms_fcgi's own work. Keep it in step with sms_fcgi.cpp's accept_loop.
 *
 * usage: fixed_fcgi RESPONSE_FILE THREADS SOCKET_PATH
 * RESPONSE_FILE holds the whole CGI response: headers, blank line, body. */
#define _GNU_SOURCE /* accept4 */
#include <fcgiapp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>

enum { kMaxConnections = 1024 };

static char response[16384];
static int response_length;
static int listen_fd;

static void *accept_loop(void *unused) {
    (void)unused;
    FCGX_Request *connections[kMaxConnections];
    struct pollfd fds[kMaxConnections + 1];
    int count = 0;
    char scratch[4096];
    for (;;) {
        fds[0] = (struct pollfd){listen_fd, POLLIN, 0};
        for (int i = 0; i < count; ++i) fds[i + 1] = (struct pollfd){connections[i]->ipcFd, POLLIN, 0};
        if (poll(fds, (nfds_t)count + 1, -1) < 0) continue;
        for (int i = count; i-- > 0;) {
            if (fds[i + 1].revents == 0) continue;
            FCGX_Request *fcgi = connections[i];
            if (FCGX_Accept_r(fcgi) >= 0) {
                while (FCGX_GetStr(scratch, sizeof scratch, fcgi->in) > 0) {
                }
                FCGX_PutStr(response, response_length, fcgi->out);
                if (!fcgi->keepConnection) FCGX_Detach(fcgi); /* close at once, as sms_fcgi does */
                FCGX_Finish_r(fcgi);
            }
            if (fcgi->ipcFd < 0) { /* closed by the web server */
                free(fcgi);
                connections[i] = connections[--count];
            }
        }
        if (fds[0].revents == 0 || count == kMaxConnections) continue;
        int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) continue; /* another thread took it */
        FCGX_Request *fcgi = malloc(sizeof *fcgi);
        if (fcgi == NULL) {
            close(fd);
            continue;
        }
        FCGX_InitRequest(fcgi, listen_fd, 0);
        fcgi->ipcFd = fd;
        fcgi->keepConnection = 1; /* else FCGX_Accept_r closes it as the end of a previous request */
        connections[count++] = fcgi;
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: fixed_fcgi RESPONSE_FILE THREADS SOCKET_PATH\n");
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (file == NULL) {
        perror(argv[1]);
        return 1;
    }
    response_length = (int)fread(response, 1, sizeof response, file);
    fclose(file);
    int threads = atoi(argv[2]);
    if (FCGX_Init() != 0 || threads < 1) return 1;
    signal(SIGTERM, SIG_DFL); /* libfcgi's handler only sets a flag this loop never reads */
    listen_fd = FCGX_OpenSocket(argv[3], 1024);
    if (listen_fd < 0) {
        perror(argv[3]);
        return 1;
    }
    fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
    pthread_t ids[1024];
    if (threads > 1024) threads = 1024;
    for (int i = 0; i < threads; ++i) pthread_create(&ids[i], NULL, accept_loop, NULL);
    pthread_join(ids[0], NULL);
    return 0;
}

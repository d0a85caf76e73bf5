/* pause: the first process of every pod sandbox.
 *
 * It holds the pod's namespaces open and does nothing else: sleeps in pause(), reaps any
 * child that gets reparented to it (it is PID 1 of the pod when the pod shares one PID
 * namespace), and exits 0 when asked to stop with SIGINT or SIGTERM. Built statically so the
 * image needs no libc. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int sig) {
  (void)sig;
  _exit(0);
}

static void on_child(int sig) {
  (void)sig;
  /* Reap every exited child; several may have ended for one signal. */
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

static int install(int sig, void (*handler)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = SA_RESTART | (sig == SIGCHLD ? SA_NOCLDSTOP : 0);
  sigemptyset(&sa.sa_mask);
  return sigaction(sig, &sa, NULL);
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    puts("pause (kubepp)");
    return 0;
  }
  if (getpid() != 1) fputs("pause: warning: not running as PID 1\n", stderr);
  if (install(SIGINT, on_stop) != 0 || install(SIGTERM, on_stop) != 0 || install(SIGCHLD, on_child) != 0) {
    perror("pause: sigaction");
    return 1;
  }
  for (;;) pause();
}

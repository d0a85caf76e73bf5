/* stress: allocates and touches memory until told amount is reached, then sleeps.
 *
 *   stress <MiB> [step-MiB]
 *
 * Used by tests of memory limits: with a limit below <MiB>, the cgroup's OOM killer ends the
 * process and the runtime reports the container OOMKilled. Prints how much it holds after each
 * step so logs show how far it got. Exits 0 on SIGTERM. Built statically. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_stop(int sig) {
  (void)sig;
  _exit(0);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fputs("usage: stress <MiB> [step-MiB]\n", stderr);
    return 2;
  }
  long total = atol(argv[1]);
  long step = argc > 2 ? atol(argv[2]) : 8;
  if (total < 0 || step <= 0) {
    fputs("stress: sizes must be positive\n", stderr);
    return 2;
  }
  signal(SIGTERM, on_stop);
  signal(SIGINT, on_stop);
  long held = 0;
  while (held < total) {
    long chunk = total - held < step ? total - held : step;
    char* p = malloc((size_t)chunk << 20);
    if (p == NULL) {
      fprintf(stderr, "stress: malloc failed at %ld MiB\n", held);
      return 1;
    }
    /* Touch every page so the memory is really charged to the cgroup. */
    memset(p, 0x5a, (size_t)chunk << 20);
    held += chunk;
    printf("stress: holding %ld MiB\n", held);
    fflush(stdout);
  }
  for (;;) pause();
}

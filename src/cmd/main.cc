// kubepp: one binary, one subcommand per component.
#include <cstdio>
#include <cstring>
#include <string>

namespace {
void Usage() {
  std::fputs(
      "kubepp: Kubernetes in C++\n"
      "usage: kubepp <command> [flags]\n"
      "commands:\n"
      "  server     store + apiserver (the control plane of one node)\n"
      "  apiserver  the apiserver alone\n"
      "  version    print the version\n",
      stderr);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    Usage();
    return 2;
  }
  std::string cmd = argv[1];
  if (cmd == "version") {
    std::puts("kubepp v1.32.0-kubepp.0.1.0");
    return 0;
  }
  Usage();
  return 2;
}

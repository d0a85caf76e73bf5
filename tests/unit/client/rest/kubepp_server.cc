#include "kubepp_server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "client/rest_client.h"

extern char** environ;

namespace kubepp::client::testing {
namespace {

std::string KubeppBinary() {
  if (const char* env = std::getenv("KUBEPP_BIN"); env && *env) return env;
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  return (self.parent_path().parent_path() / "kubepp").string();
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace

StatusOr<std::unique_ptr<KubeppServer>> KubeppServer::Start() {
  std::string binary = KubeppBinary();
  if (binary.empty() || ::access(binary.c_str(), X_OK) != 0) {
    return Status::NotFound("no kubepp binary at " + binary + " (build the kubepp target or set KUBEPP_BIN)");
  }
  std::unique_ptr<KubeppServer> s(new KubeppServer());
  std::string tmpl = (std::filesystem::temp_directory_path() / "kubepp-client-test.XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return Status::Internal("mkdtemp failed");
  s->dir_ = tmpl;
  s->log_ = s->dir_ + "/server.log";
  std::string data_dir = s->dir_ + "/data";
  std::string port = std::to_string(FreePort());
  std::vector<std::string> args = {binary, "apiserver", "--data-dir", data_dir, "--secure-port", port,
                                   "--bind-address", "127.0.0.1"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, s->log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  int rc = posix_spawn(&s->pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Status::Internal("posix_spawn failed");

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  std::string kubeconfig = data_dir + "/admin.kubeconfig";
  Status last = Status::Unavailable("not started");
  while (std::chrono::steady_clock::now() < deadline) {
    int wstatus;
    if (::waitpid(s->pid_, &wstatus, WNOHANG) == s->pid_) {
      s->pid_ = -1;
      return Status::Internal("kubepp apiserver exited early; see " + s->log_);
    }
    if (std::filesystem::exists(kubeconfig)) {
      auto config = LoadKubeconfig(kubeconfig);
      if (config.ok()) {
        auto client = NewRestClient(*config);
        if (client.ok()) {
          auto ns = (*client)->Get(Resource::Of("", "namespaces"), "", "default");
          if (ns.ok()) {
            s->config_ = *config;
            return s;
          }
          last = ns.status();
        } else {
          last = client.status();
        }
      } else {
        last = config.status();
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Status::Timeout("kubepp apiserver not ready: " + last.ToString() + "; see " + s->log_);
}

KubeppServer::~KubeppServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    int wstatus;
    while (::waitpid(pid_, &wstatus, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &wstatus, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  if (!dir_.empty() && !std::getenv("KUBEPP_KEEP")) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

}  // namespace kubepp::client::testing

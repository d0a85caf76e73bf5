// kubepp's gRPC client against an in-process grpc++ CRI server on a unix socket: method paths,
// message round trips, status mapping, deadlines, large messages, a restarting runtime.
#include "kubelet/cri/grpc_runtime.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "cri/v1/api.grpc.pb.h"

namespace kubepp::kubelet::cri {
namespace {

namespace fs = std::filesystem;

// A CRI server answering a few calls the way containerd does.
class TestRuntimeServer final : public v1::RuntimeService::Service {
 public:
  std::atomic<int> version_calls{0};
  std::atomic<int64_t> exec_timeout_seen{-1};

  grpc::Status Version(grpc::ServerContext*, const v1::VersionRequest* request,
                       v1::VersionResponse* response) override {
    ++version_calls;
    response->set_version(request->version());
    response->set_runtime_name("containerd");
    response->set_runtime_version("1.6.20");
    response->set_runtime_api_version("v1");
    return grpc::Status::OK;
  }
  grpc::Status RunPodSandbox(grpc::ServerContext*, const v1::RunPodSandboxRequest* request,
                             v1::RunPodSandboxResponse* response) override {
    const auto& config = request->config();
    // Echo what arrived so the test sees field names and numbers survived the trip.
    response->set_pod_sandbox_id(
        config.metadata().namespace_() + "/" + config.metadata().name() + "/" +
        config.log_directory() + "/" +
        std::to_string(config.linux().security_context().namespace_options().network()));
    return grpc::Status::OK;
  }
  grpc::Status ContainerStatus(grpc::ServerContext*, const v1::ContainerStatusRequest* request,
                               v1::ContainerStatusResponse*) override {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "an error occurred when try to find container \"" +
                            request->container_id() + "\": not found");
  }
  // Blocks until the client gives up, so the client's deadline decides the outcome.
  grpc::Status ListContainers(grpc::ServerContext* context, const v1::ListContainersRequest*,
                              v1::ListContainersResponse*) override {
    while (!context->IsCancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return grpc::Status::CANCELLED;
  }
  grpc::Status ExecSync(grpc::ServerContext* context, const v1::ExecSyncRequest* request,
                        v1::ExecSyncResponse* response) override {
    auto left = context->deadline() - std::chrono::system_clock::now();
    exec_timeout_seen = std::chrono::duration_cast<std::chrono::seconds>(left).count();
    response->set_stdout("out:" + request->cmd(0));
    response->set_stderr("err");
    response->set_exit_code(3);
    return grpc::Status::OK;
  }
};

class TestImageServer final : public v1::ImageService::Service {
 public:
  // Answers with images whose tags add up to the size the filter asks for ("size:<bytes>"), so
  // tests can make responses as large as containerd's on a node full of images.
  grpc::Status ListImages(grpc::ServerContext*, const v1::ListImagesRequest* request,
                          v1::ListImagesResponse* response) override {
    const std::string& filter = request->filter().image().image();
    size_t want = filter.starts_with("size:") ? std::stoul(filter.substr(5)) : 0;
    size_t total = 0;
    for (int i = 0; total < want; ++i) {
      auto* image = response->add_images();
      image->set_id("sha256:" + std::to_string(i));
      image->add_repo_tags("kubepp.local/image-" + std::to_string(i) + ":" +
                           std::string(4000, 't'));
      total += 4100;
    }
    return grpc::Status::OK;
  }
  grpc::Status PullImage(grpc::ServerContext*, const v1::PullImageRequest* request,
                         v1::PullImageResponse* response) override {
    if (request->auth().username() != "alice") {
      return grpc::Status(grpc::StatusCode::UNKNOWN,
                          "failed to pull and unpack image: 401 Unauthorized");
    }
    response->set_image_ref("sha256:" + request->image().image());
    return grpc::Status::OK;
  }
  grpc::Status ImageStatus(grpc::ServerContext*, const v1::ImageStatusRequest*,
                           v1::ImageStatusResponse*) override {
    return grpc::Status::OK;  // not present: no image
  }
};

class GrpcRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kubepp-cri-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    socket_ = dir_ + "/cri.sock";
  }
  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
    fs::remove_all(dir_);
  }
  void StartServer() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("unix://" + socket_, grpc::InsecureServerCredentials());
    builder.RegisterService(&runtime_);
    builder.RegisterService(&images_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }

  std::string dir_, socket_;
  TestRuntimeServer runtime_;
  TestImageServer images_;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(GrpcRuntimeTest, ConnectValidatesWithVersionAndCallsRoundTrip) {
  StartServer();
  auto cri = ConnectCri("unix://" + socket_);
  ASSERT_TRUE(cri.ok()) << cri.status().ToString();
  EXPECT_EQ(runtime_.version_calls.load(), 1);

  auto version = cri->runtime->Version(v1::VersionRequest());
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(version->runtime_name(), "containerd");
  EXPECT_EQ(version->runtime_api_version(), "v1");

  v1::RunPodSandboxRequest run;
  run.mutable_config()->mutable_metadata()->set_name("web");
  run.mutable_config()->mutable_metadata()->set_namespace_("jds");
  run.mutable_config()->set_log_directory("/var/log/pods/jds_web_1");
  run.mutable_config()
      ->mutable_linux()
      ->mutable_security_context()
      ->mutable_namespace_options()
      ->set_network(v1::NODE);
  auto sandbox = cri->runtime->RunPodSandbox(run);
  ASSERT_TRUE(sandbox.ok()) << sandbox.status().ToString();
  EXPECT_EQ(sandbox->pod_sandbox_id(), "jds/web//var/log/pods/jds_web_1/2");
}

TEST_F(GrpcRuntimeTest, PlainPathEndpointWorks) {
  StartServer();
  auto runtime = ConnectRuntime(socket_);
  ASSERT_TRUE(runtime.ok()) << runtime.status().ToString();
  EXPECT_TRUE((*runtime)->Version(v1::VersionRequest()).ok());
}

TEST_F(GrpcRuntimeTest, NotFoundIsRecognisable) {
  StartServer();
  auto runtime = ConnectRuntime(socket_);
  ASSERT_TRUE(runtime.ok());
  v1::ContainerStatusRequest request;
  request.set_container_id("abc");
  auto status = (*runtime)->ContainerStatus(request);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(status.status().IsNotFound());
  EXPECT_EQ(status.status().message(),
            "rpc error: code = NotFound desc = an error occurred when try to find container "
            "\"abc\": not found");
}

TEST_F(GrpcRuntimeTest, UnimplementedCallIsMethodNotAllowed) {
  StartServer();
  auto runtime = ConnectRuntime(socket_);
  ASSERT_TRUE(runtime.ok());
  auto stats = (*runtime)->PodSandboxStats(v1::PodSandboxStatsRequest());
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().reason(), Reason::kMethodNotAllowed);
}

TEST_F(GrpcRuntimeTest, RequestTimeoutBoundsCalls) {
  StartServer();
  ConnectOptions options;
  options.request_timeout = std::chrono::milliseconds(200);
  auto runtime = ConnectRuntime(socket_, options);
  ASSERT_TRUE(runtime.ok());
  auto list = (*runtime)->ListContainers(v1::ListContainersRequest());
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().reason(), Reason::kTimeout) << list.status().ToString();
}

TEST_F(GrpcRuntimeTest, ExecSyncDeadlineAddsTheCommandTimeout) {
  StartServer();
  ConnectOptions options;
  options.request_timeout = std::chrono::seconds(10);
  auto runtime = ConnectRuntime(socket_, options);
  ASSERT_TRUE(runtime.ok());
  v1::ExecSyncRequest request;
  request.set_container_id("c");
  request.add_cmd("true");
  request.set_timeout(100);
  auto result = (*runtime)->ExecSync(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->stdout(), "out:true");
  EXPECT_EQ(result->stderr(), "err");
  EXPECT_EQ(result->exit_code(), 3);
  // 10 s request timeout + 100 s command timeout, less the call's own latency.
  EXPECT_GE(runtime_.exec_timeout_seen.load(), 105);
  EXPECT_LE(runtime_.exec_timeout_seen.load(), 110);
}

TEST_F(GrpcRuntimeTest, ImageCallsCarryAuth) {
  StartServer();
  auto images = ConnectImages(socket_);
  ASSERT_TRUE(images.ok()) << images.status().ToString();
  v1::PullImageRequest pull;
  pull.mutable_image()->set_image("kubepp.local/busybox:1.35");
  auto denied = (*images)->PullImage(pull);
  ASSERT_FALSE(denied.ok());
  EXPECT_NE(denied.status().message().find("401 Unauthorized"), std::string::npos);
  pull.mutable_auth()->set_username("alice");
  auto pulled = (*images)->PullImage(pull);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->image_ref(), "sha256:kubepp.local/busybox:1.35");
  auto status = (*images)->ImageStatus(v1::ImageStatusRequest());
  ASSERT_TRUE(status.ok());
  EXPECT_FALSE(status->has_image());
}

TEST_F(GrpcRuntimeTest, LargeResponsesUpToTheMessageLimit) {
  StartServer();
  auto images = ConnectImages(socket_);
  ASSERT_TRUE(images.ok()) << images.status().ToString();
  v1::ListImagesRequest request;
  request.mutable_filter()->mutable_image()->set_image("size:" + std::to_string(12 << 20));
  auto listed = (*images)->ListImages(request);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_GT(listed->images_size(), 3000);
  EXPECT_EQ(listed->images(42).id(), "sha256:42");
  // Above 16 MiB the kubelet refuses the message, as upstream's does.
  request.mutable_filter()->mutable_image()->set_image("size:" + std::to_string(17 << 20));
  auto too_large = (*images)->ListImages(request);
  ASSERT_FALSE(too_large.ok());
  EXPECT_EQ(too_large.status().reason(), Reason::kTooManyRequests) << too_large.status().ToString();
  EXPECT_NE(too_large.status().message().find("ResourceExhausted"), std::string::npos);
  // The connection survives a refused message.
  EXPECT_TRUE((*images)->ImageStatus(v1::ImageStatusRequest()).ok());
}

TEST_F(GrpcRuntimeTest, ARestartedRuntimeIsReconnected) {
  StartServer();
  auto runtime = ConnectRuntime(socket_);
  ASSERT_TRUE(runtime.ok());
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  server_.reset();
  fs::remove(socket_);
  auto down = (*runtime)->Version(v1::VersionRequest());
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().reason(), Reason::kUnavailable) << down.status().ToString();
  EXPECT_TRUE(down.status().message().starts_with("rpc error: code = Unavailable desc = "))
      << down.status().message();
  StartServer();
  auto up = (*runtime)->Version(v1::VersionRequest());
  EXPECT_TRUE(up.ok()) << up.status().ToString();
}

TEST_F(GrpcRuntimeTest, ConnectFailsWhenNothingListens) {
  ConnectOptions options;
  options.connect_timeout = std::chrono::milliseconds(300);
  auto runtime = ConnectRuntime(socket_, options);
  ASSERT_FALSE(runtime.ok());
  EXPECT_EQ(runtime.status().reason(), Reason::kTimeout) << runtime.status().ToString();
  EXPECT_NE(runtime.status().message().find(socket_), std::string::npos);
}

TEST_F(GrpcRuntimeTest, ConnectWaitsForALateRuntime) {
  // The client starts waiting before the socket exists; the server comes up meanwhile.
  ConnectOptions options;
  options.connect_timeout = std::chrono::seconds(20);
  StatusOr<std::unique_ptr<RuntimeService>> runtime = Status::Unavailable("not connected");
  std::thread client([&] { runtime = ConnectRuntime(socket_, options); });
  StartServer();
  client.join();
  ASSERT_TRUE(runtime.ok()) << runtime.status().ToString();
}

TEST(GrpcTargetTest, Endpoints) {
  EXPECT_EQ(*GrpcTargetForEndpoint("unix:///run/containerd/containerd.sock"),
            "unix:///run/containerd/containerd.sock");
  EXPECT_EQ(*GrpcTargetForEndpoint("/run/containerd/containerd.sock"),
            "unix:///run/containerd/containerd.sock");
  EXPECT_EQ(GrpcTargetForEndpoint("tcp://127.0.0.1:1234").status().reason(), Reason::kBadRequest);
  EXPECT_EQ(GrpcTargetForEndpoint("relative.sock").status().reason(), Reason::kBadRequest);
  EXPECT_EQ(GrpcTargetForEndpoint("").status().reason(), Reason::kBadRequest);
}

}  // namespace
}  // namespace kubepp::kubelet::cri

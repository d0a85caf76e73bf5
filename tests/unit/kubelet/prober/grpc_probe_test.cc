#include "kubelet/prober/grpc_probe.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <mutex>

#include <gtest/gtest.h>

#include "health/v1/health.grpc.pb.h"
#include "unit/kubelet/prober/local_servers.h"

namespace kubepp::kubelet::prober {
namespace {
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// A health server answering with a settable status and recording what it was asked.
class HealthService final : public grpc::health::v1::Health::Service {
 public:
  grpc::Status Check(grpc::ServerContext* context, const HealthCheckRequest* request,
                     HealthCheckResponse* response) override {
    std::lock_guard lock(mu_);
    services_.push_back(request->service());
    user_agent_ = "";
    auto it = context->client_metadata().find("user-agent");
    if (it != context->client_metadata().end()) user_agent_ = std::string(it->second.data(), it->second.size());
    if (!error_.ok()) return error_;
    response->set_status(status_);
    return grpc::Status::OK;
  }
  void Answer(HealthCheckResponse::ServingStatus status) {
    std::lock_guard lock(mu_);
    status_ = status;
  }
  void Fail(grpc::Status error) {
    std::lock_guard lock(mu_);
    error_ = std::move(error);
  }
  std::vector<std::string> services() {
    std::lock_guard lock(mu_);
    return services_;
  }
  std::string user_agent() {
    std::lock_guard lock(mu_);
    return user_agent_;
  }

 private:
  std::mutex mu_;
  HealthCheckResponse::ServingStatus status_ = HealthCheckResponse::SERVING;
  grpc::Status error_ = grpc::Status::OK;
  std::vector<std::string> services_;
  std::string user_agent_;
};

class GrpcProbeTest : public ::testing::Test {
 protected:
  void Serve(bool with_health) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    // The generated base class answers every call UNIMPLEMENTED.
    if (with_health) {
      builder.RegisterService(&service_);
    } else {
      builder.RegisterService(&unimplemented_);
    }
    server_ = builder.BuildAndStart();
    ASSERT_TRUE(server_);
    ASSERT_GT(port_, 0);
  }
  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  }

  HealthService service_;
  grpc::health::v1::Health::Service unimplemented_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

TEST_F(GrpcProbeTest, ServingIsHealthy) {
  Serve(true);
  ProbeOutcome out = GrpcProbe("127.0.0.1", "payments", port_, std::chrono::seconds(2));
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kSuccess);
  EXPECT_EQ(out.output, "service healthy");
  EXPECT_EQ(service_.services(), std::vector<std::string>{"payments"});
  EXPECT_TRUE(service_.user_agent().starts_with("kube-probe/1.32")) << service_.user_agent();
}

TEST_F(GrpcProbeTest, NotServingFails) {
  Serve(true);
  service_.Answer(HealthCheckResponse::NOT_SERVING);
  ProbeOutcome out = GrpcProbe("127.0.0.1", "", port_, std::chrono::seconds(2));
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_EQ(out.output, "service unhealthy (responded with \"NOT_SERVING\")");
}

TEST_F(GrpcProbeTest, ErrorsAsUpstreamWordsThem) {
  Serve(true);
  service_.Fail(grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service"));
  ProbeOutcome out = GrpcProbe("127.0.0.1", "x", port_, std::chrono::seconds(2));
  EXPECT_EQ(out.output, "error: health rpc probe failed: rpc error: code = NotFound desc = unknown service");
}

TEST_F(GrpcProbeTest, ServerWithoutTheHealthService) {
  Serve(false);
  ProbeOutcome out = GrpcProbe("127.0.0.1", "", port_, std::chrono::seconds(2));
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_TRUE(out.output.starts_with(
      "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): "))
      << out.output;
}

TEST_F(GrpcProbeTest, NothingListening) {
  int port = testing::ClosedPort();
  ProbeOutcome out = GrpcProbe("127.0.0.1", "", port, std::chrono::seconds(1));
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_EQ(out.output, "timeout: failed to connect service \"127.0.0.1:" + std::to_string(port) +
                            "\" within 1s: context deadline exceeded");
}

TEST(GoSeconds, AsGoPrintsDurations) {
  EXPECT_EQ(GoSeconds(1), "1s");
  EXPECT_EQ(GoSeconds(59), "59s");
  EXPECT_EQ(GoSeconds(60), "1m0s");
  EXPECT_EQ(GoSeconds(90), "1m30s");
  EXPECT_EQ(GoSeconds(3600), "1h0m0s");
}

}  // namespace
}  // namespace kubepp::kubelet::prober

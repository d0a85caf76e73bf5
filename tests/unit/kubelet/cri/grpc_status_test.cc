#include "kubelet/cri/grpc_status.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet::cri {
namespace {

TEST(GrpcStatusTest, NotFoundStaysRecognisable) {
  Status s = FromGrpcStatus(5, "an error occurred when try to find container \"abc\": not found");
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_EQ(s.message(), "rpc error: code = NotFound desc = an error occurred when try to find container \"abc\": not found");
}

TEST(GrpcStatusTest, ReasonsByCode) {
  EXPECT_EQ(FromGrpcStatus(4, "x").reason(), Reason::kTimeout);           // DeadlineExceeded
  EXPECT_EQ(FromGrpcStatus(14, "x").reason(), Reason::kUnavailable);      // Unavailable
  EXPECT_EQ(FromGrpcStatus(1, "x").reason(), Reason::kUnavailable);       // Cancelled
  EXPECT_EQ(FromGrpcStatus(6, "x").reason(), Reason::kAlreadyExists);
  EXPECT_EQ(FromGrpcStatus(3, "x").reason(), Reason::kBadRequest);        // InvalidArgument
  EXPECT_EQ(FromGrpcStatus(9, "x").reason(), Reason::kConflict);          // FailedPrecondition
  EXPECT_EQ(FromGrpcStatus(12, "x").reason(), Reason::kMethodNotAllowed); // Unimplemented
  EXPECT_EQ(FromGrpcStatus(16, "x").reason(), Reason::kUnauthorized);
  EXPECT_EQ(FromGrpcStatus(7, "x").reason(), Reason::kForbidden);
  EXPECT_EQ(FromGrpcStatus(2, "x").reason(), Reason::kInternalError);     // Unknown
  EXPECT_EQ(FromGrpcStatus(13, "x").reason(), Reason::kInternalError);
}

TEST(GrpcStatusTest, MessagesNameTheCodeAsGoDoes) {
  EXPECT_EQ(FromGrpcStatus(2, "failed to pull").message(), "rpc error: code = Unknown desc = failed to pull");
  EXPECT_EQ(FromGrpcStatus(4, "context deadline exceeded").message(),
            "rpc error: code = DeadlineExceeded desc = context deadline exceeded");
  EXPECT_EQ(FromGrpcStatus(1, "").message(), "rpc error: code = Canceled desc = ");
  EXPECT_EQ(FromGrpcStatus(99, "odd").message(), "rpc error: code = Code(99) desc = odd");
  EXPECT_EQ(FromGrpcStatus(99, "odd").reason(), Reason::kInternalError);
  EXPECT_EQ(GrpcCodeName(0), "OK");
  EXPECT_EQ(GrpcCodeName(16), "Unauthenticated");
  EXPECT_EQ(GrpcCodeName(17), "");
}

}  // namespace
}  // namespace kubepp::kubelet::cri

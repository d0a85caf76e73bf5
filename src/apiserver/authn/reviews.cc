#include "apiserver/authn/reviews.h"

#include <boost/json/array.hpp>

#include "apiserver/object_meta.h"
#include "apiserver/request_body.h"
#include "apiserver/respond.h"

namespace kubepp::apiserver::authn {
namespace {

using boost::json::object;

constexpr const char* kApiVersion = "authentication.k8s.io/v1";

}  // namespace

StatusOr<object> ReviewToken(const RequestAuthenticator& authenticator, object review) {
  boost::json::value spec_value = review["spec"];
  if (spec_value.is_null()) spec_value = object();
  if (!spec_value.is_object()) return Status::BadRequest("the object provided is unrecognized or malformed: spec");
  object& spec = spec_value.as_object();
  std::string token;
  if (const auto* t = spec.if_contains("token"); t && t->is_string()) token = std::string(t->get_string());
  if (token.empty()) return Status::BadRequest("token is required for TokenReview in authentication");
  std::vector<std::string> audiences;
  if (const auto* aud = spec.if_contains("audiences"); aud && aud->is_array()) {
    for (const auto& a : aud->get_array()) {
      if (a.is_string()) audiences.emplace_back(a.get_string());
    }
  }
  RequestAuthenticator::TokenResult result = authenticator.AuthenticateToken(token, audiences);
  object status;
  if (result.authenticated) status["authenticated"] = true;
  // Upstream's status.user is a struct, so it is always present.
  status["user"] = result.authenticated ? UserInfoJson(result.user) : object();
  if (!result.audiences.empty()) {
    boost::json::array auds;
    for (const auto& a : result.audiences) auds.emplace_back(a);
    status["audiences"] = std::move(auds);
  }
  if (!result.error.empty()) status["error"] = result.error;

  object out;
  out["kind"] = "TokenReview";
  out["apiVersion"] = kApiVersion;
  object meta = review["metadata"].is_object() ? review["metadata"].as_object() : object();
  if (!meta.contains("creationTimestamp")) meta["creationTimestamp"] = nullptr;
  out["metadata"] = std::move(meta);
  out["spec"] = std::move(spec);
  out["status"] = std::move(status);
  return out;
}

object ReviewSelf(const UserInfo& user, const std::string& now) {
  object out;
  out["kind"] = "SelfSubjectReview";
  out["apiVersion"] = kApiVersion;
  out["metadata"] = object{{"creationTimestamp", now}};
  out["status"] = object{{"userInfo", UserInfoJson(user)}};
  return out;
}

void HandleTokenReview(const RequestAuthenticator& authenticator, const net::HttpRequest& req,
                       std::shared_ptr<net::Responder> out) {
  auto body = DecodeObjectBody(req, kApiVersion, "TokenReview");
  if (!body.ok()) return RespondError(*out, body.status());
  auto reviewed = ReviewToken(authenticator, std::move(*body));
  if (!reviewed.ok()) return RespondError(*out, reviewed.status());
  RespondObject(*out, 201, *reviewed);
}

void HandleSelfSubjectReview(const UserInfo& user, const net::HttpRequest& req, std::shared_ptr<net::Responder> out) {
  auto body = DecodeObjectBody(req, kApiVersion, "SelfSubjectReview");
  if (!body.ok()) return RespondError(*out, body.status());
  RespondObject(*out, 201, ReviewSelf(user, NowRfc3339()));
}

}  // namespace kubepp::apiserver::authn

// The authentication.k8s.io/v1 reviews, computed rather than stored:
//
//  * TokenReview (POST tokenreviews): is spec.token a valid bearer token
//    for spec.audiences (default: the apiserver's), and whose — status
//    {authenticated, user, audiences, error}, as upstream's tokenreview
//    REST answers; an empty token is 400.
//  * SelfSubjectReview (POST selfsubjectreviews, `kubectl auth whoami`):
//    status.userInfo of the caller.
//
// Thread safety: stateless.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "apiserver/authn/authenticator.h"
#include "apiserver/authn/user_info.h"
#include "base/status.h"
#include "net/http.h"

namespace kubepp::apiserver::authn {

// The reviewed TokenReview for `review` (decoded body).
StatusOr<boost::json::object> ReviewToken(const RequestAuthenticator& authenticator, boost::json::object review);
// The SelfSubjectReview of `user`; `now` is its creationTimestamp.
boost::json::object ReviewSelf(const UserInfo& user, const std::string& now);

void HandleTokenReview(const RequestAuthenticator& authenticator, const net::HttpRequest& req,
                       std::shared_ptr<net::Responder> out);
void HandleSelfSubjectReview(const UserInfo& user, const net::HttpRequest& req, std::shared_ptr<net::Responder> out);

}  // namespace kubepp::apiserver::authn

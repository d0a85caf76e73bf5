// The authorization.k8s.io/v1 reviews, computed rather than stored: the
// caller asks whether a user may do something, and the answer comes back in
// the review's status (201), as upstream's REST for them answers.
//
//  * SubjectAccessReview: may spec.user (with spec.groups) do the
//    resourceAttributes or nonResourceAttributes?
//  * LocalSubjectAccessReview: the same within the review's namespace.
//  * SelfSubjectAccessReview (`kubectl auth can-i`): may the caller?
//  * SelfSubjectRulesReview (`kubectl auth can-i --list`): what may the
//    caller do in spec.namespace?
//
// kubepp authorizes every authenticated request (anonymous ones never get
// past authentication), so each review is allowed and the caller's rules are
// everything — what upstream's AlwaysAllow authorizer answers. The reviews'
// specs are validated as upstream validates them (422).
//
// Thread safety: stateless.
#pragma once

#include <memory>
#include <string>

#include <boost/json/object.hpp>

#include "api/resources/catalog.h"
#include "base/status.h"
#include "net/http.h"

namespace kubepp::apiserver::authz {

// The answered review for `review`, a decoded body of `r` (one of the four above);
// `namespace_name` is the request's (LocalSubjectAccessReview). Whoever asks, about whomever, the
// answer is the same: when authorization gains rules, the reviews will need the caller too.
StatusOr<boost::json::object> ReviewAccess(const api::ResourceInfo& r, boost::json::object review,
                                           const std::string& namespace_name);

// True when `r` is one of the four reviews.
bool IsAccessReview(const api::ResourceInfo& r);

void HandleAccessReview(const api::ResourceInfo& r, const std::string& namespace_name,
                        const net::HttpRequest& req,
                        std::shared_ptr<net::Responder> out);

}  // namespace kubepp::apiserver::authz

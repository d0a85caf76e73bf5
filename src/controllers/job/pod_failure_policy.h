// spec.podFailurePolicy of a Job: the first rule matching a failed pod says
// whether the failure fails the Job at once (FailJob), is not counted against
// backoffLimit (Ignore), or counts as usual (Count). Rules match on container
// exit codes (operator In / NotIn, exit code 0 never matches) or on pod
// conditions (type and status).
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>

namespace kubepp::controllers::job {

enum class FailureAction { kCount, kFailJob, kIgnore, kFailIndex };

struct FailureMatch {
  FailureAction action = FailureAction::kCount;
  std::string message;  // for FailJob: the FailureTarget condition's message
};

// The action for a failed `pod` of `job`; kCount when no policy or no rule matches.
FailureMatch MatchPodFailurePolicy(const boost::json::object& job, const boost::json::object& pod);

}  // namespace kubepp::controllers::job

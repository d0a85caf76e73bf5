// backoffLimitPerIndex: an Indexed Job's failures counted index by index.
// Each pod carries the failures of its index so far in an annotation; a
// failed pod waits (its finalizer kept) until its replacement, which
// inherits the count plus one, exists. An index whose pod fails with the
// count at the limit, or matches a FailIndex rule, fails for good and is
// not run again.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/json/object.hpp>

#include "base/clock.h"

namespace kubepp::controllers::job {

// Failures of the pod's index before it (counted against backoffLimitPerIndex).
inline constexpr std::string_view kIndexFailureCountKey = "batch.kubernetes.io/job-index-failure-count";
// Failures of the pod's index before it that an Ignore rule left uncounted.
inline constexpr std::string_view kIndexIgnoredFailureCountKey = "batch.kubernetes.io/job-index-ignored-failure-count";

// The annotation's value; 0 when absent, malformed, negative or beyond int32.
int64_t IndexFailureCount(const boost::json::object& pod);
int64_t IndexIgnoredFailureCount(const boost::json::object& pod);

// The failed `pod` fails its index for good: it matched FailIndex, or it
// counts and its index had already used up `limit` retries.
bool IndexFailed(const boost::json::object& job, const boost::json::object& pod, int64_t limit);

// The annotations of the pod that replaces `failed` (nullptr: the index's first pod).
boost::json::object ReplacementCounts(const boost::json::object& job, const boost::json::object* failed);

// How long the replacement of `failed` must still wait at `now`.
Clock::Duration RemainingIndexBackoff(const boost::json::object& failed, Clock::TimePoint now);

}  // namespace kubepp::controllers::job

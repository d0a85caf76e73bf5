// PodLogOptions: what `GET pods/{name}/log` asks for — as upstream's core/v1
// PodLogOptions read from the query string by the parameter codec — its
// validation, and the query of the kubelet URL the apiserver builds from it
// (pkg/registry/core/pod/strategy.go LogLocation). The kubelet's
// /containerLogs endpoint reads the same parameters.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/options/query_values.h"
#include "api/validation/validation.h"
#include "base/clock.h"
#include "base/status.h"

namespace kubepp::api {

struct PodLogOptions {
  std::string container;
  bool follow = false;
  bool previous = false;
  bool timestamps = false;
  bool insecure_skip_tls_verify_backend = false;
  std::optional<int64_t> since_seconds;
  std::optional<Clock::TimePoint> since_time;  // whole seconds (RFC 3339 on the wire)
  std::optional<int64_t> tail_lines;
  std::optional<int64_t> limit_bytes;
};

// Decodes as upstream's parameter codec: a boolean is true unless absent,
// "0" or "false" (any case); integers must parse ("strconv.ParseInt: parsing
// \"x\": invalid syntax"); sinceTime is RFC 3339. Failures are BadRequest.
StatusOr<PodLogOptions> DecodePodLogOptions(const QueryValues& query);

// Upstream's ValidatePodLogOptions: tailLines >= 0, limitBytes > 0,
// sinceSeconds > 0, not both sinceSeconds and sinceTime.
std::vector<FieldError> ValidatePodLogOptions(const PodLogOptions& options);
// `PodLogOptions "name" is invalid: tailLines: Invalid value: -1: must be ...`
Status InvalidPodLogOptions(const std::string& pod_name, const std::vector<FieldError>& errors);

// The kubelet's /containerLogs query for `options` (url.Values.Encode order):
// follow, limitBytes, previous, sinceSeconds, sinceTime, tailLines, timestamps.
std::string KubeletLogQuery(const PodLogOptions& options);

// RFC 3339 with whole seconds in UTC, as Go's time.RFC3339 formats a UTC time.
std::string FormatRfc3339(Clock::TimePoint t);
// Go's time.Parse(time.RFC3339, text): "Z" or a numeric offset, an optional
// fraction of any length; nullopt otherwise.
std::optional<Clock::TimePoint> ParseRfc3339(std::string_view text);

}  // namespace kubepp::api

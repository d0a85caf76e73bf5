// The options of the streaming pod subresources — PodExecOptions,
// PodAttachOptions, PodPortForwardOptions — read from the query string as
// upstream's parameter codec reads them, and the query of the kubelet URL the
// apiserver builds from them (pkg/registry/core/pod/strategy.go
// streamParams): the kubelet takes input/output/error/tty as "1" and one
// `command` per argument.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/options/query_values.h"
#include "base/status.h"

namespace kubepp::api {

struct PodStreamOptions {
  std::string container;
  bool input = false;   // stdin
  bool output = false;  // stdout
  bool error = false;   // stderr
  bool tty = false;
  std::vector<std::string> command;  // exec only
};

// stdin, stdout, stderr, tty (true unless absent, "0" or "false"), container
// and, for exec, every `command`.
PodStreamOptions DecodePodExecOptions(const QueryValues& query);
PodStreamOptions DecodePodAttachOptions(const QueryValues& query);
// Every `ports` value, each a comma-separated list of ports; BadRequest
// ("cannot convert to []int32: strconv.ParseUint: parsing \"x\": invalid
// syntax") when one is not a port number.
StatusOr<std::vector<int32_t>> DecodePortForwardPorts(const QueryValues& query);

// The kubelet's /exec or /attach query: command=..&error=1&input=1&output=1&tty=1.
std::string KubeletStreamQuery(const PodStreamOptions& options);
// The kubelet's /portForward query: port=80,443 (empty without ports).
std::string KubeletPortForwardQuery(const std::vector<int32_t>& ports);

}  // namespace kubepp::api

// ProbeSpec: one container probe (livenessProbe, readinessProbe or
// startupProbe of a v1 Container) read out of the pod's JSON once, with the
// API's defaults for fields a hand-made pod may lack (timeoutSeconds 1,
// periodSeconds 10, successThreshold 1, failureThreshold 3).
//
// Thread safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "kubelet/prober/probe_types.h"

namespace kubepp::kubelet::prober {

// A port given by number or by the name of one of the container's ports.
struct PortRef {
  bool is_name = false;
  int number = 0;
  std::string name;
};

struct ProbeSpec {
  enum class Handler { kNone, kExec, kHttpGet, kTcpSocket, kGrpc };
  Handler handler = Handler::kNone;

  std::vector<std::string> command;  // exec

  // httpGet
  std::string http_scheme = "HTTP";
  std::string http_host;  // "" = the pod IP
  std::string http_path;
  PortRef http_port;
  std::vector<std::pair<std::string, std::string>> http_headers;  // in order

  // tcpSocket
  std::string tcp_host;  // "" = the pod IP
  PortRef tcp_port;

  // grpc
  int grpc_port = 0;
  std::optional<std::string> grpc_service;

  int initial_delay_seconds = 0;
  int timeout_seconds = 1;
  int period_seconds = 10;
  int success_threshold = 1;
  int failure_threshold = 3;
};

// The action of a probe or lifecycle handler (exec, httpGet, tcpSocket,
// grpc); timing fields keep their defaults.
ProbeSpec ParseHandler(const boost::json::object& handler);

// The container's probe of that type; nullopt when it has none.
std::optional<ProbeSpec> ParseProbe(const boost::json::object& container, ProbeType type);

// The field of a v1 Container holding that probe: "livenessProbe", ...
std::string_view ProbeField(ProbeType type);

}  // namespace kubepp::kubelet::prober

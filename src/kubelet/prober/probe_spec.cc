#include "kubelet/prober/probe_spec.h"

#include "kubelet/json_access.h"

namespace kubepp::kubelet::prober {
namespace json = boost::json;
namespace {

int IntAt(const json::object& o, std::string_view key, int fallback) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_number()) return fallback;
  if (v->is_int64()) return static_cast<int>(v->get_int64());
  if (v->is_uint64()) return static_cast<int>(v->get_uint64());
  return static_cast<int>(v->get_double());
}

// A 0 the API would have defaulted reads as the default.
int PositiveAt(const json::object& o, std::string_view key, int fallback) {
  int v = IntAt(o, key, 0);
  return v > 0 ? v : fallback;
}

PortRef Port(const json::object* action) {
  PortRef ref;
  const json::value* v = action ? action->if_contains("port") : nullptr;
  if (!v) return ref;
  if (v->is_string()) {
    ref.is_name = true;
    ref.name = std::string(v->get_string());
  } else if (v->is_int64()) {
    ref.number = static_cast<int>(v->get_int64());
  } else if (v->is_uint64()) {
    ref.number = static_cast<int>(v->get_uint64());
  }
  return ref;
}

}  // namespace

std::string_view ProbeField(ProbeType type) {
  switch (type) {
    case ProbeType::kLiveness: return "livenessProbe";
    case ProbeType::kReadiness: return "readinessProbe";
    case ProbeType::kStartup: return "startupProbe";
  }
  return "";
}

ProbeSpec ParseHandler(const json::object& handler) {
  const json::object* probe = &handler;
  ProbeSpec spec;
  if (const json::object* exec = ObjectIn(probe, "exec")) {
    spec.handler = ProbeSpec::Handler::kExec;
    if (const json::array* command = ArrayIn(exec, "command")) {
      for (const auto& arg : *command) {
        if (arg.is_string()) spec.command.emplace_back(arg.get_string());
      }
    }
  } else if (const json::object* http = ObjectIn(probe, "httpGet")) {
    spec.handler = ProbeSpec::Handler::kHttpGet;
    std::string_view scheme = StringIn(http, "scheme");
    if (!scheme.empty()) spec.http_scheme = std::string(scheme);
    spec.http_host = std::string(StringIn(http, "host"));
    spec.http_path = std::string(StringIn(http, "path"));
    spec.http_port = Port(http);
    if (const json::array* headers = ArrayIn(http, "httpHeaders")) {
      for (const auto& h : *headers) {
        const json::object* header = h.if_object();
        if (header) spec.http_headers.emplace_back(StringIn(header, "name"), StringIn(header, "value"));
      }
    }
  } else if (const json::object* tcp = ObjectIn(probe, "tcpSocket")) {
    spec.handler = ProbeSpec::Handler::kTcpSocket;
    spec.tcp_host = std::string(StringIn(tcp, "host"));
    spec.tcp_port = Port(tcp);
  } else if (const json::object* grpc = ObjectIn(probe, "grpc")) {
    spec.handler = ProbeSpec::Handler::kGrpc;
    spec.grpc_port = IntAt(*grpc, "port", 0);
    if (const json::value* service = grpc->if_contains("service"); service && service->is_string()) {
      spec.grpc_service = std::string(service->get_string());
    }
  }
  return spec;
}

std::optional<ProbeSpec> ParseProbe(const json::object& container, ProbeType type) {
  const json::object* probe = ObjectIn(&container, ProbeField(type));
  if (!probe) return std::nullopt;
  ProbeSpec spec = ParseHandler(*probe);
  spec.initial_delay_seconds = IntAt(*probe, "initialDelaySeconds", 0);
  spec.timeout_seconds = PositiveAt(*probe, "timeoutSeconds", 1);
  spec.period_seconds = PositiveAt(*probe, "periodSeconds", 10);
  spec.success_threshold = PositiveAt(*probe, "successThreshold", 1);
  spec.failure_threshold = PositiveAt(*probe, "failureThreshold", 3);
  return spec;
}

}  // namespace kubepp::kubelet::prober

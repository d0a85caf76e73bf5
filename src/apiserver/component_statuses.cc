#include "apiserver/component_statuses.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <thread>
#include <vector>

#include "apiserver/field_validation.h"
#include "apiserver/registry.h"
#include "apiserver/status_json.h"
#include "net/https_client.h"

namespace kubepp::apiserver {
namespace {

namespace json = boost::json;

// Upstream's defaults: kube-controller-manager's and kube-scheduler's secure ports, and the
// componentstatus prober's timeout.
constexpr uint16_t kControllerManagerPort = 10257;
constexpr uint16_t kSchedulerPort = 10259;
constexpr auto kProbeTimeout = std::chrono::seconds(20);

constexpr const char* kDeprecated = "v1 ComponentStatus is deprecated in v1.19+";

std::string_view ConditionStatus(ComponentHealth::Result r) {
  switch (r) {
    case ComponentHealth::Result::kSuccess:
      return "True";
    case ComponentHealth::Result::kFailure:
      return "False";
    case ComponentHealth::Result::kUnknown:
      return "Unknown";
  }
  return "Unknown";
}

json::object ComponentStatusObject(const std::string& name, const ComponentHealth& health) {
  json::object condition{{"type", "Healthy"}, {"status", ConditionStatus(health.result)}};
  if (!health.message.empty()) condition["message"] = health.message;
  if (!health.error.empty()) condition["error"] = health.error;
  return json::object{{"kind", "ComponentStatus"},
                      {"apiVersion", "v1"},
                      {"metadata", json::object{{"name", name}, {"creationTimestamp", nullptr}}},
                      {"conditions", json::array{std::move(condition)}}};
}

ComponentHealth ProbeStore(store::Store* store) {
  store::RangeRequest req;
  req.key = "/registry/health";
  auto read = store->Range(req);
  if (!read.ok()) return {ComponentHealth::Result::kFailure, "", read.status().message()};
  return {ComponentHealth::Result::kSuccess, "ok", ""};
}

void Respond(net::Responder& out, int code, std::string body) {
  net::HttpResponse resp;
  resp.status = code;
  resp.body = std::move(body);
  resp.headers.emplace_back("Warning", WarningHeader(kDeprecated));
  out.Respond(std::move(resp));
}

}  // namespace

ComponentHealth ProbeHealthz(uint16_t port) {
  const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/healthz";
  net::HttpsClientOptions options;
  options.port = port;
  options.timeout = kProbeTimeout;
  options.user_agent = "kube-probe/1.32";
  auto client = net::HttpsClient::Create(options);
  StatusOr<net::HttpResult> got =
      client.ok() ? (*client)->Request("GET", "/healthz", {}, {}, "*/*") : client.status();
  if (!got.ok()) {
    std::string why = got.status().message();
    std::string lower = why;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    // In the words of Go's net/http client, which upstream's prober reports.
    if (lower.find("refused") != std::string::npos) {
      why = "dial tcp 127.0.0.1:" + std::to_string(port) + ": connect: connection refused";
    }
    return {ComponentHealth::Result::kUnknown, "", "Get \"" + url + "\": " + why};
  }
  if (got->code >= 200 && got->code < 400)
    return {ComponentHealth::Result::kSuccess, got->body, ""};
  return {ComponentHealth::Result::kFailure,
          "HTTP probe failed with statuscode: " + std::to_string(got->code), ""};
}

ComponentStatuses::ComponentStatuses(store::Store* store) : store_(store) {}

void ComponentStatuses::SetInProcess(const std::string& name, HealthCheck check) {
  std::lock_guard lock(mu_);
  in_process_[name] = std::move(check);
}

std::map<std::string, HealthCheck> ComponentStatuses::Probes() {
  std::map<std::string, HealthCheck> probes{
      {"controller-manager", [] { return ProbeHealthz(kControllerManagerPort); }},
      {"scheduler", [] { return ProbeHealthz(kSchedulerPort); }},
      {"etcd-0", [store = store_] { return ProbeStore(store); }},
  };
  std::lock_guard lock(mu_);
  for (const auto& [name, check] : in_process_) probes[name] = check;
  return probes;
}

void ComponentStatuses::Handle(const api::ResourceInfo& r, Request request,
                               std::shared_ptr<net::Responder> out) {
  auto probes = Probes();
  if (!request.name.empty() && !probes.contains(request.name)) {
    // Upstream's storage returns a plain error here, which the apiserver sends as a 500.
    return Respond(*out, 500,
                   StatusJson(Status(Reason::kUnknown, "Component not found: " + request.name)));
  }
  // Probed side by side, as upstream does, off the connection's thread.
  answering_.Start([r, request = std::move(request), probes = std::move(probes), out] {
    Answer(r, request, probes, *out);
  });
}

void ComponentStatuses::Answer(const api::ResourceInfo& r, const Request& request,
                               const std::map<std::string, HealthCheck>& probes,
                               net::Responder& out) {
  std::vector<std::pair<std::string, HealthCheck>> asked;
  for (const auto& [name, check] : probes) {
    if (request.name.empty() || name == request.name) asked.emplace_back(name, check);
  }
  std::vector<ComponentHealth> results(asked.size());
  std::vector<std::thread> probing;
  for (size_t i = 0; i < asked.size(); ++i) {
    probing.emplace_back([&results, &asked, i] { results[i] = asked[i].second(); });
  }
  for (auto& t : probing) t.join();

  std::vector<json::object> items;
  for (size_t i = 0; i < asked.size(); ++i) {
    json::object item = ComponentStatusObject(asked[i].first, results[i]);
    const ListOptions& o = request.query.options;
    // Selectors filter a list; a component has no labels.
    if (request.name.empty() &&
        (!o.label_selector.Matches(static_cast<const json::object*>(nullptr)) ||
         (!o.field_selector.Empty() && !o.field_selector.Matches(SelectableFields(r, item))))) {
      continue;
    }
    items.push_back(std::move(item));
  }
  if (request.table) {
    std::vector<const json::object*> rows;
    for (const auto& item : items) rows.push_back(&item);
    return Respond(out, 200, TableJson(r, rows, request.table_options));
  }
  if (!request.name.empty()) return Respond(out, 200, json::serialize(items.front()));
  json::array list;
  for (auto& item : items) list.push_back(std::move(item));
  Respond(out, 200,
          json::serialize(json::object{{"kind", "ComponentStatusList"},
                                       {"apiVersion", "v1"},
                                       {"metadata", json::object()},
                                       {"items", std::move(list)}}));
}

}  // namespace kubepp::apiserver

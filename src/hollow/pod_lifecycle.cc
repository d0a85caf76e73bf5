#include "hollow/pod_lifecycle.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include <boost/json/array.hpp>

#include "hollow/timestamps.h"

namespace kubepp::hollow {
namespace json = boost::json;
namespace {

const json::object* ObjectAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? v->if_object() : nullptr;
}

const json::array* ArrayAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? v->if_array() : nullptr;
}

std::string_view StringAt(const json::object* o, std::string_view key) {
  if (!o) return {};
  const json::value* v = o->if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\n') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// A stable 64-hex digest of `seed`, for imageID and containerID.
std::string Hex64(std::string_view seed) {
  uint64_t h = 1469598103934665603ull;
  for (char c : seed) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  static const char* kHex = "0123456789abcdef";
  std::string out(64, '0');
  for (auto& c : out) {
    h = h * 6364136223846793005ull + 1442695040888963407ull;
    c = kHex[h >> 60];
  }
  return out;
}

std::string ImageId(std::string_view image) {
  std::string_view repo = image.substr(0, image.find('@'));
  size_t slash = repo.rfind('/');
  size_t colon = repo.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    repo = repo.substr(0, colon);
  }
  return std::string(repo) + "@sha256:" + Hex64(image);
}

const json::object* FindCondition(const json::object& status, std::string_view type) {
  const json::array* conditions = ArrayAt(status, "conditions");
  if (!conditions) return nullptr;
  for (const auto& c : *conditions) {
    const json::object* o = c.if_object();
    if (o && StringAt(o, "type") == type) return o;
  }
  return nullptr;
}

struct WantedCondition {
  const char* type;
  bool status;
  const char* reason;  // "" for none
};

// Pod conditions in the order upstream's kubelet writes them; transition
// times survive when the status did not change.
json::array Conditions(const json::object& old_status, const std::vector<WantedCondition>& wanted,
                       const std::string& now) {
  json::array out;
  for (const auto& w : wanted) {
    const char* status = w.status ? "True" : "False";
    const json::object* old = FindCondition(old_status, w.type);
    std::string_view transition = StringAt(old, "lastTransitionTime");
    bool keep = old && StringAt(old, "status") == status && !transition.empty();
    json::object c{{"type", w.type},
                   {"status", status},
                   {"lastProbeTime", nullptr},
                   {"lastTransitionTime", keep ? json::string(transition) : json::string(now)}};
    if (*w.reason) c["reason"] = w.reason;
    out.push_back(std::move(c));
  }
  return out;
}

void SortByName(json::array& statuses) {
  std::sort(statuses.begin(), statuses.end(), [](const json::value& a, const json::value& b) {
    return StringAt(a.if_object(), "name") < StringAt(b.if_object(), "name");
  });
}

json::object BaseContainerStatus(const json::object& container, std::string_view pod_uid) {
  std::string_view name = StringAt(&container, "name");
  std::string_view image = StringAt(&container, "image");
  std::string seed = std::string(pod_uid) + "/" + std::string(name);
  return json::object{{"name", name},
                      {"state", json::object{}},
                      {"lastState", json::object{}},
                      {"ready", false},
                      {"restartCount", 0},
                      {"image", image},
                      {"imageID", ImageId(image)},
                      {"containerID", "hollow://" + Hex64(seed)},
                      {"started", false}};
}

}  // namespace

std::optional<PlannedExit> PlanExit(const json::object& pod) {
  const json::object* spec = ObjectAt(pod, "spec");
  if (!spec) return std::nullopt;
  std::string_view restart = StringAt(spec, "restartPolicy");
  if (restart.empty() || restart == "Always") return std::nullopt;

  const json::object* metadata = ObjectAt(pod, "metadata");
  const json::object* annotations = metadata ? ObjectAt(*metadata, "annotations") : nullptr;
  if (auto seconds = ParseInt(StringAt(annotations, kRunSecondsAnnotation)); seconds && *seconds >= 0) {
    PlannedExit plan{*seconds, 0};
    if (auto code = ParseInt(StringAt(annotations, kExitCodeAnnotation))) plan.exit_code = static_cast<int>(*code);
    return plan;
  }

  const json::array* containers = ArrayAt(*spec, "containers");
  if (!containers || containers->empty() || !containers->front().is_object()) return std::nullopt;
  const json::object& first = containers->front().get_object();
  std::vector<std::string> words;
  for (const char* field : {"command", "args"}) {
    if (const json::array* a = ArrayAt(first, field)) {
      for (const auto& w : *a) {
        if (w.is_string()) words.emplace_back(w.get_string());
      }
    }
  }
  if (words.size() == 3 && (words[0] == "sh" || words[0] == "/bin/sh" || words[0] == "bash" ||
                            words[0] == "/bin/bash") && words[1] == "-c") {
    words = SplitWords(words[2]);
  }
  if (words.size() == 1 && (words[0] == "true" || words[0] == "/bin/true")) return PlannedExit{0, 0};
  if (words.size() == 1 && (words[0] == "false" || words[0] == "/bin/false")) return PlannedExit{0, 1};
  if (words.size() == 2 && words[0] == "exit") {
    if (auto code = ParseInt(words[1])) return PlannedExit{0, static_cast<int>(*code)};
  }
  if (words.size() == 2 && (words[0] == "sleep" || words[0] == "/bin/sleep")) {
    if (auto seconds = ParseInt(words[1]); seconds && *seconds >= 0) return PlannedExit{*seconds, 0};
  }
  return std::nullopt;
}

bool ReportedRunning(const json::object& pod) {
  const json::object* status = ObjectAt(pod, "status");
  const json::object* spec = ObjectAt(pod, "spec");
  if (!status || !spec || StringAt(status, "phase") != "Running") return false;
  const json::array* statuses = ArrayAt(*status, "containerStatuses");
  const json::array* containers = ArrayAt(*spec, "containers");
  return statuses && containers && statuses->size() == containers->size();
}

json::object RunningPod(const json::object& pod, const PodPlacement& placement, Clock::TimePoint now) {
  std::string now_text = TimeText(now);
  const json::object empty;
  const json::object* old_status = ObjectAt(pod, "status");
  if (!old_status) old_status = &empty;
  const json::object* spec = ObjectAt(pod, "spec");
  if (!spec) spec = &empty;
  const json::object* metadata = ObjectAt(pod, "metadata");
  std::string_view uid = StringAt(metadata, "uid");

  json::object status = *old_status;  // keeps qosClass and anything else set before
  status["phase"] = "Running";
  status["conditions"] = Conditions(*old_status,
                                    {{"PodReadyToStartContainers", true, ""},
                                     {"Initialized", true, ""},
                                     {"Ready", true, ""},
                                     {"ContainersReady", true, ""},
                                     {"PodScheduled", true, ""}},
                                    now_text);
  status["hostIP"] = placement.host_ip;
  status["hostIPs"] = json::array{json::object{{"ip", placement.host_ip}}};
  std::string pod_ip(StringAt(old_status, "podIP"));
  if (pod_ip.empty()) pod_ip = placement.pod_ip;
  status["podIP"] = pod_ip;
  status["podIPs"] = json::array{json::object{{"ip", pod_ip}}};
  if (StringAt(old_status, "startTime").empty()) status["startTime"] = now_text;

  if (const json::array* inits = ArrayAt(*spec, "initContainers"); inits && !inits->empty()) {
    json::array out;
    for (const auto& c : *inits) {
      if (!c.is_object()) continue;
      json::object s = BaseContainerStatus(c.get_object(), uid);
      if (StringAt(&c.get_object(), "restartPolicy") == "Always") {
        // A sidecar keeps running beside the app containers.
        s["state"] = json::object{{"running", json::object{{"startedAt", now_text}}}};
        s["ready"] = true;
        s["started"] = true;
      } else {
        s["state"] = json::object{{"terminated", json::object{{"exitCode", 0},
                                                              {"reason", "Completed"},
                                                              {"startedAt", now_text},
                                                              {"finishedAt", now_text},
                                                              {"containerID", s["containerID"]}}}};
        s["ready"] = true;
      }
      out.push_back(std::move(s));
    }
    status["initContainerStatuses"] = std::move(out);
  }
  json::array containers;
  if (const json::array* cs = ArrayAt(*spec, "containers")) {
    for (const auto& c : *cs) {
      if (!c.is_object()) continue;
      json::object s = BaseContainerStatus(c.get_object(), uid);
      s["state"] = json::object{{"running", json::object{{"startedAt", now_text}}}};
      s["ready"] = true;
      s["started"] = true;
      containers.push_back(std::move(s));
    }
  }
  SortByName(containers);
  status["containerStatuses"] = std::move(containers);

  json::object out = pod;
  out["status"] = std::move(status);
  return out;
}

json::object FinishedPod(const json::object& pod, int exit_code, Clock::TimePoint now) {
  std::string now_text = TimeText(now);
  const json::object empty;
  const json::object* old_status = ObjectAt(pod, "status");
  if (!old_status) old_status = &empty;

  json::object status = *old_status;
  status["phase"] = exit_code == 0 ? "Succeeded" : "Failed";
  status["conditions"] = Conditions(*old_status,
                                    {{"PodReadyToStartContainers", false, ""},
                                     {"Initialized", true, ""},
                                     {"Ready", false, "PodCompleted"},
                                     {"ContainersReady", false, "PodCompleted"},
                                     {"PodScheduled", true, ""}},
                                    now_text);
  json::array containers;
  if (const json::array* old = ArrayAt(*old_status, "containerStatuses")) {
    for (const auto& v : *old) {
      if (!v.is_object()) continue;
      json::object s = v.get_object();
      std::string started(now_text);
      if (const json::object* state = ObjectAt(s, "state")) {
        if (const json::object* running = ObjectAt(*state, "running")) {
          if (auto t = StringAt(running, "startedAt"); !t.empty()) started = t;
        }
      }
      s["state"] = json::object{{"terminated", json::object{{"exitCode", exit_code},
                                                            {"reason", exit_code == 0 ? "Completed" : "Error"},
                                                            {"startedAt", started},
                                                            {"finishedAt", now_text},
                                                            {"containerID", s["containerID"]}}}};
      s["ready"] = false;
      s["started"] = false;
      containers.push_back(std::move(s));
    }
  }
  status["containerStatuses"] = std::move(containers);
  json::object out = pod;
  out["status"] = std::move(status);
  return out;
}

}  // namespace kubepp::hollow

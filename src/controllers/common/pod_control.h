// PodControl: how workload controllers create and delete their pods
// (upstream's PodControlInterface), with the Events upstream records on the
// owner: "SuccessfulCreate" / "Created pod: <name>", "FailedCreate" /
// "Error creating: <error>", "SuccessfulDelete" / "Deleted pod: <name>",
// "FailedDelete" / "Error deleting: <error>". An interface so controller
// tests can count or fail pod writes.
//
// Thread safety: RealPodControl may be used from any thread.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "client/api_client.h"
#include "client/event_recorder.h"

namespace kubepp::controllers::common {

// The pod a controller creates from `pod_template` (a PodTemplateSpec):
// labels, annotations and finalizers of the template, generateName
// "<owner name>-", `controller_ref` as its only ownerReference, the
// template's spec.
boost::json::object PodFromTemplate(const boost::json::object& pod_template, const boost::json::object& owner,
                                    const boost::json::object& controller_ref);

class PodControl {
 public:
  virtual ~PodControl() = default;
  // Creates one pod in `ns` from the template, owned by `owner` through `controller_ref`.
  virtual Status CreatePod(std::string_view ns, const boost::json::object& pod_template,
                           const boost::json::object& owner, const boost::json::object& controller_ref) = 0;
  virtual Status DeletePod(std::string_view ns, std::string_view name, const boost::json::object& owner) = 0;
};

class RealPodControl : public PodControl {
 public:
  RealPodControl(client::ApiClient& client, client::EventRecorder& recorder)
      : client_(client), recorder_(recorder) {}

  // PodControl:
  Status CreatePod(std::string_view ns, const boost::json::object& pod_template, const boost::json::object& owner,
                   const boost::json::object& controller_ref) override;
  Status DeletePod(std::string_view ns, std::string_view name, const boost::json::object& owner) override;

 private:
  client::ApiClient& client_;
  client::EventRecorder& recorder_;
};

}  // namespace kubepp::controllers::common

// WorkloadHarness: ControllerHarness (a FakeApiClient on a FakeClock, real
// informers, in-memory event recorders) set up for the workload controllers'
// tests — job, cronjob, daemon, statefulset, ttlafterfinished: Settle() also
// follows their resources, and a few helpers read and write objects.
//
// Thread safety: used from the test's thread.
#pragma once

#include <string_view>
#include <vector>

#include "unit/controllers/controller_harness.h"

namespace kubepp::controllers::workload_testing {

class WorkloadHarness : public testing::ControllerHarness {
 public:
  // REQUIRES: after the controller under test was built (its handlers come first).
  void Start() {
    Track(client::Resource::Of("", "nodes"));
    Track(client::Resource::Of("", "persistentvolumeclaims"));
    for (const char* r : {"daemonsets", "statefulsets", "controllerrevisions"}) Track(client::Resource::Of("apps", r));
    for (const char* r : {"jobs", "cronjobs"}) Track(client::Resource::Of("batch", r));
    ControllerHarness::Start();
  }

  std::vector<client::ObjectPtr> List(const client::Resource& r, std::string_view ns) {
    auto list = api().List(r, ns, {});
    EXPECT_TRUE(list.ok());
    return list.ok() ? list->items : std::vector<client::ObjectPtr>{};
  }
  // The stored object, or an empty object when absent.
  boost::json::object GetOrEmpty(const client::Resource& r, std::string_view ns, std::string_view name) {
    auto got = api().Get(r, ns, name);
    return got.ok() ? **got : boost::json::object{};
  }
  // Replaces the stored object's status.
  void SetStatus(const client::Resource& r, std::string_view ns, std::string_view name,
                 const boost::json::object& status) {
    auto got = api().Get(r, ns, name);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    boost::json::object copy = **got;
    copy["status"] = status;
    auto st = api().Update(r, ns, copy, "status");
    ASSERT_TRUE(st.ok()) << st.status().ToString();
  }
};

}  // namespace kubepp::controllers::workload_testing

// Event events.k8s.io/v1 ↔ core v1 (the storage version: both APIs show the
// same events). The newer API renames fields of the core one:
//
//   events.k8s.io/v1            core v1
//   regarding                   involvedObject
//   note                        message
//   reportingController         reportingComponent
//   deprecatedSource            source
//   deprecatedFirstTimestamp    firstTimestamp
//   deprecatedLastTimestamp     lastTimestamp
//   deprecatedCount             count
//
// and shares the rest (eventTime, series, action, reason, type, related,
// reportingInstance) as they are.
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>

namespace kubepp::api::conversion {

void EventV1ToCore(boost::json::object& event);
void CoreEventToV1(boost::json::object& event);

}  // namespace kubepp::api::conversion

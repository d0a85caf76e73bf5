#include "apiserver/status_json.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace kubepp::apiserver {
namespace {

boost::json::object DetailsObject(const StatusDetails& d) {
  boost::json::object details;
  if (!d.name.empty()) details["name"] = d.name;
  if (!d.group.empty()) details["group"] = d.group;
  if (!d.kind.empty()) details["kind"] = d.kind;
  if (!d.uid.empty()) details["uid"] = d.uid;
  return details;
}

}  // namespace

std::string StatusJson(const Status& status, const StatusDetails& d,
                       const std::string& list_continue) {
  boost::json::object out;
  out["kind"] = "Status";
  out["apiVersion"] = "v1";
  out["metadata"] = boost::json::object();
  if (!list_continue.empty()) out["metadata"].as_object()["continue"] = list_continue;
  out["status"] = "Failure";
  out["message"] = status.message();
  auto reason = ReasonName(status.reason());
  if (!reason.empty()) out["reason"] = reason;
  boost::json::object details = DetailsObject(d);
  if (!status.causes().empty()) {
    boost::json::array causes;
    for (const auto& c : status.causes()) {
      boost::json::object cause;
      if (!c.type.empty()) cause["reason"] = c.type;
      if (!c.message.empty()) cause["message"] = c.message;
      if (!c.field.empty()) cause["field"] = c.field;
      causes.push_back(std::move(cause));
    }
    details["causes"] = std::move(causes);
  }
  if (status.retry_after_seconds() > 0) details["retryAfterSeconds"] = status.retry_after_seconds();
  if (!details.empty()) out["details"] = std::move(details);
  out["code"] = status.http_code();
  return boost::json::serialize(out);
}

std::string SuccessStatusJson(const StatusDetails& d) {
  boost::json::object out;
  out["kind"] = "Status";
  out["apiVersion"] = "v1";
  out["metadata"] = boost::json::object();
  out["status"] = "Success";
  out["details"] = DetailsObject(d);
  return boost::json::serialize(out);
}

}  // namespace kubepp::apiserver

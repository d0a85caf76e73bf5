#include "apiserver/respond.h"

#include <boost/json/serialize.hpp>

#include "apiserver/field_validation.h"

namespace kubepp::apiserver {

void RespondObject(net::Responder& out, int code, const boost::json::object& obj,
                   const std::vector<std::string>& warnings) {
  net::HttpResponse resp;
  resp.status = code;
  resp.body = boost::json::serialize(obj);
  for (const auto& w : warnings) resp.headers.emplace_back("Warning", WarningHeader(w));
  out.Respond(std::move(resp));
}

void RespondError(net::Responder& out, const Status& status, const StatusDetails& details) {
  net::HttpResponse resp;
  resp.status = status.http_code();
  resp.body = StatusJson(status, details);
  out.Respond(std::move(resp));
}

void RespondCreatedStatus(net::Responder& out) {
  net::HttpResponse resp;
  resp.status = 201;
  resp.body = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201})";
  out.Respond(std::move(resp));
}

}  // namespace kubepp::apiserver

// Pods and Services for the endpoints controllers' tests.
#pragma once

#include <string>

#include <boost/json/object.hpp>

namespace kubepp::controllers::testing {

inline boost::json::object MakePod(std::string name, std::string ip, bool ready, std::string node = "node-1") {
  boost::json::object pod{
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata", {{"name", name}, {"namespace", "ns"}, {"labels", {{"app", "web"}}}}},
      {"spec",
       {{"nodeName", node},
        {"containers",
         {{{"name", "c"}, {"image", "i"}, {"ports", {{{"name", "http"}, {"containerPort", 8080}, {"protocol", "TCP"}}}}}}}}},
      {"status",
       {{"phase", "Running"},
        {"podIP", ip},
        {"conditions", {{{"type", "Ready"}, {"status", ready ? "True" : "False"}}}}}}};
  return pod;
}

inline boost::json::object MakeService(std::string name, bool with_selector = true) {
  boost::json::object svc{{"apiVersion", "v1"},
                          {"kind", "Service"},
                          {"metadata", {{"name", name}, {"namespace", "ns"}, {"labels", {{"tier", "front"}}}}},
                          {"spec",
                           {{"clusterIP", "10.96.0.10"},
                            {"ports", {{{"name", "web"}, {"port", 80}, {"protocol", "TCP"}, {"targetPort", "http"}}}}}}};
  if (with_selector) svc["spec"].as_object()["selector"] = boost::json::object{{"app", "web"}};
  return svc;
}

}  // namespace kubepp::controllers::testing

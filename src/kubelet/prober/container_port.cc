#include "kubelet/prober/container_port.h"

#include <charconv>

#include "api/validation/field_errors.h"
#include "base/go_quote.h"
#include "kubelet/json_access.h"

namespace kubepp::kubelet::prober {
namespace json = boost::json;

StatusOr<int> ResolveContainerPort(const PortRef& port, const json::object& container) {
  int number = port.number;
  if (port.is_name) {
    bool found = false;
    if (const json::array* ports = ArrayIn(&container, "ports")) {
      for (const auto& p : *ports) {
        const json::object* o = p.if_object();
        if (!o || StringIn(o, "name") != port.name) continue;
        const json::value* cp = o->if_contains("containerPort");
        number = cp && cp->is_int64() ? static_cast<int>(cp->get_int64()) : 0;
        found = true;
        break;
      }
    }
    if (!found) {
      // Maybe a number written as a string.
      const char* begin = port.name.data();
      const char* end = begin + port.name.size();
      auto [ptr, ec] = std::from_chars(begin, end, number);
      if (port.name.empty() || ec != std::errc() || ptr != end) {
        return Status::Invalid("strconv.Atoi: parsing " + GoQuote(port.name) + ": invalid syntax");
      }
    }
  }
  if (number > 0 && number < 65536) return number;
  return Status::Invalid("invalid port number: " + std::to_string(number));
}

}  // namespace kubepp::kubelet::prober

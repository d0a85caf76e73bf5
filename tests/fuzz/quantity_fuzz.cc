// Fuzzes Quantity parsing (resource requests, limits and quotas arrive as
// untrusted strings). A parsed quantity must print to text that parses back
// to the same value. The text itself may change once more: a BinarySI value
// with no exact binary suffix prints as a plain integer, which parses as
// DecimalSI ("-81000007700062.5Ki" -> "-82944007884864000" ->
// "-82944007884864k", as upstream). After that second round it is fixed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/quantity/quantity.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto q = kubepp::api::Quantity::Parse(input);
  if (!q.ok()) return 0;
  std::string text = q->String();
  auto again = kubepp::api::Quantity::Parse(text);
  bool fixed = false;
  if (again.ok()) {
    auto third = kubepp::api::Quantity::Parse(again->String());
    fixed = third.ok() && third->Compare(*q) == 0 && third->String() == again->String();
  }
  if (!again.ok() || again->Compare(*q) != 0 || !fixed) {
    std::fprintf(stderr, "quantity does not round-trip\ninput: %.*s\ntext: %s\nagain: %s\n", static_cast<int>(size),
                 input.data(), text.c_str(), again.ok() ? again->String().c_str() : again.status().message().c_str());
    std::abort();
  }
  (void)q->Value();
  (void)q->MilliValue();
  (void)q->Add(*again).Sub(*q).Compare(*again);
  return 0;
}

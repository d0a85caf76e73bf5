// libFuzzer target for the three patch formats: untrusted PATCH bodies.
//
// Input layout: byte 0 picks the kind the strategic merge patch uses; the
// rest is "<document>\n<patch>" split at the first newline (no newline: the
// whole rest is the patch, applied to an empty object). Both halves are
// JSON; unparseable halves are skipped. Every format must return a value or
// a Status, never crash, loop or run out of stack.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/patch/json_patch.h"
#include "api/patch/patch.h"
#include "api/patch/patch_schema.h"

namespace {

struct Kind {
  const char* api_version;
  const char* kind;
};

constexpr Kind kKinds[] = {
    {"v1", "Pod"},     {"apps/v1", "Deployment"}, {"v1", "Node"},
    {"v1", "Service"}, {"batch/v1", "CronJob"},   {"example.com/v1", "Widget"},
};

bool Parse(std::string_view text, boost::json::value& out) {
  boost::system::error_code ec;
  out = boost::json::parse(text, ec);
  return !ec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Kind& kind = kKinds[data[0] % (sizeof(kKinds) / sizeof(kKinds[0]))];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string_view doc_text = "{}";
  std::string_view patch_text = rest;
  if (auto nl = rest.find('\n'); nl != std::string_view::npos) {
    doc_text = rest.substr(0, nl);
    patch_text = rest.substr(nl + 1);
  }
  boost::json::value doc, patch;
  if (!Parse(doc_text, doc) || !Parse(patch_text, patch)) return 0;

  (void)kubepp::api::ApplyJsonPatch(doc, patch);
  (void)kubepp::api::ApplyJsonPatchDetailed(doc, patch);
  (void)kubepp::api::ApplyMergePatch(doc, patch);
  (void)kubepp::api::ApplyStrategicMergePatch(doc, patch, kind.api_version, kind.kind);
  (void)kubepp::api::HasStrategicMergeSchema(kind.api_version, kind.kind);
  return 0;
}

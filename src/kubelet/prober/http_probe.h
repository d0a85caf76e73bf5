// The httpGet probe, as upstream's pkg/probe/http:
//   - the request: GET <scheme>://<host>:<port><path> where host defaults to
//     the pod IP and port may name a container port; httpHeaders are sent
//     with canonical names (a "Host" header sets the Host line), plus
//     "User-Agent: kube-probe/1.32" and "Accept: */*" unless the probe sets
//     them (an empty Accept removes it); no keep-alive, no compression, no
//     proxy; HTTPS is not verified;
//   - the verdict: 200..399 is success; a redirect is followed while it stays
//     on the same host name (at most 10 requests), and one to another host
//     ends the probe as success with a warning ("Probe terminated redirects,
//     Response body: ..."); anything else fails "HTTP probe failed with
//     statuscode: <code>"; transport errors and the timeout fail with Go's
//     message ("Get \"http://...\": dial tcp ...: connect: connection
//     refused", "... context deadline exceeded (Client.Timeout exceeded while
//     awaiting headers)"). At most 10 KiB of body is read.
// Asio and Beast stay in the .cc.
//
// Thread safety: functions; DoHttpProbe blocks for at most `timeout`.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "kubelet/prober/probe_spec.h"
#include "kubelet/prober/probe_types.h"

namespace kubepp::kubelet::prober {

struct HttpProbeRequest {
  std::string scheme;  // "http" or "https"
  std::string host;    // without brackets
  int port = 0;
  std::string path;    // as the probe gives it; may carry ?query
  // Header lines after Host, in order, names canonical ("User-Agent").
  std::vector<std::pair<std::string, std::string>> headers;
  std::string host_header;  // from a "Host" probe header; "" = host:port

  // "http://10.0.0.5:8080/healthz", as Go prints the URL.
  std::string Url() const;
};

// Errors (Invalid) are those of resolving the port. The User-Agent is
// "kube-<user_agent_fragment>/<major.minor>" unless the spec sets one.
StatusOr<HttpProbeRequest> NewHttpProbeRequest(const ProbeSpec& spec, const boost::json::object& container,
                                               std::string_view pod_ip,
                                               std::string_view user_agent_fragment = "probe");

ProbeOutcome DoHttpProbe(const HttpProbeRequest& request, std::chrono::milliseconds timeout);

// The same request made for a lifecycle hook (upstream's runHTTPHandler):
// any response, whatever its status, is a success; only a request that got
// no response fails, with Go's text ("Get \"http://...\": dial tcp ...").
// An https request answered in plain HTTP is sent again over http without
// its Authorization header; `fell_back_to_http` tells that this worked.
struct HttpHookResult {
  std::string error;  // "" on success
  bool fell_back_to_http = false;
};
HttpHookResult DoHttpHook(const HttpProbeRequest& request, std::chrono::milliseconds timeout);

// Go's textproto.CanonicalMIMEHeaderKey: "content-type" -> "Content-Type".
std::string CanonicalHeaderKey(std::string_view key);

}  // namespace kubepp::kubelet::prober

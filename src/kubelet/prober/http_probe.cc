#include "kubelet/prober/http_probe.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <limits>
#include <map>
#include <optional>

#include "base/version.h"
#include "kubelet/prober/container_port.h"
#include "kubelet/prober/dial.h"

namespace kubepp::kubelet::prober {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr int kMaxRequests = 10;
constexpr size_t kMaxBodyBytes = 10 * 1024;

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// The path part of the request line: the probe path without a fragment,
// always absolute.
std::string RequestTarget(std::string_view path) {
  std::string target(path.substr(0, path.find('#')));
  if (target.empty() || target[0] == '?') target.insert(0, "/");
  if (target[0] != '/') target.insert(0, "/");
  return target;
}

struct Response {
  int code = 0;
  std::string location;
  std::string body;
};

// The outcome of one request: a response, or why there was none. A body
// that could not be read completely is an error (upstream fails with it).
struct Exchange {
  std::optional<Response> response;
  std::string error;       // Go-style text after "Get \"<url>\": "
  bool body_error = false;  // the headers came, the body did not
  // An https request met a server that speaks plain HTTP.
  bool http_response_to_https = false;
};

std::string EcText(const boost::system::error_code& ec) {
  if (ec == asio::error::eof || ec == http::error::end_of_stream || ec == ssl::error::stream_truncated) return "EOF";
  if (ec == asio::error::connection_reset) return "read: connection reset by peer";
  return ec.message();
}

asio::awaitable<void> RunExchange(const HttpProbeRequest& req, int fd, SteadyTime deadline, Exchange& out) {
  auto executor = co_await asio::this_coro::executor;
  beast::tcp_stream tcp_stream(executor);
  boost::system::error_code ec;
  int family = req.host.find(':') != std::string::npos ? AF_INET6 : AF_INET;
  tcp_stream.socket().assign(family == AF_INET6 ? tcp::v6() : tcp::v4(), fd, ec);
  if (ec) {
    close(fd);
    out.error = ec.message();
    co_return;
  }
  tcp_stream.expires_at(deadline);

  http::request<http::empty_body> request{http::verb::get, RequestTarget(req.path), 11};
  request.set(http::field::host, req.host_header.empty() ? JoinHostPort(req.host, req.port) : req.host_header);
  for (const auto& [name, value] : req.headers) request.insert(name, value);
  request.set(http::field::connection, "close");

  beast::flat_buffer buffer;
  // The body is read in pieces so a large (or endless) one stops at the
  // limit instead of at the timeout.
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  auto finish = [&](auto& stream) -> asio::awaitable<void> {
    auto [wec, wn] = co_await http::async_write(stream, request, kTuple);
    (void)wn;
    if (wec) {
      out.error = wec == beast::error::timeout ? "" : EcText(wec);
      co_return;
    }
    auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, kTuple);
    (void)hn;
    if (hec) {
      out.error = hec == beast::error::timeout ? "" : EcText(hec);
      co_return;
    }
    Response response;
    response.code = static_cast<int>(parser.get().result_int());
    if (auto it = parser.get().find(http::field::location); it != parser.get().end()) {
      response.location = std::string(it->value());
    }
    char chunk[4096];
    while (!parser.is_done() && response.body.size() < kMaxBodyBytes) {
      parser.get().body().data = chunk;
      parser.get().body().size = sizeof(chunk);
      auto [bec, bn] = co_await http::async_read(stream, buffer, parser, kTuple);
      (void)bn;
      response.body.append(chunk, sizeof(chunk) - parser.get().body().size);
      if (bec && bec != http::error::need_buffer) {
        out.body_error = true;
        out.error = bec == beast::error::timeout ? "" : EcText(bec);
        break;
      }
    }
    // More than the limit is fine: the probe only looks at the first 10 KiB.
    if (response.body.size() > kMaxBodyBytes) response.body.resize(kMaxBodyBytes);
    out.response = std::move(response);
  };

  if (req.scheme == "https") {
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_verify_mode(ssl::verify_none);
    beast::ssl_stream<beast::tcp_stream> tls(std::move(tcp_stream), ctx);
    bool is_ip = boost::urls::parse_ipv4_address(req.host).has_value() ||
                 boost::urls::parse_ipv6_address(req.host).has_value();
    if (!is_ip) SSL_set_tlsext_host_name(tls.native_handle(), req.host.c_str());
    auto [hs] = co_await tls.async_handshake(ssl::stream_base::client, kTuple);
    if (hs) {
      out.error = hs == beast::error::timeout ? "" : EcText(hs);
      // OpenSSL cannot tell an HTTP answer from other non-TLS bytes; Go's
      // client looks at the first bytes. Either way the server is not TLS.
      if (hs.category() == asio::error::get_ssl_category() &&
          ERR_GET_REASON(static_cast<unsigned long>(hs.value())) == SSL_R_WRONG_VERSION_NUMBER) {
        out.error = "http: server gave HTTP response to HTTPS client";
        out.http_response_to_https = true;
      }
      co_return;
    }
    co_await finish(tls);
  } else {
    co_await finish(tcp_stream);
  }
}

Exchange Send(const HttpProbeRequest& req, SteadyTime deadline) {
  Exchange out;
  auto fd = DialTcp(req.host, req.port, deadline);
  if (!fd.ok()) {
    // A dial that ran out of time is the client's timeout in Go's words.
    out.error = fd.status().reason() == Reason::kTimeout ? "" : fd.status().message();
    return out;
  }
  asio::io_context ioc;
  asio::co_spawn(ioc, RunExchange(req, *fd, deadline, out), asio::detached);
  ioc.run();
  return out;
}

// The target of a redirect: `location` resolved against the current URL.
std::optional<HttpProbeRequest> Redirect(const HttpProbeRequest& current, std::string_view location) {
  const std::string base_text = current.Url();  // the views below point into it
  auto base = boost::urls::parse_uri(base_text);
  auto ref = boost::urls::parse_uri_reference(location);
  if (!base || !ref) return std::nullopt;
  boost::urls::url resolved;
  if (!boost::urls::resolve(*base, *ref, resolved)) return std::nullopt;
  HttpProbeRequest next = current;
  next.scheme = std::string(resolved.scheme());
  if (next.scheme != "http" && next.scheme != "https") return std::nullopt;
  std::string host(resolved.encoded_host());
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  next.host = host;
  next.port = resolved.has_port() ? resolved.port_number() : (next.scheme == "https" ? 443 : 80);
  next.path = std::string(resolved.encoded_path());
  if (resolved.has_query()) next.path += "?" + std::string(resolved.encoded_query());
  // A Host header survives only a relative redirect, as in Go's client.
  if (!current.host_header.empty() && !ref->has_authority()) {
    next.host_header = current.host_header;
  } else {
    next.host_header.clear();
  }
  return next;
}

// The last exchange of a request and the redirects it followed while they
// stayed on the original host (at most 10 requests); `stopped` says why a
// redirect could not be followed.
struct Followed {
  Exchange exchange;
  std::string url;  // of the last request
  std::string stopped;
};

Followed Follow(const HttpProbeRequest& request, SteadyTime deadline) {
  HttpProbeRequest current = request;
  for (int sent = 1;; ++sent) {
    Followed out{Send(current, deadline), current.Url(), ""};
    if (!out.exchange.response || out.exchange.body_error) return out;
    const Response& r = *out.exchange.response;
    bool redirect = (r.code == 301 || r.code == 302 || r.code == 303 || r.code == 307 || r.code == 308) &&
                    !r.location.empty();
    if (!redirect) return out;
    auto next = Redirect(current, r.location);
    if (!next) {
      out.stopped = "failed to parse Location header " + r.location;
      return out;
    }
    if (next->host != request.host) return out;  // off the host: this response is the answer
    if (sent >= kMaxRequests) {
      out.stopped = "stopped after 10 redirects";
      return out;
    }
    current = std::move(*next);
  }
}

// Why a followed request got no usable answer, in Go's words: "Get
// \"<url>\": <why>". Only for a stopped redirect, no response or a body
// that could not be read.
std::string FailureText(const Followed& f) {
  std::string why = !f.stopped.empty() ? f.stopped : f.exchange.error;
  if (why.empty()) {
    why = f.exchange.body_error
              ? "context deadline exceeded (Client.Timeout or context cancellation while reading body)"
              : "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
  }
  return "Get \"" + f.url + "\": " + why;
}

}  // namespace

std::string CanonicalHeaderKey(std::string_view key) {
  for (char c : key) {
    if (!IsTokenChar(c)) return std::string(key);
  }
  std::string out(key);
  bool upper = true;
  for (char& c : out) {
    c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
    upper = c == '-';
  }
  return out;
}

std::string HttpProbeRequest::Url() const {
  std::string url = scheme + "://" + JoinHostPort(host, port);
  std::string p = path.substr(0, path.find('#'));
  if (!p.empty() && p[0] != '/') p.insert(0, "/");
  return url + p;
}

StatusOr<HttpProbeRequest> NewHttpProbeRequest(const ProbeSpec& spec, const boost::json::object& container,
                                               std::string_view pod_ip, std::string_view user_agent_fragment) {
  HttpProbeRequest req;
  req.scheme = spec.http_scheme;
  std::transform(req.scheme.begin(), req.scheme.end(), req.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (req.scheme.empty()) req.scheme = "http";
  req.host = spec.http_host.empty() ? std::string(pod_ip) : spec.http_host;
  auto port = ResolveContainerPort(spec.http_port, container);
  if (!port.ok()) return port.status();
  req.port = *port;
  req.path = spec.http_path;

  // Go's http.Header: canonical keys, several values per key, written in
  // key order after Host (User-Agent first).
  std::map<std::string, std::vector<std::string>> headers;
  for (const auto& [name, value] : spec.http_headers) headers[CanonicalHeaderKey(name)].push_back(value);
  if (!headers.contains("User-Agent")) {
    headers["User-Agent"] = {"kube-" + std::string(user_agent_fragment) + "/" + std::string(version::kMajor) + "." +
                             std::string(version::kMinor)};
  }
  if (!headers.contains("Accept")) {
    headers["Accept"] = {"*/*"};
  } else if (headers["Accept"].front().empty()) {
    headers.erase("Accept");
  }
  if (auto host = headers.find("Host"); host != headers.end()) {
    req.host_header = host->second.front();
    headers.erase(host);
  }
  const std::string& agent = headers["User-Agent"].front();
  if (!agent.empty()) req.headers.emplace_back("User-Agent", agent);
  headers.erase("User-Agent");
  for (const auto& [name, values] : headers) {
    for (const auto& v : values) req.headers.emplace_back(name, v);
  }
  return req;
}

ProbeOutcome DoHttpProbe(const HttpProbeRequest& request, std::chrono::milliseconds timeout) {
  Followed f = Follow(request, std::chrono::steady_clock::now() + timeout);
  const Exchange& ex = f.exchange;
  if (!f.stopped.empty() || !ex.response) return ProbeOutcome::Failure(FailureText(f));
  if (ex.body_error) return ProbeOutcome::Error(Status::Unavailable(FailureText(f)));
  const Response& r = *ex.response;
  if (r.code >= 200 && r.code < 400) {
    // A 3xx here is a redirect not followed: off the host, or without a Location.
    if (r.code >= 300) return ProbeOutcome::Warning("Probe terminated redirects, Response body: " + r.body);
    return ProbeOutcome::Success(r.body);
  }
  // The body stays out of the message, as upstream (it may be large or secret).
  return ProbeOutcome::Failure("HTTP probe failed with statuscode: " + std::to_string(r.code));
}

HttpHookResult DoHttpHook(const HttpProbeRequest& request, std::chrono::milliseconds timeout) {
  SteadyTime deadline = std::chrono::steady_clock::now() + timeout;
  // Any response will do, whatever its status; its body is not read to the end.
  auto error_of = [](const Followed& f) -> std::string {
    return f.stopped.empty() && f.exchange.response ? "" : FailureText(f);
  };
  Followed f = Follow(request, deadline);
  HttpHookResult result{error_of(f), false};
  if (f.exchange.http_response_to_https) {
    HttpProbeRequest plain = request;
    plain.scheme = "http";
    std::erase_if(plain.headers, [](const auto& h) { return h.first == "Authorization"; });
    if (error_of(Follow(plain, deadline)).empty()) result = {"", true};
  }
  return result;
}

}  // namespace kubepp::kubelet::prober

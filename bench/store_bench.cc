// store_bench: kubepp's store against a real etcd, same workload, same wire.
//
// Starts `kubepp store` (the embedded store behind its etcd v3 gRPC API, fsync
// on) and Debian's /usr/bin/etcd (fsync on, as always), each a process of its
// own on loopback, then drives both with the same gRPC client code (bench/blocking_grpc.h,
// a minimal client, unless --client names grpc++'s):
//   put-seq    1 KiB puts, one client, one at a time
//   get-seq    reads of one key, one client, one at a time: the round trip without
//              the disk, which put-seq pays on top of an fsync
//   put-conc   1 KiB puts from 64 concurrent clients: 64 calls in flight over 4 connections
//              (--connections); put-conc-grpcpp the same from 64 grpc++ clients, a
//              connection each, whose own CPU on the shared cores caps both servers
//   range      a range of 10,000 keys by prefix
//   watch      1,000 watchers on one prefix receiving 10,000 events each
// and prints one line per workload:
//   <workload> kubepp=<ops/s> etcd=<ops/s> ratio=<kubepp/etcd> <p50/p99 of both>
// plus the disk's own fsync rate: appending to a file, and writing over zeros already on
// disk (how kubepp's WAL writes, see WritableFile::Reserve); and put-seq's ceiling for any
// server on this machine, one loopback round trip and one fsync over zeros per put
// (fsync-rtt), with put-seq's share of it (put-seq-of-ceiling).
// --quick scales every count down so the whole run fits in CI (< 60 s).
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/flags.h"
#include "base/log.h"
#include "blocking_grpc.h"
#include "child_process.h"
#include "etcdserverpb/rpc.grpc.pb.h"
#include "store/store.h"

namespace kubepp::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Config {
  int64_t seq_puts = 2000;
  int64_t conc_puts = 20000;
  int64_t clients = 64;
  int64_t connections = 4;  // put-conc's connections with the pipelined client
  int64_t range_keys = 10000;
  int64_t range_reads = 20;
  int64_t watchers = 1000;
  int64_t watch_events = 10000;
  int64_t watch_streams = 10;
  int64_t watch_writers = 16;
  int64_t fsync_samples = 200;
  int64_t value_bytes = 1024;
  int64_t watch_value_bytes = 128;  // 1,000 x 10,000 deliveries of 1 KiB would be 10 GB
  std::string etcd = "/usr/bin/etcd";
  std::string kubepp;    // `kubepp store` runs from it; found by FindKubepp when empty
  std::string work_dir;  // default: the system temp dir
  // The clients' gRPC API: "callback", "sync", "blocking" (BlockingGrpc: put-seq and get-seq
  // one call at a time, put-conc pipelined over a few connections), or "auto": blocking, and
  // put-conc also through grpc++'s callback API (put-conc-grpcpp).
  std::string client = "auto";
};

struct Result {
  double ops_per_sec = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  int64_t lost = 0;
  double write_rate = 0;  // watch: puts/s the writers achieved meanwhile
  std::vector<double> lat_ms;  // kept to merge rounds
  double server_cpu_us_per_op = 0;  // the server process's CPU time (user+system) per operation
  double client_cpu_us_per_op = 0;  // this process's (the clients'), where measured
  std::string error;  // non-empty: the workload failed
};

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

void Percentiles(std::vector<double> ms, Result* r) {  // by value: reorders its copy
  if (ms.empty()) return;
  auto at = [&ms](size_t i) {
    std::nth_element(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(i), ms.end());
    return ms[i];
  };
  r->p50_ms = at(ms.size() / 2);
  r->p99_ms = at(std::min(ms.size() - 1, ms.size() * 99 / 100));
}

// Each client gets its own connection, as separate processes would.
std::shared_ptr<grpc::Channel> Dial(const std::string& endpoint) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxReceiveMessageSize(-1);
  return grpc::CreateCustomChannel(endpoint, grpc::InsecureChannelCredentials(), args);
}

std::string Value(int64_t bytes, char fill = 'v') { return std::string(static_cast<size_t>(bytes), fill); }

std::string KeyName(const std::string& prefix, int64_t a, int64_t b) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld/%08lld", static_cast<long long>(a), static_cast<long long>(b));
  return prefix + buf;
}

std::string PrefixEnd(std::string p) {
  while (!p.empty()) {
    if (static_cast<unsigned char>(p.back()) < 0xff) {
      p.back() = static_cast<char>(p.back() + 1);
      return p;
    }
    p.pop_back();
  }
  return std::string(1, '\0');
}

std::string Describe(const grpc::Status& s) { return std::to_string(s.error_code()) + " " + s.error_message(); }

// ---------------------------------------------------------------- workloads

// The puts of one workload run: client c puts KeyName(prefix, c, 0..per_client-1) through
// stubs[c], one at a time, and notes each latency in lat[c] and its first failure in errors[c].
struct PutClients {
  const std::vector<std::unique_ptr<etcdserverpb::KV::Stub>>& stubs;
  const std::string& prefix;
  int64_t per_client;
  const std::string& value;
  std::vector<std::vector<double>>& lat;
  std::vector<std::string>& errors;
};

// Each client's next put starts from the callback of its last one, on gRPC's own threads: no
// thread of ours blocks or wakes per put. Returns the seconds from the first put to the last.
double PutByCallbacks(const PutClients& p) {
  struct Client {
    size_t index = 0;
    int64_t next = 0;
    std::unique_ptr<grpc::ClientContext> ctx;
    etcdserverpb::PutRequest req;
    etcdserverpb::PutResponse resp;
    Clock::time_point t0;
  };
  const size_t clients = p.stubs.size();
  std::vector<Client> all(clients);
  std::mutex mu;
  std::condition_variable cv;
  size_t finished = 0;
  std::function<void(Client&)> issue = [&](Client& cl) {
    cl.ctx = std::make_unique<grpc::ClientContext>();
    cl.req.set_key(KeyName(p.prefix, static_cast<int64_t>(cl.index), cl.next));
    cl.t0 = Clock::now();
    p.stubs[cl.index]->async()->Put(cl.ctx.get(), &cl.req, &cl.resp, [&](grpc::Status st) {
      p.lat[cl.index].push_back(Seconds(Clock::now() - cl.t0) * 1000);
      if (!st.ok()) p.errors[cl.index] = "put: " + Describe(st);
      if (st.ok() && ++cl.next < p.per_client) return issue(cl);
      std::lock_guard lock(mu);
      if (++finished == clients) cv.notify_one();
    });
  };
  for (size_t c = 0; c < clients; ++c) {
    all[c].index = c;
    all[c].req.set_value(p.value);
  }
  auto start = Clock::now();
  for (Client& cl : all) issue(cl);
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return finished == clients; });
  return Seconds(Clock::now() - start);
}

// A thread per client, blocking in gRPC's synchronous API. Returns the seconds from the first
// put to the last.
double PutByThreads(const PutClients& p) {
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (size_t c = 0; c < p.stubs.size(); ++c) {
    threads.emplace_back([&, c] {
      while (!go.load()) std::this_thread::yield();
      for (int64_t i = 0; i < p.per_client; ++i) {
        grpc::ClientContext ctx;
        etcdserverpb::PutRequest req;
        req.set_key(KeyName(p.prefix, static_cast<int64_t>(c), i));
        req.set_value(p.value);
        etcdserverpb::PutResponse resp;
        auto t0 = Clock::now();
        grpc::Status s = p.stubs[c]->Put(&ctx, req, &resp);
        p.lat[c].push_back(Seconds(Clock::now() - t0) * 1000);
        if (!s.ok()) {
          p.errors[c] = "put: " + Describe(s);
          return;
        }
      }
    });
  }
  auto start = Clock::now();
  go = true;
  for (auto& t : threads) t.join();
  return Seconds(Clock::now() - start);
}

// The result of clients that ran for `elapsed` seconds: their latencies together, and an
// error if any had one.
Result Gathered(const std::vector<std::vector<double>>& lat, const std::vector<std::string>& errors,
                double elapsed) {
  Result r;
  std::vector<double> all;
  for (const auto& l : lat) all.insert(all.end(), l.begin(), l.end());
  for (const auto& e : errors) {
    if (!e.empty()) r.error = e;
  }
  r.ops_per_sec = static_cast<double>(all.size()) / elapsed;
  Percentiles(all, &r);
  r.lat_ms = std::move(all);
  return r;
}

// `clients` puts in flight at once, `per_client` each: `connections` threads, each keeping
// clients/connections calls started on its BlockingGrpc connection and starting the next as
// one ends.
Result PipelinedPuts(const std::string& endpoint, const std::string& prefix, int64_t clients,
                     int64_t per_client, int64_t value_bytes, int64_t connections) {
  connections = std::clamp<int64_t>(connections, 1, clients);
  const size_t depth = static_cast<size_t>(clients / connections);
  const int64_t each = per_client * static_cast<int64_t>(depth);
  std::vector<std::unique_ptr<BlockingGrpc>> conns;
  std::vector<std::vector<double>> lat(static_cast<size_t>(connections));
  std::vector<std::string> errors(static_cast<size_t>(connections));
  Result r;
  etcdserverpb::RangeRequest warmup;
  warmup.set_key("warmup");
  for (int64_t c = 0; c < connections; ++c) {
    conns.push_back(std::make_unique<BlockingGrpc>());
    Status s = conns.back()->Connect(endpoint);
    if (s.ok())
      s = conns.back()->Call("/etcdserverpb.KV/Range", warmup.SerializeAsString()).status();
    if (!s.ok()) {
      r.error = "put: " + s.ToString();
      return r;
    }
  }
  const std::string value = Value(value_bytes);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int64_t c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      BlockingGrpc& conn = *conns[static_cast<size_t>(c)];
      std::vector<double>& out = lat[static_cast<size_t>(c)];
      out.reserve(static_cast<size_t>(each));
      std::unordered_map<uint32_t, Clock::time_point> started_at;
      etcdserverpb::PutRequest req;
      req.set_value(value);
      std::string bytes;
      int64_t started = 0;
      auto start_one = [&] {
        req.set_key(KeyName(prefix, c, started++));
        req.SerializeToString(&bytes);
        auto t0 = Clock::now();
        uint32_t id = conn.Start("/etcdserverpb.KV/Put", bytes);
        if (id == 0) return false;
        started_at[id] = t0;
        return true;
      };
      while (!go.load()) std::this_thread::yield();
      bool ok = true;
      while (ok && started < each && conn.in_flight() < depth) ok = start_one();
      while (ok && conn.in_flight() > 0) {
        auto done = conn.Next();
        if (!done.ok()) {
          errors[static_cast<size_t>(c)] = "put: " + done.status().ToString();
          return;
        }
        out.push_back(Seconds(Clock::now() - started_at[done->stream]) * 1000);
        started_at.erase(done->stream);
        if (!done->response.ok()) {
          errors[static_cast<size_t>(c)] = "put: " + done->response.status().ToString();
          return;
        }
        if (started < each) ok = start_one();
      }
      if (!ok) errors[static_cast<size_t>(c)] = "put: writing to the server failed";
    });
  }
  auto start = Clock::now();
  go = true;
  for (auto& t : threads) t.join();
  return Gathered(lat, errors, Seconds(Clock::now() - start));
}

// `clients` clients each doing `per_client` puts of `value` under `prefix`, one at a time: as
// chains of callbacks (`callback_api`) or as threads.
Result Puts(const std::string& endpoint, const std::string& prefix, int64_t clients,
            int64_t per_client, int64_t value_bytes, bool callback_api) {
  std::vector<std::vector<double>> lat(clients);
  std::vector<std::string> errors(clients);
  std::vector<std::unique_ptr<etcdserverpb::KV::Stub>> stubs;
  for (int64_t c = 0; c < clients; ++c) stubs.push_back(etcdserverpb::KV::NewStub(Dial(endpoint)));
  // Connect everyone first so dialing is not timed.
  for (auto& stub : stubs) {
    grpc::ClientContext ctx;
    etcdserverpb::RangeRequest req;
    req.set_key("warmup");
    etcdserverpb::RangeResponse resp;
    stub->Range(&ctx, req, &resp);
  }
  for (auto& l : lat) l.reserve(per_client);
  const std::string value = Value(value_bytes);
  const PutClients clients_of{stubs, prefix, per_client, value, lat, errors};
  return Gathered(lat, errors,
                  callback_api ? PutByCallbacks(clients_of) : PutByThreads(clients_of));
}

// `reads` ranges of the single key `key`, one at a time, each issued from the
// callback of the last (as PutByCallbacks issues puts): the request round trip.
// `client` as put-seq's (so that get-seq is its round trip): "blocking" (BlockingGrpc),
// "callback" (each read issued from the previous one's callback) or "sync" (grpc++'s sync API).
Result SequentialGets(const std::string& endpoint, const std::string& key, int64_t reads,
                      const std::string& client) {
  auto stub = etcdserverpb::KV::NewStub(Dial(endpoint));
  Result r;
  {
    grpc::ClientContext ctx;  // connect first, untimed
    etcdserverpb::RangeRequest req;
    req.set_key(key);
    etcdserverpb::RangeResponse resp;
    grpc::Status s = stub->Range(&ctx, req, &resp);
    if (!s.ok()) {
      r.error = "get: " + Describe(s);
      return r;
    }
  }
  std::vector<double> lat;
  lat.reserve(static_cast<size_t>(reads));
  etcdserverpb::RangeRequest req;
  req.set_key(key);
  etcdserverpb::RangeResponse resp;
  // Times `reads` calls of `read_one`, which says what went wrong, or nothing.
  auto timed = [&](const std::function<std::string()>& read_one) {
    auto start = Clock::now();
    for (int64_t i = 0; i < reads; ++i) {
      auto t0 = Clock::now();
      std::string error = read_one();
      lat.push_back(Seconds(Clock::now() - t0) * 1000);
      if (!error.empty()) {
        r.error = "get: " + error;
        break;
      }
    }
    r.ops_per_sec = static_cast<double>(lat.size()) / Seconds(Clock::now() - start);
    Percentiles(std::move(lat), &r);
    return r;
  };
  if (client == "blocking") {
    BlockingGrpc conn;
    if (Status s = conn.Connect(endpoint); !s.ok()) {
      r.error = "get: " + s.ToString();
      return r;
    }
    const std::string bytes = req.SerializeAsString();
    if (auto first = conn.Call("/etcdserverpb.KV/Range", bytes); !first.ok()) {  // untimed
      r.error = "get: " + first.status().ToString();
      return r;
    }
    return timed([&]() -> std::string {
      auto reply = conn.Call("/etcdserverpb.KV/Range", bytes);
      if (!reply.ok()) return reply.status().ToString();
      if (!resp.ParseFromString(*reply) || resp.kvs_size() != 1) return "not the one key";
      return {};
    });
  }
  if (client == "sync") {
    return timed([&]() -> std::string {
      grpc::ClientContext ctx;
      grpc::Status s = stub->Range(&ctx, req, &resp);
      return s.ok() ? std::string() : Describe(s);
    });
  }
  std::unique_ptr<grpc::ClientContext> ctx;
  Clock::time_point t0;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::function<void()> issue = [&] {
    ctx = std::make_unique<grpc::ClientContext>();
    t0 = Clock::now();
    stub->async()->Range(ctx.get(), &req, &resp, [&](grpc::Status st) {
      lat.push_back(Seconds(Clock::now() - t0) * 1000);
      if (!st.ok()) r.error = "get: " + Describe(st);
      if (st.ok() && static_cast<int64_t>(lat.size()) < reads) return issue();
      std::lock_guard lock(mu);
      done = true;
      cv.notify_one();
    });
  };
  auto start = Clock::now();
  issue();
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return done; });
  r.ops_per_sec = static_cast<double>(lat.size()) / Seconds(Clock::now() - start);
  Percentiles(std::move(lat), &r);
  return r;
}

// Loads `keys` keys under prefix in txns of 100 puts, then times `reads` ranges of the whole prefix.
Result Ranges(const std::string& endpoint, const std::string& prefix, int64_t keys, int64_t reads,
              int64_t value_bytes, const std::function<void()>& loaded) {
  Result r;
  auto stub = etcdserverpb::KV::NewStub(Dial(endpoint));
  const std::string value = Value(value_bytes);
  for (int64_t i = 0; i < keys; i += 100) {
    etcdserverpb::TxnRequest txn;
    for (int64_t j = i; j < std::min(keys, i + 100); ++j) {
      etcdserverpb::PutRequest* put = txn.add_success()->mutable_request_put();
      put->set_key(KeyName(prefix, 0, j));
      put->set_value(value);
    }
    grpc::ClientContext ctx;
    etcdserverpb::TxnResponse resp;
    grpc::Status s = stub->Txn(&ctx, txn, &resp);
    if (!s.ok()) {
      r.error = "load: " + Describe(s);
      return r;
    }
  }
  loaded();
  std::vector<double> lat;
  auto start = Clock::now();
  for (int64_t i = 0; i < reads; ++i) {
    grpc::ClientContext ctx;
    etcdserverpb::RangeRequest req;
    req.set_key(prefix);
    req.set_range_end(PrefixEnd(prefix));
    etcdserverpb::RangeResponse resp;
    auto t0 = Clock::now();
    grpc::Status s = stub->Range(&ctx, req, &resp);
    lat.push_back(Seconds(Clock::now() - t0) * 1000);
    if (!s.ok()) {
      r.error = "range: " + Describe(s);
      return r;
    }
    if (resp.kvs_size() != keys) {
      r.error = "range returned " + std::to_string(resp.kvs_size()) + " keys, want " + std::to_string(keys);
      return r;
    }
  }
  r.ops_per_sec = static_cast<double>(reads) / Seconds(Clock::now() - start);
  Percentiles(std::move(lat), &r);
  return r;
}

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// `watchers` watchers on `prefix` over `streams` streams; `writers` clients put
// `events` keys whose values carry their send time. Reports deliveries per
// second (events x watchers over the time from the first put to the last
// delivery), delivery latency and the deliveries that never arrived.
Result Watches(const std::string& endpoint, const std::string& prefix, const Config& cfg) {
  Result r;
  struct Stream {
    grpc::ClientContext ctx;
    std::unique_ptr<etcdserverpb::Watch::Stub> stub;
    std::unique_ptr<grpc::ClientReaderWriter<etcdserverpb::WatchRequest, etcdserverpb::WatchResponse>> rw;
    int64_t watchers = 0;
    std::vector<double> lat_ms;
    std::thread reader;
  };
  std::atomic<int64_t> received{0};
  std::atomic<int64_t> last_delivery_ns{0};
  const int64_t streams = std::max<int64_t>(1, std::min(cfg.watch_streams, cfg.watchers));
  std::vector<std::unique_ptr<Stream>> all;
  for (int64_t i = 0; i < streams; ++i) {
    auto st = std::make_unique<Stream>();
    st->stub = etcdserverpb::Watch::NewStub(Dial(endpoint));
    st->watchers = cfg.watchers / streams + (i < cfg.watchers % streams ? 1 : 0);
    st->rw = st->stub->Watch(&st->ctx);
    for (int64_t w = 0; w < st->watchers; ++w) {
      etcdserverpb::WatchRequest req;
      req.mutable_create_request()->set_key(prefix);
      req.mutable_create_request()->set_range_end(PrefixEnd(prefix));
      if (!st->rw->Write(req)) {
        r.error = "watch create write failed";
        return r;
      }
    }
    for (int64_t created = 0; created < st->watchers;) {
      etcdserverpb::WatchResponse resp;
      if (!st->rw->Read(&resp)) {
        r.error = "watch stream closed before created: " + Describe(st->rw->Finish());
        return r;
      }
      if (resp.created()) ++created;
    }
    all.push_back(std::move(st));
  }
  for (auto& stp : all) {
    Stream* st = stp.get();
    st->lat_ms.reserve(static_cast<size_t>(st->watchers * cfg.watch_events));
    st->reader = std::thread([st, &received, &last_delivery_ns] {
      etcdserverpb::WatchResponse resp;
      while (st->rw->Read(&resp)) {
        if (resp.events_size() == 0) continue;
        int64_t now = NowNanos();
        for (const mvccpb::Event& e : resp.events()) {
          int64_t sent = std::strtoll(e.kv().value().substr(0, 20).c_str(), nullptr, 10);
          st->lat_ms.push_back(static_cast<double>(now - sent) / 1e6);
        }
        received.fetch_add(resp.events_size());
        last_delivery_ns.store(now);
      }
    });
  }

  const int64_t expected = cfg.watchers * cfg.watch_events;
  std::vector<std::thread> writers;
  std::vector<std::string> errors(cfg.watch_writers);
  const int64_t start_ns = NowNanos();
  for (int64_t w = 0; w < cfg.watch_writers; ++w) {
    writers.emplace_back([&, w] {
      auto stub = etcdserverpb::KV::NewStub(Dial(endpoint));
      for (int64_t i = w; i < cfg.watch_events; i += cfg.watch_writers) {
        char stamp[32];
        std::snprintf(stamp, sizeof stamp, "%020lld", static_cast<long long>(NowNanos()));
        std::string value = stamp;
        value.resize(static_cast<size_t>(std::max<int64_t>(cfg.watch_value_bytes, 20)), 'v');
        grpc::ClientContext ctx;
        etcdserverpb::PutRequest req;
        req.set_key(KeyName(prefix, w, i));
        req.set_value(value);
        etcdserverpb::PutResponse resp;
        grpc::Status s = stub->Put(&ctx, req, &resp);
        if (!s.ok()) {
          errors[w] = "put: " + Describe(s);
          return;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  r.write_rate = static_cast<double>(cfg.watch_events) / (static_cast<double>(NowNanos() - start_ns) / 1e9);
  // Every delivery, or give up after a quiet period: a lost event never comes.
  auto deadline = Clock::now() + std::chrono::seconds(30);
  int64_t seen = -1;
  while (received.load() < expected && Clock::now() < deadline) {
    if (received.load() != seen) {
      seen = received.load();
      deadline = Clock::now() + std::chrono::seconds(30);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (auto& st : all) st->ctx.TryCancel();
  std::vector<double> lat;
  for (auto& st : all) {
    st->reader.join();
    lat.insert(lat.end(), st->lat_ms.begin(), st->lat_ms.end());
  }
  for (auto& e : errors) {
    if (!e.empty()) r.error = e;
  }
  r.lost = expected - received.load();
  double elapsed = static_cast<double>(last_delivery_ns.load() - start_ns) / 1e9;
  r.ops_per_sec = elapsed > 0 ? static_cast<double>(received.load()) / elapsed : 0;
  Percentiles(std::move(lat), &r);
  return r;
}

// N sequential 1 KiB write+fdatasync: the disk's durable-write ceiling. `over_zeros`: the
// writes land on zeros written and synced beforehand, as the WAL's appends land on its
// reserved zeros; fdatasync then has no file size to update.
double FsyncRate(const std::string& dir, int64_t samples, bool over_zeros) {
  std::string path = dir + "/fsync-probe";
  int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  if (fd < 0) return 0;
  std::string block = Value(1024, 'f');
  bool ok = true;
  if (over_zeros) {
    std::string zeros(static_cast<size_t>(samples) * block.size(), '\0');
    ok = ::write(fd, zeros.data(), zeros.size()) == static_cast<ssize_t>(zeros.size()) &&
         ::fdatasync(fd) == 0;
  }
  auto start = Clock::now();
  for (int64_t i = 0; ok && i < samples; ++i) {
    off_t at = static_cast<off_t>(i) * static_cast<off_t>(block.size());
    ok = ::pwrite(fd, block.data(), block.size(), at) == static_cast<ssize_t>(block.size()) &&
         ::fdatasync(fd) == 0;
  }
  double elapsed = Seconds(Clock::now() - start);
  ::close(fd);
  ::unlink(path.c_str());
  return ok ? static_cast<double>(samples) / elapsed : 0;
}

// N sequential round trips of a 1 KiB message over loopback TCP, each written over zeros and
// fdatasynced by the answering thread before it answers: the ceiling of put-seq for any server
// on this machine, one round trip and one fsync per put and nothing else.
double FsyncRoundTripRate(const std::string& dir, int64_t samples) {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener, 1) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (listener >= 0) ::close(listener);
    return 0;
  }
  const size_t kMessage = 1024;
  auto read_full = [](int fd, char* buf, size_t n) {
    for (size_t got = 0; got < n;) {
      ssize_t r = ::read(fd, buf + got, n - got);
      if (r <= 0) return false;
      got += static_cast<size_t>(r);
    }
    return true;
  };
  auto no_delay = [](int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  };
  std::string path = dir + "/fsync-rtt-probe";
  std::atomic<bool> server_ok{true};
  std::thread server([&] {
    int conn = ::accept(listener, nullptr, nullptr);
    int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    std::string zeros(static_cast<size_t>(samples) * kMessage, '\0');
    bool ok = conn >= 0 && fd >= 0 &&
              ::write(fd, zeros.data(), zeros.size()) == static_cast<ssize_t>(zeros.size()) &&
              ::fdatasync(fd) == 0;
    if (conn >= 0) no_delay(conn);
    std::string message(kMessage, '\0');
    for (int64_t i = 0; ok && i < samples; ++i) {
      ok = read_full(conn, message.data(), kMessage) &&
           ::pwrite(fd, message.data(), kMessage,
                    static_cast<off_t>(i) * static_cast<off_t>(kMessage)) ==
               static_cast<ssize_t>(kMessage) &&
           ::fdatasync(fd) == 0 && ::write(conn, "k", 1) == 1;
    }
    server_ok = ok;
    if (fd >= 0) ::close(fd);
    if (conn >= 0) ::close(conn);
    ::unlink(path.c_str());
  });
  int client = ::socket(AF_INET, SOCK_STREAM, 0);
  bool ok = client >= 0 && ::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  if (ok) no_delay(client);
  // The server writes its zeros first; the first round trip waits for them, untimed.
  std::string message = Value(kMessage, 'r');
  char answer;
  ok = ok && ::write(client, message.data(), kMessage) == static_cast<ssize_t>(kMessage) &&
       read_full(client, &answer, 1);
  auto start = Clock::now();
  int64_t done = 1;
  for (; ok && done < samples; ++done) {
    ok = ::write(client, message.data(), kMessage) == static_cast<ssize_t>(kMessage) &&
         read_full(client, &answer, 1);
  }
  double elapsed = Seconds(Clock::now() - start);
  if (client >= 0) ::close(client);
  server.join();
  ::close(listener);
  return ok && server_ok ? static_cast<double>(done - 1) / elapsed : 0;
}

// ---------------------------------------------------------------- servers

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// A real etcd in a child process; stopped (TERM, then KILL) when dropped.
// Debian's etcd on loopback; returns its client endpoint.
StatusOr<std::string> StartEtcd(ChildProcess& proc, const std::string& binary, const std::string& dir) {
  int client = FreePort();
  int peer = FreePort();
  if (client == 0 || peer == 0 || client == peer) return Status::Unavailable("no free loopback ports");
  std::string client_url = "http://127.0.0.1:" + std::to_string(client);
  std::string peer_url = "http://127.0.0.1:" + std::to_string(peer);
  KUBEPP_RETURN_IF_ERROR(proc.Start("etcd", {binary, "--name=bench", "--data-dir=" + dir + "/data",
                               "--listen-client-urls=" + client_url, "--advertise-client-urls=" + client_url,
                               "--listen-peer-urls=" + peer_url, "--initial-advertise-peer-urls=" + peer_url,
                               "--initial-cluster=bench=" + peer_url, "--quota-backend-bytes=8589934592",
                               "--logger=zap", "--log-outputs=stderr", "--log-level=warn"},
                                    dir + "/etcd.log"));
  return "127.0.0.1:" + std::to_string(client);
}

// `kubepp store`: the same store and etcd API as the in-process one, run as
// users run it (its own process and allocator), like etcd beside it.
StatusOr<std::string> StartKubeppStore(ChildProcess& proc, const std::string& binary, const std::string& dir) {
  int port = FreePort();
  if (port == 0) return Status::Unavailable("no free loopback port");
  std::string endpoint = "127.0.0.1:" + std::to_string(port);
  KUBEPP_RETURN_IF_ERROR(proc.Start(
      "kubepp store", {binary, "store", "--data-dir=" + dir + "/data", "--listen=" + endpoint, "--fsync=true"},
      dir + "/kubepp.log"));
  return endpoint;
}

// Polls Maintenance.Status until it answers or the deadline passes.
Status WaitReady(const std::string& endpoint, std::chrono::seconds timeout, const std::function<bool()>& died) {
  auto stub = etcdserverpb::Maintenance::NewStub(Dial(endpoint));
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (died && died()) return Status::Unavailable(endpoint + ": the server exited");
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
    ctx.set_wait_for_ready(true);
    etcdserverpb::StatusRequest req;
    etcdserverpb::StatusResponse resp;
    if (stub->Status(&ctx, req, &resp).ok()) return Status::Ok();
  }
  return Status::Timeout(endpoint + " did not become ready");
}

// ---------------------------------------------------------------- report

std::string Ms(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fms", v);
  return buf;
}

void Print(const std::string& workload, const Result& k, const Result& e, bool with_lost) {
  if (!k.error.empty() || !e.error.empty()) {
    std::printf("%s FAILED kubepp=\"%s\" etcd=\"%s\"\n", workload.c_str(), k.error.c_str(), e.error.c_str());
  }
  std::printf("%s kubepp=%.0f etcd=%.0f ratio=%.2f kubepp_p50=%s kubepp_p99=%s etcd_p50=%s etcd_p99=%s", workload.c_str(),
              k.ops_per_sec, e.ops_per_sec, e.ops_per_sec > 0 ? k.ops_per_sec / e.ops_per_sec : 0.0,
              Ms(k.p50_ms).c_str(), Ms(k.p99_ms).c_str(), Ms(e.p50_ms).c_str(), Ms(e.p99_ms).c_str());
  if (with_lost) {
    std::printf(" kubepp_lost=%lld etcd_lost=%lld kubepp_puts/s=%.0f etcd_puts/s=%.0f", static_cast<long long>(k.lost),
                static_cast<long long>(e.lost), k.write_rate, e.write_rate);
  } else {
    std::printf(" kubepp_cpu=%.0fus/op etcd_cpu=%.0fus/op", k.server_cpu_us_per_op,
                e.server_cpu_us_per_op);
    if (k.client_cpu_us_per_op > 0 || e.client_cpu_us_per_op > 0) {
      std::printf(" client_cpu_with_kubepp=%.0fus/op client_cpu_with_etcd=%.0fus/op",
                  k.client_cpu_us_per_op, e.client_cpu_us_per_op);
    }
  }
  std::printf("\n");
  std::fflush(stdout);
}

int Run(const std::vector<std::string>& args) {
  Config cfg;
  bool quick = false;
  bool help = false;
  FlagSet flags("store_bench");
  flags.Bool("quick", &quick, "scale every count down (CI: the whole run in well under 60 s)");
  flags.String("etcd", &cfg.etcd, "the etcd server binary to compare with");
  flags.String("kubepp", &cfg.kubepp, "the kubepp binary (default: build/kubepp, or beside this bench)");
  flags.String("work-dir", &cfg.work_dir, "where the temp data dirs go (default: the system temp dir)");
  flags.String(
      "client", &cfg.client,
      "gRPC API of the clients: auto (blocking for put-seq and get-seq, callback for put-conc), "
      "callback, sync (grpc++'s, a thread each) or blocking (one call at a time on the calling "
      "thread, sequential workloads only)");
  flags.Int("seq-puts", &cfg.seq_puts, "puts of put-seq");
  flags.Int("conc-puts", &cfg.conc_puts, "puts of put-conc (all clients together)");
  flags.Int("clients", &cfg.clients, "clients of put-conc: the puts in flight at once");
  flags.Int("connections", &cfg.connections,
            "connections put-conc's pipelined client spreads its clients over (a thread each)");
  flags.Int("range-keys", &cfg.range_keys, "keys under the prefix of range");
  flags.Int("range-reads", &cfg.range_reads, "ranges timed");
  flags.Int("watchers", &cfg.watchers, "watchers of watch");
  flags.Int("watch-events", &cfg.watch_events, "events every watcher receives");
  flags.Int("watch-streams", &cfg.watch_streams, "gRPC streams the watchers share");
  flags.Int("fsync-samples", &cfg.fsync_samples, "write+fdatasync rounds of the disk probe");
  flags.Int("value-bytes", &cfg.value_bytes, "value size of the puts of put-seq, put-conc and range");
  flags.Int("watch-value-bytes", &cfg.watch_value_bytes, "value size of the events of watch");
  flags.Bool("help", &help, "print this help");
  Status st = flags.Parse(args);
  if (!st.ok() || help) {
    if (!st.ok()) std::fprintf(stderr, "Error: %s\n", st.message().c_str());
    std::fputs(flags.Usage().c_str(), stderr);
    return st.ok() ? 0 : 2;
  }
  if (quick) {
    cfg.seq_puts = std::min<int64_t>(cfg.seq_puts, 200);
    cfg.conc_puts = std::min<int64_t>(cfg.conc_puts, 3200);
    cfg.range_reads = std::min<int64_t>(cfg.range_reads, 5);
    cfg.watchers = std::min<int64_t>(cfg.watchers, 100);
    cfg.watch_events = std::min<int64_t>(cfg.watch_events, 1000);
    cfg.fsync_samples = std::min<int64_t>(cfg.fsync_samples, 100);
  }
  cfg.clients = std::max<int64_t>(1, cfg.clients);
  if (cfg.client != "auto" && cfg.client != "callback" && cfg.client != "sync" &&
      cfg.client != "blocking") {
    std::fprintf(stderr, "store_bench: --client must be auto, callback, sync or blocking, not %s\n",
                 cfg.client.c_str());
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);

  namespace fs = std::filesystem;
  std::string base = cfg.work_dir.empty() ? fs::temp_directory_path().string() : cfg.work_dir;
  std::string root = base + "/kubepp-store-bench-XXXXXX";
  if (::mkdtemp(root.data()) == nullptr) {
    std::fprintf(stderr, "cannot create a temp dir under %s\n", base.c_str());
    return 1;
  }
  fs::create_directories(root + "/kubepp");
  fs::create_directories(root + "/etcd");
  auto cleanup = [&root] {
    std::error_code ec;
    fs::remove_all(root, ec);
  };

  double fsyncs = FsyncRate(root, cfg.fsync_samples, false);
  std::printf("fsync %.0f fsyncs/s (1 KiB write+fdatasync x%lld appending to a file in %s)\n",
              fsyncs, static_cast<long long>(cfg.fsync_samples), base.c_str());
  double overwrites = FsyncRate(root, cfg.fsync_samples, true);
  std::printf("fsync-over-zeros %.0f fsyncs/s (the same writes over zeros already on disk)\n",
              overwrites);

  const std::string binary = FindKubepp(cfg.kubepp);
  if (binary.empty()) {
    std::fprintf(stderr, "store_bench: no kubepp binary (build it, or pass --kubepp)\n");
    cleanup();
    return 1;
  }
  ChildProcess server_process, etcd_process;
  auto server = StartKubeppStore(server_process, binary, root + "/kubepp");
  auto etcd = StartEtcd(etcd_process, cfg.etcd, root + "/etcd");
  Status ready = server.ok() ? WaitReady(*server, std::chrono::seconds(30), [&] { return !server_process.Running(); })
                             : server.status();
  if (ready.ok()) {
    ready = etcd.ok() ? WaitReady(*etcd, std::chrono::seconds(30), [&] { return !etcd_process.Running(); })
                      : etcd.status();
  }
  int rc = 0;
  if (!ready.ok()) {
    std::fprintf(stderr, "store_bench: %s (logs: %s/kubepp/kubepp.log, %s/etcd/etcd.log)\n",
                 ready.ToString().c_str(), root.c_str(), root.c_str());
    rc = 1;
  } else {
    const std::string kubepp = *server;
    const std::string e = *etcd;
    std::printf("config seq_puts=%lld conc_puts=%lld clients=%lld range_keys=%lld watchers=%lld "
                "watch_events=%lld value_bytes=%lld watch_value_bytes=%lld client=%s\n",
                static_cast<long long>(cfg.seq_puts), static_cast<long long>(cfg.conc_puts),
                static_cast<long long>(cfg.clients), static_cast<long long>(cfg.range_keys),
                static_cast<long long>(cfg.watchers), static_cast<long long>(cfg.watch_events),
                static_cast<long long>(cfg.value_bytes), static_cast<long long>(cfg.watch_value_bytes),
                cfg.client.c_str());
    std::fflush(stdout);
    const pid_t pids[2] = {server_process.pid(), etcd_process.pid()};
    auto both = [&](const std::string& name, bool lost, const std::function<Result(const std::string&)>& run) {
      Result k = run(kubepp);
      Result x = run(e);
      Print(name, k, x, lost);
      if (!k.error.empty() || !x.error.empty() || k.lost != 0 || x.lost != 0) rc = 1;
    };
    // Disk-bound workloads run in alternating rounds (kubepp, etcd, kubepp, ...)
    // so that a neighbour's burst of disk traffic hits both alike.
    // `probe`, when given, runs after each round's pair with that round's count of operations
    // and returns its rate; what rounds returns third is the probe's rate over all rounds.
    // `client`: blocking (one client only), pipelined, callback or sync.
    auto rounds = [&](const std::string& name, int64_t clients, int64_t total,
                      const std::string& client,
                      const std::function<double(int64_t)>& probe =
                          nullptr) -> std::tuple<Result, Result, double> {
      constexpr int kRounds = 4;
      double probe_ops = 0, probe_seconds = 0;
      Result sum[2];
      double seconds[2] = {0, 0};
      double cpu[2] = {0, 0};
      double self_cpu[2] = {0, 0};
      for (int round = 0; round < kRounds; ++round) {
        for (int side = 0; side < 2; ++side) {
          std::string prefix = "/bench/" + name + "/" + std::to_string(round) + "/";
          double cpu_before = CpuSeconds(pids[side]);
          double self_before = CpuSeconds(::getpid());
          const int64_t per_client = std::max<int64_t>(1, total / kRounds / clients);
          const std::string& endpoint = side == 0 ? kubepp : e;
          // Blocking: one call at a time, a pipeline of one.
          Result r = client == "blocking"
                         ? PipelinedPuts(endpoint, prefix, 1, per_client, cfg.value_bytes, 1)
                     : client == "pipelined" ? PipelinedPuts(endpoint, prefix, clients, per_client,
                                                             cfg.value_bytes, cfg.connections)
                                             : Puts(endpoint, prefix, clients, per_client,
                                                    cfg.value_bytes, client == "callback");
          cpu[side] += CpuSeconds(pids[side]) - cpu_before;
          self_cpu[side] += CpuSeconds(::getpid()) - self_before;
          if (!r.error.empty()) sum[side].error = r.error;
          seconds[side] += r.ops_per_sec > 0 ? static_cast<double>(r.lat_ms.size()) / r.ops_per_sec : 0;
          sum[side].lat_ms.insert(sum[side].lat_ms.end(), r.lat_ms.begin(), r.lat_ms.end());
        }
        if (probe) {
          int64_t n = std::max<int64_t>(2, total / kRounds);
          double rate = probe(n);
          if (rate > 0) {
            probe_ops += static_cast<double>(n - 1);
            probe_seconds += static_cast<double>(n - 1) / rate;
          }
        }
      }
      for (int side = 0; side < 2; ++side) {
        if (seconds[side] > 0)
          sum[side].ops_per_sec = static_cast<double>(sum[side].lat_ms.size()) / seconds[side];
        if (!sum[side].lat_ms.empty()) {
          sum[side].server_cpu_us_per_op =
              cpu[side] * 1e6 / static_cast<double>(sum[side].lat_ms.size());
          sum[side].client_cpu_us_per_op =
              self_cpu[side] * 1e6 / static_cast<double>(sum[side].lat_ms.size());
        }
        Percentiles(sum[side].lat_ms, &sum[side]);
      }
      Print(name, sum[0], sum[1], false);
      if (!sum[0].error.empty() || !sum[1].error.empty()) rc = 1;
      return {sum[0], sum[1], probe_seconds > 0 ? probe_ops / probe_seconds : 0.0};
    };
    {
      // The ceiling is measured between the rounds, so that the disk's and the neighbours'
      // moods weigh on it as on the puts.
      auto [k, x, round_trips] =
          rounds("put-seq", 1, cfg.seq_puts, cfg.client == "auto" ? "blocking" : cfg.client,
                 [&](int64_t n) { return FsyncRoundTripRate(root, n); });
      std::printf(
          "fsync-rtt %.0f round trips/s (1 KiB over loopback TCP, written over zeros and "
          "fdatasynced "
          "before the answer, between put-seq's rounds: its ceiling for any server here)\n",
          round_trips);
      auto share = [](double rate, double of) { return of > 0 ? rate / of : 0.0; };
      std::printf(
          "put-seq-of-ceiling kubepp=%.2f etcd=%.2f (put-seq over fsync-rtt) kubepp_of_fsync=%.2f "
          "kubepp_of_fsync_over_zeros=%.2f\n",
          share(k.ops_per_sec, round_trips), share(x.ops_per_sec, round_trips),
          share(k.ops_per_sec, fsyncs), share(k.ops_per_sec, overwrites));
      std::fflush(stdout);
    }
    {
      const std::string seq_client = cfg.client == "auto" ? "blocking" : cfg.client;
      Result r[2];
      for (int side = 0; side < 2; ++side) {
        double cpu = CpuSeconds(pids[side]);
        double self = CpuSeconds(::getpid());
        r[side] = SequentialGets(side == 0 ? kubepp : e, KeyName("/bench/put-seq/0/", 0, 0),
                                 cfg.seq_puts, seq_client);
        cpu = CpuSeconds(pids[side]) - cpu;
        self = CpuSeconds(::getpid()) - self;
        r[side].server_cpu_us_per_op =
            cpu * 1e6 / static_cast<double>(std::max<int64_t>(1, cfg.seq_puts));
        r[side].client_cpu_us_per_op =
            self * 1e6 / static_cast<double>(std::max<int64_t>(1, cfg.seq_puts));
      }
      Print("get-seq", r[0], r[1], false);
      if (!r[0].error.empty() || !r[1].error.empty()) rc = 1;
    }
    {
      // The same puts straight into a store in this process, no gRPC: what
      // the API layer costs.
      store::EmbeddedOptions options;
      options.dir = root + "/inprocess";
      options.fsync = true;
      options.writers_commit = true;  // as `kubepp store` opens it
      auto store = store::OpenEmbedded(options);
      Result direct;
      if (!store.ok()) direct.error = store.status().ToString();
      std::vector<double> lat;
      const std::string value = Value(cfg.value_bytes);
      auto start = Clock::now();
      for (int64_t i = 0; store.ok() && i < cfg.seq_puts; ++i) {
        auto t0 = Clock::now();
        auto put = (*store)->Put(KeyName("/bench/direct/", 0, i), value);
        lat.push_back(Seconds(Clock::now() - t0) * 1000);
        if (!put.ok()) {
          direct.error = put.status().ToString();
          break;
        }
      }
      direct.ops_per_sec = static_cast<double>(lat.size()) / Seconds(Clock::now() - start);
      Percentiles(std::move(lat), &direct);
      std::printf("put-seq-inprocess kubepp=%.0f kubepp_p50=%s kubepp_p99=%s%s\n", direct.ops_per_sec,
                  Ms(direct.p50_ms).c_str(), Ms(direct.p99_ms).c_str(), direct.error.empty() ? "" : " FAILED");
      std::fflush(stdout);
      if (store.ok()) (*store)->Close();
    }
    if (cfg.client == "auto") {
      (void)rounds("put-conc", cfg.clients, cfg.conc_puts, "pipelined");
      // The same through grpc++'s callback API, whose own CPU (shared cores) caps both servers.
      (void)rounds("put-conc-grpcpp", cfg.clients, cfg.conc_puts, "callback");
    } else {
      (void)rounds("put-conc", cfg.clients, cfg.conc_puts,
                   cfg.client == "blocking" ? "pipelined" : cfg.client);
    }
    {
      Result r[2];
      for (int side = 0; side < 2; ++side) {
        double cpu = 0;
        r[side] = Ranges(side == 0 ? kubepp : e, "/bench/range/", cfg.range_keys, cfg.range_reads,
                         cfg.value_bytes, [&] { cpu = CpuSeconds(pids[side]); });
        cpu = CpuSeconds(pids[side]) - cpu;
        r[side].server_cpu_us_per_op =
            cpu * 1e6 / static_cast<double>(std::max<int64_t>(1, cfg.range_reads));
      }
      Print("range", r[0], r[1], false);
      if (!r[0].error.empty() || !r[1].error.empty()) rc = 1;
    }
    both("watch", true, [&](const std::string& ep) { return Watches(ep, "/bench/watch/", cfg); });
  }
  etcd_process.Stop();
  server_process.Stop();
  cleanup();
  return rc;
}

}  // namespace
}  // namespace kubepp::bench

int main(int argc, char** argv) {
  // The client side of a range is decoding 10 MB. glibc would map a fresh
  // region for each such buffer and fault every page in again, a cost that
  // would hide the servers' own difference; both servers get this client.
  ::mallopt(M_MMAP_THRESHOLD, 256 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 512 << 20);
  return kubepp::bench::Run(std::vector<std::string>(argv + 1, argv + argc));
}

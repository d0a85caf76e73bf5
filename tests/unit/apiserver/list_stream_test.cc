#include "apiserver/list_stream.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "api/codec/codec.h"

namespace kubepp::apiserver {
namespace {

// A client that reads only when the test says so: written chunks stay
// pending until Drain(), which runs the producer's OnDrained callback once
// the backlog is small enough.
class SlowClient : public net::Responder {
 public:
  void Respond(net::HttpResponse response) override {
    whole = true;
    body = std::move(response.body);
  }
  void StartStream(int, std::string, net::Headers) override { streamed = true; }
  void WriteShared(std::shared_ptr<const std::string> chunk) override {
    body += *chunk;
    pending += chunk->size();
    max_pending = std::max(max_pending, pending);
  }
  void End() override { ended = true; }
  void EndAfter(std::chrono::milliseconds) override {}
  bool Closed() const override { return closed; }
  void OnClose(std::function<void()>) override {}
  size_t PendingBytes() const override { return pending; }
  void OnDrained(size_t below, std::function<void()> fn) override {
    ASSERT_FALSE(waiter) << "one waiter at a time";
    drain_below = below;
    waiter = std::move(fn);
  }
  // The client reads everything pending.
  void Drain() {
    pending = 0;
    if (waiter && pending < drain_below) std::exchange(waiter, nullptr)();
  }

  std::string body;
  size_t pending = 0, max_pending = 0, drain_below = 0;
  bool whole = false, streamed = false, ended = false, closed = false;
  std::function<void()> waiter;
};

std::vector<Record> Items(int n, size_t size) {
  std::vector<Record> out;
  for (int i = 0; i < n; ++i) {
    std::string value =
        R"({"kind":"Pod","metadata":{"name":"p)" + std::to_string(i) + R"("},"pad":")";
    value += std::string(size, 'x') + "\"}";
    out.push_back(Record{value, 100 + i});
  }
  return out;
}

ListBody JsonBody() {
  ListBody body;
  body.head = R"({"kind":"PodList","items":[)";
  body.tail = "]}";
  body.render = [](std::string& out, const Record& item) {
    api::AppendWithResourceVersion(out, item.stored, item.revision);
  };
  return body;
}

TEST(ListStreamTest, SmallListsAreOneResponse) {
  auto client = std::make_shared<SlowClient>();
  SendList(client, JsonBody(), Items(3, 10));
  EXPECT_TRUE(client->whole);
  EXPECT_FALSE(client->streamed);
  auto list = boost::json::parse(client->body).as_object();
  ASSERT_EQ(list["items"].as_array().size(), 3u);
  EXPECT_EQ(list["items"].as_array()[2].at("metadata").at("resourceVersion"), "102");
}

TEST(ListStreamTest, LargeListsWaitForTheClient) {
  auto client = std::make_shared<SlowClient>();
  SendList(client, JsonBody(), Items(2000, 4000));  // ~8 MB
  EXPECT_TRUE(client->streamed);
  EXPECT_FALSE(client->ended);
  ASSERT_TRUE(client->waiter) << "the stream went ahead of a client that reads nothing";
  int rounds = 0;
  while (!client->ended) {
    ASSERT_TRUE(client->waiter);
    client->Drain();
    ++rounds;
  }
  EXPECT_GT(rounds, 10);
  // Never more than a few chunks ahead of the client.
  EXPECT_LT(client->max_pending, 1u << 20);
  auto list = boost::json::parse(client->body).as_object();
  ASSERT_EQ(list["items"].as_array().size(), 2000u);
  EXPECT_EQ(list["items"].as_array()[1999].at("metadata").at("name"), "p1999");
}

TEST(ListStreamTest, ItemsThatRenderToNothingLeaveNoComma) {
  auto client = std::make_shared<SlowClient>();
  ListBody body = JsonBody();
  body.render = [](std::string& out, const Record& item) {
    if (item.revision % 2 == 0) api::AppendWithResourceVersion(out, item.stored, item.revision);
  };
  SendList(client, std::move(body), Items(5, 10));
  auto list = boost::json::parse(client->body).as_object();
  EXPECT_EQ(list["items"].as_array().size(), 3u);
}

TEST(ListStreamTest, AClosedClientStopsTheStream) {
  auto client = std::make_shared<SlowClient>();
  SendList(client, JsonBody(), Items(2000, 4000));
  ASSERT_TRUE(client->waiter);
  size_t sent = client->body.size();
  client->closed = true;
  client->Drain();
  EXPECT_EQ(client->body.size(), sent);
  EXPECT_FALSE(client->ended);
}

// Table-like rendering on two threads: every third item renders to nothing.
ListBody ParallelBody(std::mutex& mu, std::set<std::thread::id>& threads) {
  ListBody body = JsonBody();
  body.render_in_parallel = true;
  body.render = [&mu, &threads](std::string& out, const Record& item) {
    {
      std::lock_guard lock(mu);
      threads.insert(std::this_thread::get_id());
    }
    if (item.revision % 3 != 0) api::AppendWithResourceVersion(out, item.stored, item.revision);
  };
  return body;
}

TEST(ListStreamTest, ParallelRenderingKeepsTheOrder) {
  std::mutex mu;
  std::set<std::thread::id> threads;
  auto client = std::make_shared<SlowClient>();
  SendList(client, ParallelBody(mu, threads), Items(2000, 4000));
  while (!client->ended) {
    ASSERT_TRUE(client->waiter);
    client->Drain();
  }
  EXPECT_LT(client->max_pending, 1u << 20);
  auto list = boost::json::parse(client->body).as_object();
  std::vector<std::string> names;
  for (const auto& item : list["items"].as_array()) {
    names.emplace_back(item.at("metadata").at("name").as_string());
  }
  std::vector<std::string> expected;
  for (int i = 0; i < 2000; ++i) {
    if ((100 + i) % 3 != 0) expected.push_back("p" + std::to_string(i));
  }
  EXPECT_EQ(names, expected);
  std::lock_guard lock(mu);
  EXPECT_EQ(threads.size(), 2u);
}

TEST(ListStreamTest, AClosedClientStopsAParallelStream) {
  std::mutex mu;
  std::set<std::thread::id> threads;
  auto client = std::make_shared<SlowClient>();
  SendList(client, ParallelBody(mu, threads), Items(2000, 4000));
  ASSERT_TRUE(client->waiter);
  client->Drain();
  size_t sent = client->body.size();
  client->closed = true;
  client->Drain();  // the stream ends and its helper thread with it
  EXPECT_FALSE(client->waiter);
  EXPECT_EQ(client->body.size(), sent);
  EXPECT_FALSE(client->ended);
}

}  // namespace
}  // namespace kubepp::apiserver

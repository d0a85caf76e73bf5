// LISTs over a store that keeps values compressed (--store-compress-values):
// the registry hands the items out compressed and each is decompressed where
// it is rendered, as JSON or as a Table row; filtered and paged LISTs read
// whole values from the store. Every way sees every object as written.
#include <gtest/gtest.h>

#include <set>

#include "api_test_harness.h"
#include "store/mvcc_index.h"

namespace kubepp::apiserver {
namespace {

namespace json = boost::json;

constexpr int kConfigMaps = static_cast<int>(store::MvccIndex::kTrainSamples) + 100;

std::string ConfigMapJson(int i) {
  return R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-)" + std::to_string(i) +
         R"(","labels":{"app":"web","parity":")" + (i % 2 ? "odd" : "even") +
         R"("}},"data":{"index":")" + std::to_string(i) +
         R"(","nginx.conf":"server { listen 80; location / { root /usr/share/nginx/html; } }"}})";
}

// Polls until the store hands every ConfigMap out compressed.
bool AllCompressed(store::Store& s) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    store::RangeRequest req;
    req.key = "/registry/configmaps/lists/";
    req.range_end = store::PrefixEnd(req.key);
    req.keep_compressed = true;
    auto r = s.Range(req);
    if (r.ok() && r->kvs.size() == static_cast<size_t>(kConfigMaps) &&
        std::all_of(r->kvs.begin(), r->kvs.end(),
                    [](const auto& kv) { return kv.compressed_with; })) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

class CompressedListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces", R"({"metadata":{"name":"lists"}})").status,
              201);
    for (int i = 0; i < kConfigMaps; ++i) {
      ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces/lists/configmaps", ConfigMapJson(i)).status,
                201);
    }
    ASSERT_TRUE(AllCompressed(api_.store()));
  }
  // The index of every item, checked against what was written.
  static std::set<int> Indexes(const json::value& list) {
    std::set<int> seen;
    for (const auto& item : list.at("items").as_array()) {
      const auto& o = item.as_object();
      int i = std::stoi(std::string(o.at("data").at("index").as_string()));
      EXPECT_EQ(o.at("metadata").at("name").as_string(), "cm-" + std::to_string(i));
      EXPECT_FALSE(o.at("metadata").at("resourceVersion").as_string().empty());
      EXPECT_EQ(o.at("data").at("nginx.conf").as_string(),
                "server { listen 80; location / { root /usr/share/nginx/html; } }");
      seen.insert(i);
    }
    return seen;
  }

  testing::ApiTestHarness api_{/*compress_values=*/true};
};

TEST_F(CompressedListTest, JsonListSeesEveryObject) {
  auto r = api_.Do("GET", "/api/v1/namespaces/lists/configmaps");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Indexes(r.body).size(), static_cast<size_t>(kConfigMaps));
}

TEST_F(CompressedListTest, TableRowsSeeEveryObject) {
  api_.set_accept("application/json;as=Table;v=v1;g=meta.k8s.io");
  auto r = api_.Do("GET", "/api/v1/namespaces/lists/configmaps");
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.body.at("kind").as_string(), "Table");
  std::set<std::string> names;
  for (const auto& row : r.body.at("rows").as_array()) {
    const auto& cells = row.at("cells").as_array();
    names.insert(std::string(cells.at(0).as_string()));
    EXPECT_EQ(cells.at(1).as_int64(), 2) << cells.at(0);  // DATA: both keys
    EXPECT_EQ(row.at("object").at("metadata").at("labels").at("app").as_string(), "web");
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kConfigMaps));
}

TEST_F(CompressedListTest, FilteredAndPagedListsSeeTheirObjects) {
  auto odd = api_.Do("GET", "/api/v1/namespaces/lists/configmaps?labelSelector=parity%3Dodd");
  ASSERT_EQ(odd.status, 200);
  std::set<int> seen = Indexes(odd.body);
  EXPECT_EQ(seen.size(), static_cast<size_t>(kConfigMaps / 2));
  for (int i : seen) EXPECT_EQ(i % 2, 1);

  std::set<int> paged;
  std::string token;
  do {
    auto page = api_.Do("GET", "/api/v1/namespaces/lists/configmaps?limit=300" +
                                   (token.empty() ? std::string() : "&continue=" + token));
    ASSERT_EQ(page.status, 200);
    for (int i : Indexes(page.body)) EXPECT_TRUE(paged.insert(i).second) << i;
    const auto& meta = page.body.at("metadata").as_object();
    token = meta.contains("continue") ? std::string(meta.at("continue").as_string()) : "";
  } while (!token.empty());
  EXPECT_EQ(paged.size(), static_cast<size_t>(kConfigMaps));

  auto one = api_.Do("GET", "/api/v1/namespaces/lists/configmaps/cm-17");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.body.at("data").at("index").as_string(), "17");
}

}  // namespace
}  // namespace kubepp::apiserver

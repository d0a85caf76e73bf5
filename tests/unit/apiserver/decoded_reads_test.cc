// DecodedReads against a real embedded store: an object is decoded once per
// revision and shared while it stays there; every change, deletion and
// re-creation is seen by the next read; undecodable records are an error
// for a single key and left out of a prefix.
#include "apiserver/decoded_reads.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "apiserver/object_meta.h"
#include "store/store.h"

namespace kubepp::apiserver {
namespace {

class DecodedReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kubepp-decoded-reads-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    store::EmbeddedOptions options;
    options.dir = dir_.string();
    options.fsync = false;
    auto opened = store::OpenEmbedded(options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    reads_ = std::make_unique<DecodedReads>(store_.get());
  }
  void TearDown() override {
    reads_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  int64_t Put(const std::string& key, const std::string& json) {
    auto put = store_->Put(key, json);
    EXPECT_TRUE(put.ok()) << put.status().ToString();
    return put.ok() ? put->revision : 0;
  }
  static std::string Class(const std::string& name, int value) {
    return R"({"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":")" +
           name + R"("},"value":)" + std::to_string(value) + "}";
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<DecodedReads> reads_;
};

TEST_F(DecodedReadsTest, AKeyIsDecodedOncePerRevisionAndEveryChangeIsSeen) {
  const std::string key = "/registry/namespaces/team";
  auto absent = reads_->Key(key);
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(*absent, nullptr);

  int64_t first_rev =
      Put(key, R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}})");
  auto first = reads_->Key(key);
  ASSERT_TRUE(first.ok() && *first != nullptr);
  EXPECT_EQ(MetaString(**first, "resourceVersion"), std::to_string(first_rev));
  auto again = reads_->Key(key);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->get(), first->get()) << "the same revision is shared, not decoded again";

  Put(key,
      R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"},"status":{"phase":"Terminating"}})");
  auto changed = reads_->Key(key);
  ASSERT_TRUE(changed.ok() && *changed != nullptr);
  EXPECT_NE(changed->get(), first->get());
  EXPECT_EQ((*changed)->at("status").as_object().at("phase").as_string(), "Terminating");
  // What was handed out before stays as it was.
  EXPECT_FALSE((*first)->contains("status"));

  ASSERT_TRUE(store_->Delete(key).ok());
  auto deleted = reads_->Key(key);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, nullptr);

  int64_t recreated_rev =
      Put(key, R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}})");
  auto recreated = reads_->Key(key);
  ASSERT_TRUE(recreated.ok() && *recreated != nullptr);
  EXPECT_EQ(MetaString(**recreated, "resourceVersion"), std::to_string(recreated_rev));
  EXPECT_FALSE((*recreated)->contains("status"));
}

TEST_F(DecodedReadsTest, APrefixFollowsWritesAndLeavesOutWhatDoesNotDecode) {
  const std::string prefix = "/registry/priorityclasses/";
  Put(prefix + "a", Class("a", 1));
  Put(prefix + "b", Class("b", 2));
  Put(prefix + "c", Class("c", 3));
  Put(prefix + "broken", "{not json");

  auto names_and_values = [&] {
    std::string out;
    auto read = reads_->Prefix(prefix);
    EXPECT_TRUE(read.ok()) << read.status().ToString();
    if (!read.ok()) return out;
    for (const auto& obj : *read) {
      out += MetaString(*obj, "name") + "=" + std::to_string(obj->at("value").as_int64()) + " ";
    }
    return out;
  };
  EXPECT_EQ(names_and_values(), "a=1 b=2 c=3 ");
  auto broken = reads_->Key(prefix + "broken");
  EXPECT_FALSE(broken.ok());

  auto before = reads_->Prefix(prefix);
  Put(prefix + "b", Class("b", 20));
  ASSERT_TRUE(store_->Delete(prefix + "c").ok());
  Put(prefix + "d", Class("d", 4));
  EXPECT_EQ(names_and_values(), "a=1 b=20 d=4 ");
  auto after = reads_->Prefix(prefix);
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ((*before)[0].get(), (*after)[0].get()) << "the unchanged class is shared";
}

}  // namespace
}  // namespace kubepp::apiserver

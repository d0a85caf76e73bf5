#include "kubelet/network/cni_config.h"

#include <filesystem>
#include <fstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {

namespace json = boost::json;

TEST(CniConfigTest, BridgeWithHostLocalRangeAndPortmap) {
  json::value list = json::parse(CniConfigList("10.244.3.0/24"));
  const auto& plugins = list.at("plugins").as_array();
  ASSERT_EQ(plugins.size(), 2u);
  EXPECT_EQ(plugins[0].at("type").as_string(), "bridge");
  EXPECT_EQ(plugins[0].at("bridge").as_string(), "cni0");
  EXPECT_TRUE(plugins[0].at("isGateway").as_bool());
  EXPECT_EQ(plugins[0].at("ipam").at("type").as_string(), "host-local");
  EXPECT_EQ(plugins[0].at("ipam").at("ranges").as_array()[0].as_array()[0].at("subnet").as_string(), "10.244.3.0/24");
  EXPECT_EQ(plugins[1].at("type").as_string(), "portmap");
  EXPECT_TRUE(plugins[1].at("capabilities").at("portMappings").as_bool());
}

TEST(CniConfigTest, WritesOnceAndReplacesOnChange) {
  std::string dir = ::testing::TempDir() + "/cni-config-test";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(WriteCniConfig(dir, "10.244.1.0/24").ok());
  std::string path = dir + "/10-kubepp.conflist";
  auto first = std::filesystem::last_write_time(path);
  ASSERT_TRUE(WriteCniConfig(dir, "10.244.1.0/24").ok());
  EXPECT_EQ(std::filesystem::last_write_time(path), first);
  ASSERT_TRUE(WriteCniConfig(dir, "10.244.2.0/24").ok());
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("10.244.2.0/24"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kubepp::kubelet

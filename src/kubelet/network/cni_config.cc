#include "kubelet/network/cni_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

namespace kubepp::kubelet {

namespace json = boost::json;

std::string CniConfigList(const std::string& pod_cidr, const std::string& ipam_data_dir) {
  json::object ipam{{"type", "host-local"},
                    {"ranges", json::array{json::array{json::object{{"subnet", pod_cidr}}}}},
                    {"routes", json::array{json::object{{"dst", "0.0.0.0/0"}}}}};
  if (!ipam_data_dir.empty()) ipam["dataDir"] = ipam_data_dir;
  json::object bridge{{"type", "bridge"},   {"bridge", kCniBridge}, {"isGateway", true},
                      {"ipMasq", true},     {"hairpinMode", true},  {"ipam", std::move(ipam)}};
  json::object portmap{{"type", "portmap"}, {"capabilities", json::object{{"portMappings", true}}}};
  json::object list{{"cniVersion", "1.0.0"},
                    {"name", "kubepp"},
                    {"plugins", json::array{std::move(bridge), std::move(portmap)}}};
  return json::serialize(list) + "\n";
}

Status WriteCniConfig(const std::string& dir, const std::string& pod_cidr, const std::string& ipam_data_dir) {
  std::string text = CniConfigList(pod_cidr, ipam_data_dir);
  std::filesystem::path path = std::filesystem::path(dir) / kCniConfigFile;
  {
    std::ifstream in(path);
    std::stringstream current;
    current << in.rdbuf();
    if (in && current.str() == text) return Status::Ok();
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Internal("creating " + dir + ": " + ec.message());
  std::filesystem::path temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << text;
    if (!out.flush()) return Status::Internal("writing " + temp.string());
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) return Status::Internal("renaming " + temp.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace kubepp::kubelet

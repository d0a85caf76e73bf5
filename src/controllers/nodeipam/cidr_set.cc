#include "controllers/nodeipam/cidr_set.h"

#include <charconv>

namespace kubepp::controllers {
namespace {

std::optional<std::pair<uint32_t, int>> ParseCidr(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ip = ParseIPv4(text.substr(0, slash));
  int bits = -1;
  auto mask = text.substr(slash + 1);
  auto [p, ec] = std::from_chars(mask.data(), mask.data() + mask.size(), bits);
  if (!ip || ec != std::errc() || p != mask.data() + mask.size() || bits < 0 || bits > 32) return std::nullopt;
  return std::make_pair(*ip, bits);
}

uint32_t MaskOf(int bits) { return bits == 0 ? 0 : ~uint32_t{0} << (32 - bits); }

}  // namespace

std::optional<uint32_t> ParseIPv4(std::string_view text) {
  uint32_t out = 0;
  for (int i = 0; i < 4; ++i) {
    auto dot = i < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;
    unsigned part = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + dot, part);
    if (ec != std::errc() || p != text.data() + dot || part > 255) return std::nullopt;
    out = (out << 8) | part;
    text = i < 3 ? text.substr(dot + 1) : std::string_view{};
  }
  return out;
}

StatusOr<CidrSet> CidrSet::Create(std::string_view cluster_cidr, int subnet_mask_size) {
  auto parsed = ParseCidr(cluster_cidr);
  if (!parsed) return Status::BadRequest("invalid cluster CIDR \"" + std::string(cluster_cidr) + "\"");
  auto [ip, bits] = *parsed;
  if (subnet_mask_size < bits || subnet_mask_size > 32 || subnet_mask_size - bits > 24) {
    return Status::BadRequest("node CIDR mask size " + std::to_string(subnet_mask_size) +
                              " does not fit cluster CIDR " + std::string(cluster_cidr));
  }
  return CidrSet(ip & MaskOf(bits), bits, subnet_mask_size);
}

CidrSet::CidrSet(uint32_t base, int cluster_bits, int subnet_bits)
    : base_(base), cluster_bits_(cluster_bits), subnet_bits_(subnet_bits),
      used_(size_t{1} << (subnet_bits - cluster_bits), false) {}

std::optional<std::string> CidrSet::AllocateNext() {
  for (size_t i = 0; i < used_.size(); ++i) {
    size_t idx = (next_ + i) % used_.size();
    if (!used_[idx]) {
      used_[idx] = true;
      next_ = (idx + 1) % used_.size();
      return Format(idx);
    }
  }
  return std::nullopt;
}

bool CidrSet::Occupy(std::string_view cidr) {
  auto idx = IndexOf(cidr);
  if (!idx) return false;
  used_[*idx] = true;
  return true;
}

void CidrSet::Release(std::string_view cidr) {
  if (auto idx = IndexOf(cidr)) used_[*idx] = false;
}

std::optional<size_t> CidrSet::IndexOf(std::string_view cidr) const {
  auto parsed = ParseCidr(cidr);
  if (!parsed || parsed->second != subnet_bits_) return std::nullopt;
  if ((parsed->first & MaskOf(cluster_bits_)) != base_) return std::nullopt;
  return static_cast<size_t>((parsed->first - base_) >> (32 - subnet_bits_));
}

std::string CidrSet::Format(size_t index) const {
  uint32_t ip = base_ + (static_cast<uint32_t>(index) << (32 - subnet_bits_));
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." + std::to_string((ip >> 8) & 255) +
         "." + std::to_string(ip & 255) + "/" + std::to_string(subnet_bits_);
}

}  // namespace kubepp::controllers

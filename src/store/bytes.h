// Bytes: an immutable value shared by everyone who holds it.
//
// The store keeps each value once. Its index, its watchers, range results
// and the apiserver's watch cache all hold the same bytes; copying a Bytes
// copies a pointer. A LIST of 10,000 pods therefore copies 10,000 pointers
// out of the store rather than their 40 MB.
//
// A Bytes reads like a const std::string (it converts to one and to a
// string_view); assigning a std::string makes a new shared value.
//
// Thread safety: immutable after construction; safe to share across threads.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace kubepp::store {

class Bytes {
 public:
  Bytes() = default;
  Bytes(std::string s) : p_(std::make_shared<const std::string>(std::move(s))) {}  // NOLINT: implicit by design
  Bytes(const char* s) : Bytes(std::string(s)) {}                                   // NOLINT
  explicit Bytes(std::shared_ptr<const std::string> p) : p_(std::move(p)) {}

  const std::string& str() const { return p_ ? *p_ : Empty(); }
  operator const std::string&() const { return str(); }  // NOLINT
  operator std::string_view() const { return str(); }    // NOLINT
  const std::shared_ptr<const std::string>& shared() const { return p_; }

  size_t size() const { return str().size(); }
  bool empty() const { return str().empty(); }
  const char* data() const { return str().data(); }
  std::string::const_iterator begin() const { return str().begin(); }
  std::string::const_iterator end() const { return str().end(); }

  friend bool operator==(const Bytes& a, const Bytes& b) { return a.str() == b.str(); }
  friend bool operator==(const Bytes& a, std::string_view b) { return a.str() == b; }
  friend bool operator==(const Bytes& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const Bytes& a, const char* b) { return a.str() == b; }
  friend std::ostream& operator<<(std::ostream& os, const Bytes& b) { return os << b.str(); }

 private:
  static const std::string& Empty() {
    static const std::string kEmpty;
    return kEmpty;
  }
  std::shared_ptr<const std::string> p_;
};

}  // namespace kubepp::store

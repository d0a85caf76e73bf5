// CreateMemo: the managedFields of creates, remembered by the shape of the
// object created.
//
// A create that sends no managedFields gets one entry: its manager's, listing
// every field of the object but those no entry owns (apiVersion, kind, and
// the identity metadata: name, namespace, uid, ...), stamped with the time.
// So the entry depends on the manager and that shape only, and the pods of
// one ReplicaSet, which differ in name and uid, all get the same one but for
// the time. Working it out walks the whole object against its schema; the
// memo keeps the last few results and hands out copies with the time renewed.
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <array>
#include <boost/json/value.hpp>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace kubepp::api::managedfields {

class CreateMemo {
 public:
  // What the entry of a create of `obj` by `manager` depends on; nullopt when
  // the object is not one the memo takes: its metadata is not an object, or
  // its shape is longer than kMaxShapeBytes (big objects, such as ConfigMaps
  // of files, are seldom created twice alike, and the memo would hold them).
  static constexpr size_t kMaxShapeBytes = 16 * 1024;
  static std::optional<std::string> Shape(const boost::json::object& obj, std::string_view manager);

  // The managedFields remembered for `shape`, their entry's time set to `now`
  // (Unix seconds).
  std::optional<boost::json::value> Find(std::string_view shape, int64_t now) const;

  // Remembers what a create of `shape` got: `managed_fields` as stored, made
  // at `now`. Only a single entry stamped with that time is taken.
  void Remember(std::string shape, const boost::json::value& managed_fields, int64_t now);

 private:
  struct Slot {
    std::string shape;
    boost::json::value managed_fields;
  };
  static constexpr size_t kSlots = 8;  // a few templates written at once

  mutable std::mutex mu_;
  std::array<Slot, kSlots> slots_;  // guarded by mu_
  size_t next_ = 0;                 // the slot the next result replaces
};

}  // namespace kubepp::api::managedfields

// SendList: answers a LIST with its items rendered one by one. A large list
// goes out as a chunked stream written only as fast as the client reads it,
// so its body never sits in memory whole and the few buffers in flight stay
// warm in the cache; a small one is a single response, and its connection
// stays open for the next request.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "apiserver/registry.h"
#include "net/http.h"

namespace kubepp::apiserver {

struct ListBody {
  std::string content_type = "application/json";
  std::string head;  // up to the first item
  std::string tail;  // after the last item
  // Appends one item's JSON to the end of `out`; called in order, one call at
  // a time unless render_in_parallel.
  std::function<void(std::string& out, const Record& item)> render;
  // Set when `render` may run on two threads at once (for different items)
  // and costs enough (Table rows) that a streamed list is rendered on two: a
  // helper thread renders every other batch of items, one batch ahead at
  // most, while the stream renders the others and sends all in order.
  bool render_in_parallel = false;
};

void SendList(std::shared_ptr<net::Responder> out, ListBody body, std::vector<Record> items);

}  // namespace kubepp::apiserver

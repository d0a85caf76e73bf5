#include "store/store.h"

#include <future>

namespace kubepp::store {

std::string PrefixEnd(const std::string& prefix) {
  std::string end = prefix;
  while (!end.empty()) {
    unsigned char last = static_cast<unsigned char>(end.back());
    if (last < 0xff) {
      end.back() = static_cast<char>(last + 1);
      return end;
    }
    end.pop_back();
  }
  // Every byte was 0xff (or the prefix was empty): the range has no end.
  return std::string(1, '\0');
}

StatusOr<TxnResponse> Store::TxnSync(TxnRequest req) {
  std::promise<StatusOr<TxnResponse>> promise;
  auto result = promise.get_future();
  Txn(std::move(req), [&promise](StatusOr<TxnResponse> r) { promise.set_value(std::move(r)); });
  return result.get();
}

StatusOr<TxnResponse> Store::Put(std::string key, std::string value, int64_t lease) {
  TxnRequest req;
  req.success.push_back(Op::Put(std::move(key), std::move(value), lease));
  req.success.back().prev_kv = true;
  return TxnSync(std::move(req));
}

StatusOr<TxnResponse> Store::Delete(std::string key, std::string range_end) {
  TxnRequest req;
  req.success.push_back(Op::Delete(std::move(key), std::move(range_end)));
  req.success.back().prev_kv = true;
  return TxnSync(std::move(req));
}

}  // namespace kubepp::store

#include "api/codec/json_projection.h"

#include <boost/json/stream_parser.hpp>

#include "api/codec/codec.h"
#include "api/codec/json_spans.h"

namespace kubepp::api {
namespace {

constexpr size_t kNpos = std::string_view::npos;
using Node = JsonProjection::Node;

size_t SkipSpace(std::string_view t, size_t i) {
  while (i < t.size() && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r')) ++i;
  return i;
}

void Add(std::vector<Node>& level, std::string_view path) {
  size_t dot = path.find('.');
  std::string_view key = path.substr(0, dot);
  Node* node = nullptr;
  for (Node& n : level) {
    if (n.key == key) node = &n;
  }
  if (node == nullptr) {
    level.push_back(Node{std::string(key), {}});
    node = &level.back();
    if (dot != std::string_view::npos) Add(node->children, path.substr(dot + 1));
    return;
  }
  // An existing whole value stays whole; a path ending here makes it whole.
  if (node->children.empty()) return;
  if (dot == std::string_view::npos) {
    node->children.clear();
    return;
  }
  Add(node->children, path.substr(dot + 1));
}

// Walks the text once: kept members are parsed by one reused parser, the
// others are skipped by their brackets and quotes.
class Projector {
 public:
  Projector(std::string_view text, boost::json::storage_ptr storage)
      : t_(text), storage_(std::move(storage)), parser_({}, JsonParseOptions(), stack_) {}

  // The value at `i` reduced to `children` (whole when empty); returns the
  // end of the value, npos when malformed.
  size_t Value(size_t i, const std::vector<Node>& children, boost::json::value* out) {
    if (i >= t_.size()) return kNpos;
    if (!children.empty() && t_[i] == '{') return Object(i, children, out, {}, nullptr);
    if (!children.empty() && t_[i] == '[') return Array(i, children, out);
    size_t end = SkipJsonValue(t_, i);
    if (end == kNpos || !Parse(i, end, out)) return kNpos;
    return end;
  }

  // The object at `i` with only the members in `children`; the text of the
  // member `captured_key` goes to `captured`.
  size_t Object(size_t i, const std::vector<Node>& children, boost::json::value* out,
                std::string_view captured_key, std::string_view* captured) {
    boost::json::object obj(storage_);
    i = SkipSpace(t_, i + 1);
    if (i < t_.size() && t_[i] == '}') {
      *out = std::move(obj);
      return i + 1;
    }
    for (;;) {
      if (i >= t_.size() || t_[i] != '"') return kNpos;
      size_t key_end = SkipJsonValue(t_, i);
      if (key_end == kNpos) return kNpos;
      std::string_view key = t_.substr(i + 1, key_end - i - 2);
      i = SkipSpace(t_, key_end);
      if (i >= t_.size() || t_[i] != ':') return kNpos;
      size_t value_begin = SkipSpace(t_, i + 1);
      const Node* kept = nullptr;
      for (const Node& n : children) {
        if (n.key == key) kept = &n;
      }
      size_t value_end;
      if (kept != nullptr) {
        boost::json::value v(storage_);
        value_end = Value(value_begin, kept->children, &v);
        if (value_end == kNpos) return kNpos;
        obj.insert_or_assign(key, std::move(v));
      } else {
        value_end = SkipJsonValue(t_, value_begin);
        if (value_end == kNpos) return kNpos;
      }
      if (captured != nullptr && key == captured_key) {
        *captured = t_.substr(value_begin, value_end - value_begin);
      }
      i = SkipSpace(t_, value_end);
      if (i >= t_.size()) return kNpos;
      if (t_[i] == '}') break;
      if (t_[i] != ',') return kNpos;
      i = SkipSpace(t_, i + 1);
    }
    *out = std::move(obj);
    return i + 1;
  }

 private:
  size_t Array(size_t i, const std::vector<Node>& children, boost::json::value* out) {
    boost::json::array arr(storage_);
    i = SkipSpace(t_, i + 1);
    if (i < t_.size() && t_[i] == ']') {
      *out = std::move(arr);
      return i + 1;
    }
    for (;;) {
      boost::json::value element(storage_);
      size_t end = Value(i, children, &element);
      if (end == kNpos) return kNpos;
      arr.push_back(std::move(element));
      i = SkipSpace(t_, end);
      if (i >= t_.size()) return kNpos;
      if (t_[i] == ']') break;
      if (t_[i] != ',') return kNpos;
      i = SkipSpace(t_, i + 1);
    }
    *out = std::move(arr);
    return i + 1;
  }

  bool Parse(size_t begin, size_t end, boost::json::value* out) {
    parser_.reset(storage_);
    boost::system::error_code ec;
    parser_.write(t_.data() + begin, end - begin, ec);
    if (!ec) parser_.finish(ec);
    if (ec) return false;
    *out = parser_.release();
    return true;
  }

  std::string_view t_;
  boost::json::storage_ptr storage_;
  // Only the parser's own stack; the values go to `storage_`.
  unsigned char stack_[4096];
  boost::json::stream_parser parser_;
};

}  // namespace

JsonProjection::JsonProjection(std::initializer_list<std::string_view> paths) {
  for (std::string_view p : paths) Add(roots_, p);
}

StatusOr<boost::json::value> ParseProjected(std::string_view text, const JsonProjection& projection,
                                            boost::json::storage_ptr storage,
                                            std::string_view captured_key,
                                            std::string_view* captured) {
  if (captured != nullptr) *captured = {};
  size_t open = SkipSpace(text, 0);
  if (open >= text.size() || text[open] != '{') return Status::BadRequest("not a JSON object");
  // Every value is made in `storage`: assigning across storages would copy.
  boost::json::value out(storage);
  Projector projector(text, std::move(storage));
  size_t end = projector.Object(open, projection.roots(), &out, captured_key, captured);
  if (end == kNpos || SkipSpace(text, end) != text.size()) {
    if (captured != nullptr) *captured = {};
    return Status::BadRequest("malformed JSON object");
  }
  return out;
}

}  // namespace kubepp::api

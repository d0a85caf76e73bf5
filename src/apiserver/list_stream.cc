#include "apiserver/list_stream.h"

namespace kubepp::apiserver {
namespace {

// Lists whose stored bytes add up to less than this are answered in one piece.
constexpr size_t kStreamAbove = 1 << 20;
// Chunk size, and the queue a stream keeps ahead of its client: a few chunks.
constexpr size_t kChunkBytes = 64 * 1024;
constexpr size_t kHighWater = 8 * kChunkBytes;
constexpr size_t kLowWater = 4 * kChunkBytes;

// Appends `item` after a comma unless it is the first; an item that renders
// to nothing (it could not be decoded) leaves no comma behind.
bool AppendItem(const ListBody& body, std::string& out, const Record& item, bool after_another) {
  size_t before = out.size();
  if (after_another) out.push_back(',');
  size_t start = out.size();
  body.render(out, item);
  if (out.size() > start) return true;
  out.resize(before);
  return false;
}

// One streamed LIST: renders chunks until the client falls behind, then
// resumes when it has caught up. Pump runs on one thread at a time.
class ListStream : public std::enable_shared_from_this<ListStream> {
 public:
  ListStream(std::shared_ptr<net::Responder> out, ListBody body, std::vector<Record> items)
      : out_(std::move(out)), body_(std::move(body)), items_(std::move(items)) {}

  void Pump() {
    while (!out_->Closed()) {
      std::string chunk;
      chunk.reserve(kChunkBytes + kChunkBytes / 2);
      if (next_ == 0) chunk = std::move(body_.head);
      while (next_ < items_.size() && chunk.size() < kChunkBytes) {
        wrote_any_ |= AppendItem(body_, chunk, items_[next_], wrote_any_);
        items_[next_] = Record{};  // its bytes may go with the store's next compaction
        ++next_;
      }
      if (next_ == items_.size()) {
        chunk += body_.tail;
        out_->Write(std::move(chunk));
        out_->End();
        return;
      }
      out_->Write(std::move(chunk));
      if (out_->PendingBytes() >= kHighWater) {
        out_->OnDrained(kLowWater, [self = shared_from_this()] { self->Pump(); });
        return;
      }
    }
  }

 private:
  const std::shared_ptr<net::Responder> out_;
  ListBody body_;
  std::vector<Record> items_;
  size_t next_ = 0;
  bool wrote_any_ = false;
};

}  // namespace

void SendList(std::shared_ptr<net::Responder> out, ListBody body, std::vector<Record> items) {
  size_t stored = 0;
  for (const Record& item : items) stored += item.stored.size();
  if (stored >= kStreamAbove) {
    out->StartStream(200, body.content_type);
    std::make_shared<ListStream>(std::move(out), std::move(body), std::move(items))->Pump();
    return;
  }
  std::string whole = std::move(body.head);
  whole.reserve(whole.size() + stored + stored / 8 + 64 * items.size() + body.tail.size());
  bool wrote_any = false;
  for (const Record& item : items) wrote_any |= AppendItem(body, whole, item, wrote_any);
  whole += body.tail;
  net::HttpResponse resp;
  resp.content_type = body.content_type;
  resp.body = std::move(whole);
  out->Respond(std::move(resp));
}

}  // namespace kubepp::apiserver

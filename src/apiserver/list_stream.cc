#include "apiserver/list_stream.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

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

// Appends items [begin, end) as AppendItem does, releasing each once
// rendered (its bytes may go with the store's next compaction); true when
// any rendered to something.
bool AppendItems(const ListBody& body, std::string& out, std::vector<Record>& items, size_t begin,
                 size_t end, bool after_another) {
  bool wrote = false;
  for (size_t i = begin; i < end; ++i) {
    wrote |= AppendItem(body, out, items[i], after_another || wrote);
    items[i] = Record{};
  }
  return wrote;
}

// Where each batch of a streamed list begins: batches of about a chunk's
// worth of stored bytes, the unit of work of a BatchHelper.
std::vector<size_t> BatchStarts(const std::vector<Record>& items) {
  std::vector<size_t> starts;
  size_t bytes = kChunkBytes;
  for (size_t i = 0; i < items.size(); ++i) {
    if (bytes >= kChunkBytes) {
      starts.push_back(i);
      bytes = 0;
    }
    bytes += items[i].WholeSize();
  }
  return starts;
}

// One past the last item of batch `b`.
size_t BatchEnd(const std::vector<size_t>& starts, const std::vector<Record>& items, size_t b) {
  return b + 1 < starts.size() ? starts[b + 1] : items.size();
}

// Renders the odd batches of a list on a thread of its own, each only once
// the stream has reached the batch before it, so that the two render side
// by side and at most one batch waits to be taken. Every rendered item is
// preceded by a comma; the taker drops the first when nothing came before.
class BatchHelper {
 public:
  BatchHelper(const ListBody& body, std::vector<Record>& items, const std::vector<size_t>& starts)
      : body_(body), items_(items), starts_(starts), thread_([this] { Run(); }) {}
  ~BatchHelper() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  // The stream is about to render batch `b` itself.
  void Reached(size_t b) {
    {
      std::lock_guard lock(mu_);
      stream_at_ = b;
    }
    changed_.notify_all();
  }

  // Batch `b` (odd), once rendered.
  std::string Take(size_t b) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return done_ == b; });
    done_.reset();
    std::string out = std::move(result_);
    lock.unlock();
    changed_.notify_all();
    return out;
  }

 private:
  void Run() {
    for (size_t b = 1; b < starts_.size(); b += 2) {
      {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [&] { return stop_ || (stream_at_ + 1 >= b && !done_); });
        if (stop_) return;
      }
      std::string out;
      AppendItems(body_, out, items_, starts_[b], BatchEnd(starts_, items_, b), true);
      {
        std::lock_guard lock(mu_);
        result_ = std::move(out);
        done_ = b;
      }
      changed_.notify_all();
    }
  }

  const ListBody& body_;
  std::vector<Record>& items_;  // the helper touches only its batches' items
  const std::vector<size_t>& starts_;

  std::mutex mu_;
  std::condition_variable changed_;
  // Guarded by mu_:
  size_t stream_at_ = 0;        // the batch the stream renders or sends next
  std::optional<size_t> done_;  // the batch in result_, until taken
  std::string result_;
  bool stop_ = false;

  std::thread thread_;  // last: starts once the rest is in place
};

// One streamed LIST: renders chunks until the client falls behind, then
// resumes when it has caught up. Pump runs on one thread at a time.
class ListStream : public std::enable_shared_from_this<ListStream> {
 public:
  ListStream(std::shared_ptr<net::Responder> out, ListBody body, std::vector<Record> items)
      : out_(std::move(out)),
        body_(std::move(body)),
        items_(std::move(items)),
        starts_(BatchStarts(items_)) {
    if (body_.render_in_parallel && starts_.size() > 1) {
      helper_ = std::make_unique<BatchHelper>(body_, items_, starts_);
    }
  }

  void Pump() {
    while (!out_->Closed()) {
      std::string chunk;
      chunk.reserve(kChunkBytes + kChunkBytes / 2);
      if (next_ == 0) chunk = std::move(body_.head);
      while (next_ < starts_.size() && chunk.size() < kChunkBytes) AppendBatch(chunk, next_++);
      if (next_ == starts_.size()) {
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
  void AppendBatch(std::string& chunk, size_t b) {
    if (helper_ && b % 2 == 1) {
      std::string rendered = helper_->Take(b);
      if (rendered.empty()) return;
      chunk.append(rendered, wrote_any_ ? 0 : 1);  // its first item's comma
      wrote_any_ = true;
      return;
    }
    if (helper_) helper_->Reached(b);
    wrote_any_ |=
        AppendItems(body_, chunk, items_, starts_[b], BatchEnd(starts_, items_, b), wrote_any_);
  }

  const std::shared_ptr<net::Responder> out_;
  ListBody body_;
  std::vector<Record> items_;
  const std::vector<size_t> starts_;
  size_t next_ = 0;  // the next batch to send
  bool wrote_any_ = false;
  std::unique_ptr<BatchHelper> helper_;  // last: stopped before the items it renders go
};

}  // namespace

void SendList(std::shared_ptr<net::Responder> out, ListBody body, std::vector<Record> items) {
  size_t stored = 0;
  for (const Record& item : items) stored += item.WholeSize();
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

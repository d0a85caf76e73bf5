// Hand-written protobuf encoding of the etcd messages that carry many values
// (RangeResponse, WatchResponse.events): written straight from the store's
// types into one buffer, sized first, with no message tree in between. A
// range of 10,000 values is then one allocation and one copy of each value,
// where building the messages copied every value twice and allocated per key.
//
// The bytes are exactly what protobuf writes for the same message (fields in
// number order, proto3 defaults left out); tests compare the two.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/protobuf/wire.h"
#include "etcdserverpb/rpc.pb.h"
#include "store/store.h"

namespace kubepp::etcdapi {

// Writes `event` as one entry of the repeated message field `field_number`
// (WatchResponse.events is 11): tag, length, then the mvccpb.Event.
void AppendEventEntry(int field_number, const store::Event& event, api::protobuf::WireWriter& out);

// The whole RangeResponse.
std::string EncodeRangeResponse(const etcdserverpb::ResponseHeader& header, const std::vector<store::KeyValue>& kvs,
                                bool more, int64_t count);

}  // namespace kubepp::etcdapi

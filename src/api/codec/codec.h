// Decoding request bodies (JSON, or YAML as sigs.k8s.io/yaml reads it) into
// JSON objects, and the byte-level handling of stored objects.
//
// Stored form: an object is stored as compact JSON whose first keys are
// apiVersion, kind and metadata, and whose metadata has no resourceVersion.
// The resourceVersion (the store's mod revision) is spliced into those bytes
// when the object is served, so LIST and WATCH never re-parse stored objects.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::api {

// The options of every JSON parse here: objects may nest as deep as upstream's decoder allows.
boost::json::parse_options JsonParseOptions();
// Parses JSON text. BadRequest with the parser's position on failure.
// `storage` holds the result (an arena for values that live briefly).
StatusOr<boost::json::value> ParseJson(std::string_view text,
                                       boost::json::storage_ptr storage = {});
// Storage for the values of one write request, freed all at once when its last value goes:
// allocating from it is a bump of a pointer, and a request's objects die without a free
// apiece (thousands of them for a big pod, on whatever thread drops it last).
boost::json::storage_ptr RequestArena();
// Parses one YAML document into JSON values (plain scalars resolved to
// null/bool/int/float as YAML 1.1 does in sigs.k8s.io/yaml; quoted ones stay strings).
StatusOr<boost::json::value> ParseYaml(std::string_view text);

// Whether every string and key in `v` is valid UTF-8 (JSON text must be; YAML
// and protobuf decoders do not check). BadRequest naming the problem otherwise.
Status CheckUtf8(const boost::json::value& v);
bool IsValidUtf8(std::string_view s);

// The stored bytes of an object: apiVersion, kind, metadata first; metadata
// without resourceVersion.
std::string EncodeForStorage(const boost::json::object& obj);
// Stored bytes with metadata.resourceVersion set to `rv`.
std::string WithResourceVersion(std::string_view stored, int64_t rv);
// The same, appended to `out` (a LIST body) without a temporary.
void AppendWithResourceVersion(std::string& out, std::string_view stored, int64_t rv);
// The stored text of a metadata object with resourceVersion `rv` put first.
void AppendMetadataWithResourceVersion(std::string& out, std::string_view metadata, int64_t rv);
// Parses stored bytes and sets metadata.resourceVersion.
StatusOr<boost::json::object> DecodeStored(std::string_view stored, int64_t rv,
                                           boost::json::storage_ptr storage = {});
// The same without metadata.managedFields, whose JSON text (a view into
// `stored`, "" when there is none) goes to `managed_fields`: for readers that
// pass it through untouched, it is not worth parsing.
StatusOr<boost::json::object> DecodeStoredApartFromManagedFields(std::string_view stored,
                                                                 int64_t rv,
                                                                 boost::json::storage_ptr storage,
                                                                 std::string_view* managed_fields);

}  // namespace kubepp::api

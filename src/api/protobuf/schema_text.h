// The protobuf schema table as text, one block per group of API packages.
// schema.cc parses all of them once; see schema.h for the notation.
#pragma once

namespace kubepp::api::protobuf {

extern const char kSchemaMeta[];
extern const char kSchemaCore[];
extern const char kSchemaApps[];
extern const char kSchemaOther[];

}  // namespace kubepp::api::protobuf

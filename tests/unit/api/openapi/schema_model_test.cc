#include "api/openapi/schema_model.h"

#include <gtest/gtest.h>

namespace kubepp::api::openapi {
namespace {

TEST(SchemaText, ParsesTypesFieldsAndAttributes) {
  auto parsed = ParseSchemaText(R"(
# a comment
type apps.Thing gvk=apps/v1/Thing gvk=/v1/Thing mt=atomic | A thing.
  name string ! | Its name.
  items []core.Container ps=merge pk=name lt=map lk=name,port
  labels {}string mt=atomic
  mode string enum=A,"",B
scalar intstr.IntOrString string int-or-string oneof=integer,string | Number or string.
)");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 2u);
  const TypeDef& t = (*parsed)[0];
  EXPECT_EQ(t.name, "io.k8s.api.apps.v1.Thing");
  EXPECT_EQ(t.description, "A thing.");
  EXPECT_EQ(t.map_type, "atomic");
  ASSERT_EQ(t.gvks.size(), 2u);
  EXPECT_EQ(t.gvks[1], (Gvk{"", "v1", "Thing"}));
  ASSERT_EQ(t.fields.size(), 4u);
  EXPECT_TRUE(t.fields[0].required);
  EXPECT_EQ(t.fields[0].description, "Its name.");
  EXPECT_EQ(t.fields[1].type, "[]io.k8s.api.core.v1.Container");
  EXPECT_EQ(t.fields[1].patch_strategy, "merge");
  EXPECT_EQ(t.fields[1].patch_merge_key, "name");
  EXPECT_EQ(t.fields[1].list_type, "map");
  EXPECT_EQ(t.fields[1].list_map_keys, (std::vector<std::string>{"name", "port"}));
  EXPECT_FALSE(t.fields[1].required);
  EXPECT_EQ(t.fields[2].type, "{}string");
  EXPECT_EQ(t.fields[3].enum_values, (std::vector<std::string>{"A", "", "B"}));
  const TypeDef& s = (*parsed)[1];
  EXPECT_TRUE(s.scalar);
  EXPECT_EQ(s.name, "io.k8s.apimachinery.pkg.util.intstr.IntOrString");
  EXPECT_EQ(s.scalar_format, "int-or-string");
  EXPECT_EQ(s.v3_one_of, (std::vector<std::string>{"integer", "string"}));
}

TEST(SchemaText, RejectsMalformedLinesWithTheirNumber) {
  auto a = ParseSchemaText("type core.X\n  name string bogus=1\n");
  ASSERT_FALSE(a.ok());
  EXPECT_TRUE(a.status().IsInvalid());
  EXPECT_NE(a.status().message().find("line 2"), std::string::npos) << a.status().message();
  EXPECT_FALSE(ParseSchemaText("  orphan string\n").ok());
  EXPECT_FALSE(ParseSchemaText("type core.X\n  name nodot\n").ok());
  EXPECT_FALSE(ParseSchemaText("struct core.X\n").ok());
  EXPECT_FALSE(ParseSchemaText("type core.X gvk=apps/v1\n").ok());
}

TEST(SchemaRegistry, BuiltInTextParsesAndEveryRefResolves) {
  const SchemaRegistry& reg = SchemaRegistry::Get();
  ASSERT_GT(reg.types().size(), 300u);
  for (const auto& t : reg.types()) {
    for (const auto& f : t.fields) {
      std::string_view ref = RefName(f.type);
      if (!ref.empty()) {
        EXPECT_NE(reg.Find(ref), nullptr) << t.name << "." << f.name << " -> " << ref;
      }
    }
  }
}

TEST(SchemaRegistry, FindsKindsAndClosure) {
  const SchemaRegistry& reg = SchemaRegistry::Get();
  const TypeDef* d = reg.FindKind("apps", "v1", "Deployment");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->name, "io.k8s.api.apps.v1.Deployment");
  EXPECT_EQ(reg.FindKind("apps", "v1", "Nope"), nullptr);
  auto closure = reg.Closure({d->name});
  auto has = [&](std::string_view n) {
    for (const auto* t : closure) {
      if (t->name == n) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("io.k8s.api.core.v1.Container"));
  EXPECT_TRUE(has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
  EXPECT_TRUE(has("io.k8s.apimachinery.pkg.util.intstr.IntOrString"));
  EXPECT_FALSE(has("io.k8s.api.core.v1.Service"));
}

}  // namespace
}  // namespace kubepp::api::openapi

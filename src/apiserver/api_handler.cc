#include "apiserver/api_handler.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "api/codec/codec.h"
#include "api/managedfields/conflicts.h"
#include "api/managedfields/managers.h"
#include "api/patch/go_format.h"
#include "api/patch/json_patch.h"
#include "api/patch/patch.h"
#include "api/patch/patch_schema.h"
#include "api/protobuf/protobuf.h"
#include "apiserver/admission/admission.h"
#include "apiserver/apply_patch.h"
#include "apiserver/authn/reviews.h"
#include "apiserver/authz/access_reviews.h"
#include "apiserver/eviction.h"
#include "apiserver/field_manager_name.h"
#include "apiserver/field_managers.h"
#include "apiserver/field_validation.h"
#include "apiserver/list_query.h"
#include "apiserver/list_stream.h"
#include "apiserver/object_meta.h"
#include "apiserver/pod_binding.h"
#include "apiserver/request_body.h"
#include "apiserver/response_form.h"
#include "apiserver/scale_subresource.h"
#include "apiserver/status_json.h"
#include "apiserver/table_writer.h"
#include "apiserver/token_request.h"
#include "apiserver/typed_decode.h"
#include "base/log.h"

namespace kubepp::apiserver {

using boost::json::object;

struct ApiHandler::Call {
  const RequestInfo& info;
  net::HttpRequest& req;
  std::shared_ptr<net::Responder> out;
  const api::ResourceInfo* r = nullptr;
  QueryParams query;
  bool table = false;
  IncludeObject include = IncludeObject::kMetadata;
  std::optional<ResponseForm> partial;  // only the objects' metadata was asked for

  std::string Param(std::string_view name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
  bool DryRun() const { return Param("dryRun") == "All"; }
  // Who the write is recorded as in metadata.managedFields.
  std::string Manager() const { return ManagerName(Param("fieldManager"), req.Header("user-agent")); }
};

namespace {

StatusDetails DetailsFor(const api::ResourceInfo* r, const Status& st, const std::string& name) {
  StatusDetails d;
  if (!r) return d;
  switch (st.reason()) {
    case Reason::kNotFound:
    case Reason::kAlreadyExists:
    case Reason::kConflict:
    case Reason::kForbidden:
      d.name = name;
      d.group = r->group;
      d.kind = r->resource;
      break;
    case Reason::kInvalid:
      // Upstream's errors about the request rather than an object (a patch that cannot apply)
      // name no kind; kubectl then says "The request is invalid".
      if (st.message().starts_with(" \"\" is invalid") ||
          st.message() == api::kJsonPatchRejectedMessage)
        break;
      d.name = name;
      d.group = r->group;
      d.kind = r->kind;
      break;
    default:
      break;
  }
  return d;
}

void RespondStatus(net::Responder& out, const Status& st, const api::ResourceInfo* r = nullptr,
                   const std::string& name = {}) {
  net::HttpResponse resp;
  resp.status = st.http_code();
  // Apply conflicts name no object, only their fields (upstream's NewApplyConflict).
  if (api::managedfields::IsApplyConflict(st)) r = nullptr;
  resp.body = StatusJson(st, DetailsFor(r, st, name));
  if (st.retry_after_seconds() > 0)
    resp.headers.emplace_back("Retry-After", std::to_string(st.retry_after_seconds()));
  out.Respond(std::move(resp));
}

// A 422 about the options names ListOptions.meta.k8s.io in its details, as upstream's does.
void RespondListQueryError(net::Responder& out, const Status& st) {
  RespondStatus(out, st, st.IsInvalid() ? &ListOptionsKind() : nullptr);
}

void RespondJson(net::Responder& out, int code, std::string body) {
  net::HttpResponse resp;
  resp.status = code;
  resp.body = std::move(body);
  out.Respond(std::move(resp));
}

// Decodes a create/update body into an object of the resource's kind.
StatusOr<object> DecodeBody(const ApiHandler& /*unused*/, const net::HttpRequest& req,
                            const api::ResourceInfo& r) {
  auto decoded = DecodeObjectBody(req, r.ApiVersion(), r.kind);
  if (!decoded.ok()) return decoded.status();
  object obj = std::move(*decoded);
  obj["apiVersion"] = r.ApiVersion();
  obj["kind"] = r.kind;
  if (auto bad = api::managedfields::ManagedFieldsShapeError(obj)) {
    return Status::BadRequest(r.kind + " in version \"" + r.version + "\" cannot be handled as a " + r.kind + ": " + *bad);
  }
  return obj;
}

std::string ObjectJson(const object& obj) { return boost::json::serialize(obj); }

// A body may leave its namespace out, but may not name another one than the URL.
Status CheckBodyNamespace(const api::ResourceInfo& r, const object& obj, const std::string& url_namespace) {
  if (!r.namespaced) return Status::Ok();
  std::string body_ns = MetaString(obj, "namespace");
  if (body_ns.empty() || body_ns == url_namespace) return Status::Ok();
  return Status::BadRequest("the namespace of the provided object does not match the namespace sent on the request");
}

// Applies the request's fieldValidation to a decoded body; the warnings to send.
StatusOr<std::shared_ptr<std::vector<std::string>>> ValidateFields(const api::ResourceInfo& r,
                                                                   const std::string& directive, object& obj) {
  auto mode = ParseFieldValidation(directive);
  if (!mode.ok()) return mode.status();
  if (Status typed = DecodeTyped(r, obj); !typed.ok()) return DecodeError(r, typed);
  auto warnings = PruneUnknownFields(r, *mode, obj);
  if (!warnings.ok()) return DecodeError(r, warnings.status());
  return std::make_shared<std::vector<std::string>>(std::move(*warnings));
}

// The subresources a node's kubelet answers.
bool IsKubeletSubresource(const api::ResourceInfo& r, const std::string& sub) {
  if (r.group != "") return false;
  if (r.resource == "pods") return sub == "log" || sub == "exec" || sub == "attach" || sub == "portforward";
  return r.resource == "nodes" && sub == "proxy";
}

}  // namespace

ApiHandler::ApiHandler(store::Store* store, const authn::ServiceAccountTokens* tokens)
    : registry_(store),
      component_statuses_(store),
      tokens_(tokens),
      authenticator_(tokens ? &tokens->authenticator() : nullptr),
      service_account_waiter_(store) {
  // Every stored resource's cache starts now, as upstream's cachers start
  // with the server: a LIST answered later has a resourceVersion the cache's
  // window holds, so the watch that follows it never gets 410 for a version
  // older than its cache.
  for (const auto& r : api::Catalog::Get().resources()) {
    if (!r.virtual_resource) CacheFor(r);
  }
}
ApiHandler::~ApiHandler() = default;

WatchCache& ApiHandler::CacheFor(const api::ResourceInfo& r) {
  std::string prefix = Registry::Prefix(r, "");
  std::lock_guard lock(caches_mu_);
  auto& cache = caches_[prefix];
  if (!cache) cache = std::make_unique<WatchCache>(registry_.store(), r, prefix);
  return *cache;
}

void ApiHandler::SendBookmarks() {
  std::lock_guard lock(caches_mu_);
  for (auto& [prefix, cache] : caches_) cache->SendBookmarks();
}

size_t ApiHandler::open_watches() const {
  std::lock_guard lock(caches_mu_);
  size_t n = 0;
  for (auto& [prefix, cache] : caches_) n += cache->watcher_count();
  return n;
}

void ApiHandler::Handle(const RequestInfo& info, const authn::UserInfo& user, net::HttpRequest& req,
                        std::shared_ptr<net::Responder> out) {
  Call c{info, req, out};
  c.query = ParseQuery(req.query);
  const auto& catalog = api::Catalog::Get();
  c.r = catalog.Find(info.group, info.version, info.resource);
  if (!c.r) {
    return RespondStatus(*out, Status::NotFound("the server could not find the requested resource"));
  }
  if (IsKubeletSubresource(*c.r, info.subresource)) {
    // Answered by the kubelet, in whatever media type it answers.
    if (c.r->namespaced && info.namespace_name.empty()) {
      return RespondStatus(*out, Status::NotFound("the server could not find the requested resource"));
    }
    if (!kubelet_proxy_) {
      return RespondStatus(*out, Status::ServiceUnavailable("the apiserver has no connection to kubelets"));
    }
    if (info.subresource == "log") return kubelet_proxy_->PodLog(registry_, info, req, out);
    if (info.subresource == "proxy") return kubelet_proxy_->NodeProxy(registry_, info, req, out);
    return kubelet_proxy_->PodStream(registry_, info, req, out);
  }
  auto form = NegotiateForm(req.Header("accept"));
  if (!form) {
    return RespondStatus(*out, Status::NotAcceptable(
                                   "only the following media types are accepted: application/json, "
                                   "application/yaml, application/vnd.kubernetes.protobuf"));
  }
  c.table = form->kind == ResponseForm::Kind::kTable;
  if (form->kind == ResponseForm::Kind::kPartialMetadata) c.partial = *form;
  c.include = ParseIncludeObject(c.Param("includeObject"));
  // Writes, subresources (eviction, binding, ...) included, know one dry run, All: an unknown
  // one must not write for real.
  if (auto dry = c.query.find("dryRun"); dry != c.query.end() && dry->second != "All") {
    const char* options_kind = info.verb == "create"   ? "CreateOptions"
                               : info.verb == "update" ? "UpdateOptions"
                               : info.verb == "patch"  ? "PatchOptions"
                               : info.verb == "delete" || info.verb == "deletecollection"
                                   ? "DeleteOptions"
                                   : nullptr;
    if (options_kind != nullptr) {
      return RespondStatus(
          *out, InvalidOptions(options_kind, "dryRun", "FieldValueNotSupported",
                               "supported values: \"All\"", "[]string{\"" + dry->second + "\"}"));
    }
  }
  if (c.r->namespaced && info.namespace_name.empty() && info.verb != "list" && info.verb != "watch" &&
      info.verb != "deletecollection" && !(info.verb == "create" && false)) {
    // Namespaced objects are addressed inside a namespace.
    return RespondStatus(*out, Status::NotFound("the server could not find the requested resource"));
  }
  if (!info.subresource.empty()) {
    const auto& subs = c.r->subresources;
    if (std::find(subs.begin(), subs.end(), info.subresource) == subs.end()) {
      return RespondStatus(*out, Status::NotFound("the server could not find the requested resource"));
    }
    if (info.subresource == "scale") return Scale(c);
    if (info.subresource == "binding") {
      if (info.verb != "create") {
        return RespondStatus(
            *out, Status::MethodNotAllowed(
                      "the server does not allow this method on the requested resource"));
      }
      return HandleBinding(registry_, *c.r, info.namespace_name, info.name, c.DryRun(), req, out);
    }
    if (info.subresource == "finalize") return Finalize(c);
    if (info.subresource == "eviction") return HandleEviction(registry_, info, req, out);
    if (info.subresource == "token" && c.r->group.empty() && c.r->resource == "serviceaccounts") {
      if (tokens_ == nullptr) {
        return RespondStatus(*out, Status::ServiceUnavailable("service account tokens are not configured"));
      }
      return HandleTokenRequest(registry_, *tokens_, info, req, out);
    }
    if (info.subresource != "status") {
      return RespondStatus(*out, Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
    }
  }
  const auto& verbs = c.r->verbs;
  if (std::find(verbs.begin(), verbs.end(), info.verb) == verbs.end() && info.subresource.empty()) {
    return RespondStatus(*out, Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
  }
  // The older way to bind a pod: a Binding posted to the namespace's bindings, naming the pod.
  if (c.r->group.empty() && c.r->resource == "bindings") {
    return HandleBinding(registry_, *catalog.Find("", "v1", "pods"), info.namespace_name, "",
                         c.DryRun(), req, out);
  }
  if (c.r->group == "authentication.k8s.io" && info.verb == "create") {
    if (c.r->resource == "tokenreviews") return authn::HandleTokenReview(authenticator_, req, out);
    if (c.r->resource == "selfsubjectreviews") return authn::HandleSelfSubjectReview(user, req, out);
  }
  // A collection is created in, listed, watched and deleted, never replaced or patched.
  if ((info.verb == "update" || info.verb == "patch") && info.name.empty()) {
    return RespondStatus(*out,
                         Status::MethodNotAllowed(
                             "the server does not allow this method on the requested resource"));
  }
  if (info.verb == "create" && authz::IsAccessReview(*c.r)) {
    return authz::HandleAccessReview(*c.r, info.namespace_name, req, out);
  }
  if (c.r->group.empty() && c.r->resource == "componentstatuses") return ComponentStatusesRead(c);
  if (info.verb == "get") return Get(c);
  if (info.verb == "list") return List(c);
  if (info.verb == "watch") return Watch(c);
  if (info.verb == "create") return Create(c);
  if (info.verb == "update") return Update(c);
  if (info.verb == "patch") return Patch(c);
  if (info.verb == "delete") return Delete(c);
  if (info.verb == "deletecollection") return DeleteCollection(c);
  RespondStatus(*out, Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
}

void ApiHandler::SetComponentHealth(const std::string& name, HealthCheck check) {
  component_statuses_.SetInProcess(name, std::move(check));
}

void ApiHandler::ComponentStatusesRead(Call& c) {
  auto query = ReadListQuery(c.query, *c.r, "", /*watch=*/false);
  if (!query.ok()) return RespondListQueryError(*c.out, query.status());
  ComponentStatuses::Request request;
  request.name = c.info.name;
  request.query = std::move(*query);
  request.table = c.table;
  request.table_options.include = c.include;
  component_statuses_.Handle(*c.r, std::move(request), c.out);
}

void ApiHandler::Get(Call& c) {
  int64_t revision = 0;
  std::string rv = c.Param("resourceVersion");
  if (!rv.empty() && rv != "0") {
    auto parsed = ParseQueryInt("resourceVersion", rv);
    if (!parsed.ok()) return RespondStatus(*c.out, parsed.status());
    if (int64_t current = registry_.store()->CurrentRevision(); *parsed > current) {
      return RespondStatus(*c.out, TooLargeResourceVersion(*parsed, current));
    }
  }
  auto obj = registry_.Get(*c.r, c.info.namespace_name, c.info.name, revision);
  if (!obj.ok()) return RespondStatus(*c.out, obj.status(), c.r, c.info.name);
  if (c.table) {
    TableOptions options;
    options.include = c.include;
    options.resource_version = MetaString(*obj, "resourceVersion");
    return RespondJson(*c.out, 200, TableJson(*c.r, {&*obj}, options));
  }
  if (c.partial) {
    if (c.partial->list) {
      return RespondStatus(*c.out,
                           Status::NotAcceptable("you requested PartialObjectMetadataList, but the "
                                                 "requested object is not a list"));
    }
    return RespondJson(*c.out, 200, PartialObjectMetadataJson(*obj, c.partial->version));
  }
  RespondJson(*c.out, 200, ObjectJson(*obj));
}

// A list's metadata: {"resourceVersion":"7","continue":"...","remainingItemCount":3}.
std::string ListMetaJson(const ListResult& result) {
  std::string out = "{\"resourceVersion\":\"" + std::to_string(result.revision) + "\"";
  if (!result.continue_token.empty()) out += ",\"continue\":\"" + result.continue_token + "\"";
  if (result.remaining_item_count)
    out += ",\"remainingItemCount\":" + std::to_string(*result.remaining_item_count);
  return out + "}";
}

void ApiHandler::List(Call& c) {
  if (c.partial && !c.partial->list) {
    return RespondStatus(
        *c.out, Status::NotAcceptable("you requested PartialObjectMetadata, but the requested "
                                      "object is a list"));
  }
  auto query = ReadListQuery(c.query, *c.r, c.info.namespace_name, /*watch=*/false);
  if (!query.ok()) return RespondListQueryError(*c.out, query.status());
  ListOptions* options = &query->options;
  if (!options->continue_token.empty() && !options->resource_version.empty() &&
      options->resource_version != "0") {
    return RespondStatus(
        *c.out,
        Status::BadRequest("specifying resource version is not allowed when using continue"));
  }
  options->keep_compressed = true;  // each item is decompressed where it is rendered
  auto result = registry_.List(*c.r, *options);
  if (!result.ok() && result.status().reason() == Reason::kExpired &&
      !options->continue_token.empty()) {
    // As upstream: a token for the rest of the list as it is now comes with the 410.
    net::HttpResponse resp;
    resp.status = 410;
    resp.body = StatusJson(result.status(), {}, ContinueAtLatest(options->continue_token));
    return c.out->Respond(std::move(resp));
  }
  if (!result.ok()) return RespondStatus(*c.out, result.status(), c.r);
  ListBody body;
  if (c.table) {
    TableOptions t;
    t.include = c.include;
    t.resource_version = std::to_string(result->revision);
    t.continue_token = result->continue_token;
    if (result->remaining_item_count) t.remaining_item_count = *result->remaining_item_count;
    auto table = std::make_shared<const TableBuilder>(*c.r, std::move(t));
    body.head = table->Head();
    body.tail = std::string(TableBuilder::kTableTail);
    body.render = [table](std::string& out, const Record& item) {
      thread_local std::string scratch;
      table->AppendStoredRow(out, item.Whole(&scratch), item.revision);
    };
    body.render_in_parallel = true;
  } else if (c.partial) {
    body.head = "{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/" +
                c.partial->version + "\",\"metadata\":" + ListMetaJson(*result) + ",\"items\":[";
    body.tail = "]}";
    body.render = [version = c.partial->version](std::string& out, const Record& item) {
      thread_local std::string scratch;
      auto obj = api::DecodeStored(item.Whole(&scratch), item.revision);
      if (obj.ok()) out += PartialObjectMetadataJson(*obj, version);
    };
  } else {
    body.head = "{\"kind\":\"" + c.r->kind + "List\",\"apiVersion\":\"" + c.r->ApiVersion() +
                "\",\"metadata\":" + ListMetaJson(*result) + ",\"items\":[";
    body.tail = "]}";
    body.render = [](std::string& out, const Record& item) {
      thread_local std::string scratch;
      api::AppendWithResourceVersion(out, item.Whole(&scratch), item.revision);
    };
  }
  SendList(c.out, std::move(body), std::move(result->items));
}

void ApiHandler::Watch(Call& c) {
  auto query = ReadListQuery(c.query, *c.r, c.info.namespace_name, /*watch=*/true);
  if (!query.ok()) return RespondListQueryError(*c.out, query.status());
  const ListOptions* options = &query->options;
  WatchParams params;
  params.namespace_name = options->namespace_name;
  params.label_selector = options->label_selector;
  params.field_selector = options->field_selector;
  params.resource_version = options->resource_version;
  if (!params.resource_version.empty() && params.resource_version != "0") {
    auto n = ParseQueryInt("resourceVersion", params.resource_version);
    if (!n.ok()) return RespondStatus(*c.out, n.status());
    // A streaming list starts from the store's state, at least as new as asked for.
    if (int64_t current = registry_.store()->CurrentRevision();
        query->send_initial_events.value_or(false) && *n > current) {
      return RespondStatus(*c.out, TooLargeResourceVersion(*n, current));
    }
  }
  params.send_initial_events = query->send_initial_events.value_or(false);
  params.allow_bookmarks = query->allow_bookmarks;
  params.table = c.table;
  if (c.partial) {
    if (c.partial->list) {
      return RespondStatus(*c.out,
                           Status::NotAcceptable("you requested PartialObjectMetadataList, but the "
                                                 "requested object is not a list"));
    }
    params.partial_metadata_version = c.partial->version;
  }
  params.include_object = static_cast<int>(c.include);
  if (!c.info.name.empty()) params.name = c.info.name;
  int64_t timeout_seconds = 0;
  if (auto t = c.Param("timeoutSeconds"); !t.empty()) {
    auto n = ParseQueryInt("timeoutSeconds", t);
    if (!n.ok()) return RespondStatus(*c.out, n.status());
    timeout_seconds = *n;
  }
  if (timeout_seconds <= 0) {
    // Upstream spreads watch lifetimes over [30m, 60m) so reconnects do not bunch up.
    timeout_seconds = 1800 + static_cast<int64_t>(std::hash<std::string>{}(NewUid()) % 1800);
  }
  c.out->StartStream(200, c.table ? "application/json;as=Table;v=v1;g=meta.k8s.io" : "application/json");
  c.out->EndAfter(std::chrono::seconds(timeout_seconds));
  CacheFor(*c.r).AddWatcher(*c.r, std::move(params), c.out);
}

namespace {

// Sends a write's outcome as upstream does for `verb`.
using Warnings = std::shared_ptr<std::vector<std::string>>;

WriteDone Reply(std::shared_ptr<net::Responder> out, const api::ResourceInfo* r, std::string name, int ok_code,
                Warnings warnings = nullptr) {
  return [out, r, name = std::move(name), ok_code, warnings](StatusOr<WriteResult> result) {
    if (!result.ok()) return RespondStatus(*out, result.status(), r, name);
    net::HttpResponse resp;
    resp.status = result->created ? 201 : ok_code;
    resp.body = result->stored.empty() ? ObjectJson(result->object)
                                       : api::WithResourceVersion(result->stored, result->revision);
    if (warnings) {
      for (const auto& w : *warnings) resp.headers.emplace_back("Warning", WarningHeader(w));
    }
    out->Respond(std::move(resp));
  };
}

}  // namespace

void ApiHandler::Create(Call& c) {
  if (!c.info.name.empty()) {
    return RespondStatus(*c.out, Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
  }
  auto obj = DecodeBody(*this, c.req, *c.r);
  if (!obj.ok()) return RespondStatus(*c.out, obj.status(), c.r);
  Status st = CheckBodyNamespace(*c.r, *obj, c.info.namespace_name);
  if (!st.ok()) return RespondStatus(*c.out, st);
  if (c.r->namespaced) SetMetaString(*obj, "namespace", c.info.namespace_name);
  auto warnings = ValidateFields(*c.r, c.Param("fieldValidation"), *obj);
  if (!warnings.ok()) return RespondStatus(*c.out, warnings.status());
  if (Status st = ValidateFieldManagerParam(c.Param("fieldManager"), "CreateOptions"); !st.ok()) {
    return RespondStatus(*c.out, st);
  }
  WriteOptions options;
  options.dry_run = c.DryRun();
  options.field_manager = c.Manager();
  std::string name = MetaString(*obj, "name");
  CreateObject(*c.r, std::move(*obj), options, Reply(c.out, c.r, name, 201, *warnings));
}

void ApiHandler::CreateObject(const api::ResourceInfo& r, object obj, const WriteOptions& options, WriteDone done) {
  if (r.group.empty() && r.resource == "pods") {
    // ServiceAccount admission waits a little for a namespace's "default" ServiceAccount.
    auto pod = std::make_shared<object>(std::move(obj));
    std::string ns = MetaString(*pod, "namespace");
    std::string account = admission::ServiceAccountNameOf(*pod);
    const api::ResourceInfo* rp = &r;
    if (account.empty()) return registry_.Create(r, std::move(*pod), options, std::move(done));
    return service_account_waiter_.WhenExists(ns, account, [this, rp, pod, options, done]() mutable {
      registry_.Create(*rp, std::move(*pod), options, std::move(done));
    });
  }
  registry_.Create(r, std::move(obj), options, std::move(done));
}

void ApiHandler::Update(Call& c) {
  auto obj = DecodeBody(*this, c.req, *c.r);
  if (!obj.ok()) return RespondStatus(*c.out, obj.status(), c.r, c.info.name);
  Status st = CheckBodyNamespace(*c.r, *obj, c.info.namespace_name);
  if (!st.ok()) return RespondStatus(*c.out, st);
  std::string body_name = MetaString(*obj, "name");
  if (!body_name.empty() && body_name != c.info.name) {
    return RespondStatus(*c.out, Status::BadRequest("the name of the object (" + body_name +
                                                    ") does not match the name on the URL (" + c.info.name + ")"));
  }
  auto warnings = ValidateFields(*c.r, c.Param("fieldValidation"), *obj);
  if (!warnings.ok()) return RespondStatus(*c.out, warnings.status());
  if (Status st = ValidateFieldManagerParam(c.Param("fieldManager"), "UpdateOptions"); !st.ok()) {
    return RespondStatus(*c.out, st);
  }
  WriteOptions options;
  options.dry_run = c.DryRun();
  options.field_manager = c.Manager();
  auto shared = std::make_shared<object>(std::move(*obj));
  registry_.Update(*c.r, c.info.namespace_name, c.info.name, c.info.subresource,
                   [shared](const object&) -> StatusOr<object> { return *shared; }, options,
                   Reply(c.out, c.r, c.info.name, 200, *warnings));
}

// PUT namespaces/{name}/finalize: the namespace controller's way to drop its
// "kubernetes" token. Only spec.finalizers is taken from the body; a
// namespace being deleted whose spec.finalizers (and metadata.finalizers)
// are then empty is removed by the registry.
void ApiHandler::Finalize(Call& c) {
  if (c.info.verb != "update") {
    return RespondStatus(*c.out, Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
  }
  auto obj = DecodeBody(*this, c.req, *c.r);
  if (!obj.ok()) return RespondStatus(*c.out, obj.status(), c.r, c.info.name);
  std::string body_name = MetaString(*obj, "name");
  if (!body_name.empty() && body_name != c.info.name) {
    return RespondStatus(*c.out, Status::BadRequest("the name of the object (" + body_name +
                                                    ") does not match the name on the URL (" + c.info.name + ")"));
  }
  boost::json::value finalizers = boost::json::array();
  if (const auto* spec = obj->if_contains("spec"); spec && spec->is_object()) {
    if (const auto* f = spec->get_object().if_contains("finalizers")) finalizers = *f;
  }
  std::string pinned = MetaString(*obj, "resourceVersion");
  WriteOptions options;
  options.dry_run = c.DryRun();
  options.field_manager = c.Manager();
  registry_.Update(*c.r, "", c.info.name, c.info.subresource,
                   [finalizers, pinned](const object& current) -> StatusOr<object> {
                     object next = current;
                     auto& meta = next["metadata"];
                     if (meta.is_object()) {
                       if (pinned.empty()) {
                         meta.as_object().erase("resourceVersion");
                       } else {
                         meta.as_object()["resourceVersion"] = pinned;
                       }
                     }
                     auto& spec = next["spec"];
                     if (!spec.is_object()) spec = object();
                     spec.as_object()["finalizers"] = finalizers;
                     return next;
                   },
                   options, Reply(c.out, c.r, c.info.name, 200));
}

namespace {

enum class PatchType { kJson, kMerge, kStrategic, kApply };

StatusOr<PatchType> PatchTypeOf(const net::HttpRequest& req) {
  std::string mt = MediaType(req.Header("content-type"));
  if (mt == "application/json-patch+json") return PatchType::kJson;
  if (mt == "application/merge-patch+json") return PatchType::kMerge;
  if (mt == "application/strategic-merge-patch+json") return PatchType::kStrategic;
  if (mt == "application/apply-patch+yaml") return PatchType::kApply;
  return Status::UnsupportedMediaType(
      "the body of the request was in an unknown format - accepted media types include: "
      "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
      "application/strategic-merge-patch+json");
}

// Whether a JSON patch sets metadata.resourceVersion (or replaces what holds it).
bool JsonPatchWritesResourceVersion(const boost::json::value& patch) {
  if (!patch.is_array()) return false;
  for (const auto& op : patch.get_array()) {
    if (!op.is_object()) continue;
    const auto* kind = op.get_object().if_contains("op");
    const auto* path = op.get_object().if_contains("path");
    if (!kind || !path || !kind->is_string() || !path->is_string() || kind->get_string() == "test") continue;
    std::string_view p = path->get_string();
    if (p.empty() || p == "/metadata" || p == "/metadata/resourceVersion") return true;
  }
  return false;
}

// Applies a patch to the current object; only a resourceVersion the patch
// itself sets pins the write.
Mutation PatchMutation(PatchType type, std::shared_ptr<boost::json::value> patch, const api::ResourceInfo* r,
                       FieldValidation mode, Warnings warnings) {
  return [type, patch, r, mode, warnings](const object& current) -> StatusOr<object> {
    boost::json::value doc = current;
    // A JSON patch may test the resourceVersion it read (kubectl's move of
    // client-side apply fields to server-side apply does), so it sees it; the
    // other patch types pin the write only when they set one themselves.
    const std::string read_rv = MetaString(current, "resourceVersion");
    if (type != PatchType::kJson) doc.as_object()["metadata"].as_object().erase("resourceVersion");
    StatusOr<boost::json::value> patched = Status::Internal("");
    switch (type) {
      case PatchType::kJson:
        patched = api::ApplyJsonPatch(doc, *patch);
        break;
      case PatchType::kMerge:
        patched = api::ApplyMergePatch(doc, *patch);
        break;
      case PatchType::kStrategic:
        patched = api::ApplyStrategicMergePatch(doc, *patch, r->ApiVersion(), r->kind);
        break;
      case PatchType::kApply:
        return Status::Internal("apply patches are not applied as patches");
    }
    if (!patched.ok()) return patched.status();
    if (!patched->is_object()) return Status::BadRequest("the patched object is not a JSON object");
    object next = std::move(patched->as_object());
    if (type == PatchType::kJson && !JsonPatchWritesResourceVersion(*patch) &&
        MetaString(next, "resourceVersion") == read_rv) {
      EraseMeta(next, "resourceVersion");
    }
    if (auto bad = api::managedfields::ManagedFieldsShapeError(next)) {
      return Status::Invalid(" \"\" is invalid: patch: Invalid value: \"" + boost::json::serialize(next) + "\": " + *bad,
                             {{"FieldValueInvalid", "Invalid value: \"" + boost::json::serialize(next) + "\": " + *bad, "patch"}});
    }
    next["apiVersion"] = r->ApiVersion();
    next["kind"] = r->kind;
    if (!next["metadata"].is_object()) next["metadata"] = object();
    // A patched object that does not decode is refused as upstream refuses it: naming the
    // strategic merge patch as Go prints it, or the JSON of the object another patch made.
    auto invalid_patch = [&](const std::string& why) {
      std::string value = type == PatchType::kStrategic ? api::patch_internal::GoValue(*patch)
                                                        : boost::json::serialize(next);
      std::string bad = "Invalid value: \"" + value + "\": " + why;
      return Status::Invalid(" \"\" is invalid: patch: " + bad,
                             {{"FieldValueInvalid", bad, "patch"}});
    };
    if (Status typed = DecodeTyped(*r, next); !typed.ok()) return invalid_patch(typed.message());
    auto found = PruneUnknownFields(*r, mode, next);
    if (!found.ok()) return invalid_patch(found.status().message());
    *warnings = std::move(*found);
    return next;
  };
}

}  // namespace

void ApiHandler::Patch(Call& c) {
  auto type = PatchTypeOf(c.req);
  if (!type.ok()) return RespondStatus(*c.out, type.status());
  if (*type == PatchType::kApply) return Apply(c);
  if (c.query.contains("force")) {
    return RespondStatus(*c.out, InvalidOptions("PatchOptions", "force", "FieldValueForbidden",
                                                "may not be specified for non-apply patch"));
  }
  if (Status st = ValidateFieldManagerParam(c.Param("fieldManager"), "PatchOptions"); !st.ok()) {
    return RespondStatus(*c.out, st);
  }
  if (*type == PatchType::kStrategic && !api::HasStrategicMergeSchema(c.r->ApiVersion(), c.r->kind)) {
    return RespondStatus(*c.out, Status::UnsupportedMediaType(
                                     "strategic merge patch is not supported for " + c.r->ApiVersion() + ", Kind=" + c.r->kind));
  }
  auto patch = api::ParseJson(c.req.body);
  if (!patch.ok()) return RespondStatus(*c.out, Status::BadRequest("error decoding patch: " + patch.status().message()));
  if (*type != PatchType::kJson && !patch->is_object()) {
    return RespondStatus(*c.out, Status::BadRequest("error decoding patch: json: cannot unmarshal into Go value of type map[string]interface {}"));
  }
  auto mode = ParseFieldValidation(c.Param("fieldValidation"));
  if (!mode.ok()) return RespondStatus(*c.out, mode.status());
  WriteOptions options;
  options.dry_run = c.DryRun();
  options.field_manager = c.Manager();
  auto shared = std::make_shared<boost::json::value>(std::move(*patch));
  auto warnings = std::make_shared<std::vector<std::string>>();
  registry_.Update(*c.r, c.info.namespace_name, c.info.name, c.info.subresource,
                   PatchMutation(*type, shared, c.r, *mode, warnings), options,
                   Reply(c.out, c.r, c.info.name, 200, warnings));
}

namespace {

// strconv.ParseBool, which decodes boolean query parameters upstream.
StatusOr<bool> ParseBoolParam(const std::string& v) {
  if (v == "1" || v == "t" || v == "T" || v == "TRUE" || v == "true" || v == "True") return true;
  if (v == "0" || v == "f" || v == "F" || v == "FALSE" || v == "false" || v == "False") return false;
  return Status::BadRequest("strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
}

}  // namespace

// What a server-side apply request asks, from its parameters and body.
struct ApiHandler::ApplyRequest {
  std::string manager;
  bool force = false;
  std::shared_ptr<const ApplyBody> body;
  bool strict = false;  // fieldValidation=Strict with repeated keys: refused after the merge
  std::shared_ptr<std::vector<std::string>> warnings;
};

StatusOr<ApiHandler::ApplyRequest> ApiHandler::ParseApply(Call& c) {
  ApplyRequest a;
  a.manager = c.Param("fieldManager");
  if (a.manager.empty()) {
    return InvalidOptions("PatchOptions", "fieldManager", "FieldValueRequired", "is required for apply patch");
  }
  if (Status st = ValidateFieldManagerParam(a.manager, "PatchOptions"); !st.ok()) return st;
  if (c.query.contains("force")) {
    auto parsed = ParseBoolParam(c.Param("force"));
    if (!parsed.ok()) return parsed.status();
    a.force = *parsed;
  }
  auto mode = ParseFieldValidation(c.Param("fieldValidation"));
  if (!mode.ok()) return mode.status();
  auto decoded = DecodeApplyBody(c.req.body);
  if (!decoded.ok()) return decoded.status();
  a.body = std::make_shared<const ApplyBody>(std::move(*decoded));
  a.strict = *mode == FieldValidation::kStrict && !a.body->duplicate_keys.empty();
  a.warnings = std::make_shared<std::vector<std::string>>();
  if (*mode == FieldValidation::kWarn) *a.warnings = a.body->duplicate_keys;
  return a;
}

void ApiHandler::Apply(Call& c) {
  const auto* fm = FieldManagerFor(*c.r, c.info.subresource);
  auto request = ParseApply(c);
  if (!request.ok()) return RespondStatus(*c.out, request.status());
  if (!fm) {
    return RespondStatus(*c.out, Status::UnsupportedMediaType("server-side apply is not supported for " +
                                                              c.r->ApiVersion() + ", Kind=" + c.r->kind));
  }
  const std::string manager = request->manager;
  const bool force = request->force;
  const bool strict = request->strict;
  auto body = request->body;
  auto warnings = request->warnings;

  WriteOptions options;  // the apply records its own managedFields
  options.dry_run = c.DryRun();
  const api::ResourceInfo* r = c.r;
  const std::string ns = c.info.namespace_name;
  const std::string name = c.info.name;
  const std::string subresource = c.info.subresource;
  auto out = c.out;
  auto reply = Reply(out, r, name, 200, warnings);

  // The object as it will be applied over `live` (nullptr: it is created).
  auto applied = [fm, body, manager, force, strict, name, ns,
                  r](const object* live) -> StatusOr<object> {
    auto result = fm->Apply(live, body->config, manager, force);
    if (!result.ok()) return result.status();
    if (strict) return StrictDuplicateKeysError(body->duplicate_keys);
    if (Status st = CheckAppliedName(*result, name, ns); !st.ok()) return st;
    // Stored as every other write stores it: Quantities canonical (the field manager has
    // already refused values of the wrong type, in its own words).
    if (Status typed = DecodeTyped(*r, *result); !typed.ok()) return DecodeError(*r, typed);
    return result;
  };
  // Upstream retries when someone created the object at the same time. The
  // callbacks in flight own `run`; it holds itself only weakly.
  using Run = std::function<void(int)>;
  auto run = std::make_shared<Run>();
  std::weak_ptr<Run> weak_run = run;
  *run = [this, r, ns, name, subresource, options, applied, reply, weak_run](int attempt) {
    std::shared_ptr<Run> self = weak_run.lock();
    Mutation mutate = [applied](const object& current) { return applied(&current); };
    registry_.Update(
        *r, ns, name, subresource, std::move(mutate), options,
        [this, r, ns, name, subresource, options, applied, reply, self, attempt](StatusOr<WriteResult> result) {
          // Only the object itself is ever created, never through a subresource.
          if (result.ok() || !result.status().IsNotFound() || !subresource.empty()) return reply(std::move(result));
          auto created = applied(nullptr);
          if (!created.ok()) return reply(created.status());
          if (std::string uid = MetaString(*created, "uid"); !uid.empty()) {
            return reply(Status::Conflict("Operation cannot be fulfilled on " + QualifiedResource(*r) + " \"" + name +
                                          "\": uid mismatch: the provided object specified uid " + uid +
                                          ", and no existing object was found"));
          }
          if (r->namespaced) SetMetaString(*created, "namespace", ns);
          CreateObject(*r, std::move(*created), options, [reply, self, attempt](StatusOr<WriteResult> made) {
            if (!made.ok() && made.status().IsAlreadyExists() && attempt == 0 && self) return (*self)(attempt + 1);
            reply(std::move(made));
          });
        });
  };
  (*run)(0);
}

namespace {

StatusOr<DeleteOptions> DeleteOptionsFrom(const net::HttpRequest& req, const QueryParams& q) {
  DeleteOptions options;
  auto get = [&](std::string_view k) {
    auto it = q.find(k);
    return it == q.end() ? std::string() : it->second;
  };
  if (!req.body.empty()) {
    auto body = ParseRequestBody(req);
    if (!body.ok() || !body->is_object()) {
      return Status::BadRequest("the body of the request was in an unknown format - accepted media types include: application/json");
    }
    const auto& o = body->as_object();
    if (auto it = o.find("gracePeriodSeconds"); it != o.end() && it->value().is_int64()) {
      options.grace_period_seconds = it->value().as_int64();
    }
    if (auto it = o.find("propagationPolicy"); it != o.end() && it->value().is_string()) {
      options.propagation_policy = std::string(it->value().as_string());
    }
    if (auto it = o.find("orphanDependents"); it != o.end() && it->value().is_bool()) {
      options.propagation_policy = it->value().as_bool() ? "Orphan" : "Background";
    }
    if (auto it = o.find("dryRun"); it != o.end() && it->value().is_array()) {
      bool refused = false;  // a value other than "All": nothing may be deleted for real
      for (const auto& v : it->value().as_array()) {
        if (v.is_string() && v.as_string() == "All") {
          options.dry_run = true;
        } else {
          refused = true;
        }
      }
      if (refused) {
        std::string list = "[]string{";  // as Go's %#v prints the list
        for (size_t i = 0; i < it->value().as_array().size(); ++i) {
          const auto& v = it->value().as_array()[i];
          list += (i ? ", \"" : "\"") + std::string(v.is_string() ? v.as_string() : "") + "\"";
        }
        return InvalidOptions("DeleteOptions", "dryRun", "FieldValueNotSupported",
                              "supported values: \"All\"", list + "}");
      }
    }
    if (auto it = o.find("preconditions"); it != o.end() && it->value().is_object()) {
      const auto& p = it->value().as_object();
      if (auto u = p.find("uid"); u != p.end() && u->value().is_string()) {
        options.precondition_uid = std::string(u->value().as_string());
      }
      if (auto v = p.find("resourceVersion"); v != p.end() && v->value().is_string()) {
        options.precondition_resource_version = std::string(v->value().as_string());
      }
    }
  }
  if (auto g = get("gracePeriodSeconds"); !g.empty()) {
    auto n = ParseQueryInt("gracePeriodSeconds", g);
    if (!n.ok()) return n.status();
    options.grace_period_seconds = *n;
  }
  if (auto p = get("propagationPolicy"); !p.empty()) options.propagation_policy = p;
  // The deprecated spelling of Orphan / Background.
  if (auto o = get("orphanDependents"); !o.empty() && get("propagationPolicy").empty()) {
    options.propagation_policy = IsTrue(o) ? "Orphan" : "Background";
  }
  if (get("dryRun") == "All") options.dry_run = true;
  const auto& pp = options.propagation_policy;
  if (!pp.empty() && pp != "Orphan" && pp != "Background" && pp != "Foreground") {
    return Status::Invalid("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"" + pp +
                               "\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"",
                           {{"FieldValueNotSupported", "Unsupported value: \"" + pp + "\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"", "propagationPolicy"}});
  }
  if (options.grace_period_seconds && *options.grace_period_seconds < 0) options.grace_period_seconds = 1;
  return options;
}

}  // namespace

void ApiHandler::Delete(Call& c) {
  auto options = DeleteOptionsFrom(c.req, c.query);
  if (!options.ok()) return RespondStatus(*c.out, options.status());
  if (Status admitted = admission::AdmitDelete(*c.r, c.info.name); !admitted.ok()) {
    return RespondStatus(*c.out, admitted, c.r, c.info.name);
  }
  auto out = c.out;
  const api::ResourceInfo* r = c.r;
  std::string name = c.info.name;
  registry_.Delete(*c.r, c.info.namespace_name, c.info.name, *options,
                   [out, r, name](StatusOr<WriteResult> result) {
                     if (!result.ok()) return RespondStatus(*out, result.status(), r, name);
                     if (!result->deleted) return RespondJson(*out, 202, ObjectJson(result->object));
                     if (r->resource == "pods" && r->group.empty()) {
                       return RespondJson(*out, 200, ObjectJson(result->object));
                     }
                     StatusDetails d;
                     d.name = name;
                     d.group = r->group;
                     d.kind = r->resource;
                     d.uid = MetaString(result->object, "uid");
                     RespondJson(*out, 200, SuccessStatusJson(d));
                   });
}

void ApiHandler::DeleteCollection(Call& c) {
  auto list_query = ReadListQuery(c.query, *c.r, c.info.namespace_name, /*watch=*/false);
  if (!list_query.ok()) return RespondListQueryError(*c.out, list_query.status());
  ListOptions* list_options = &list_query->options;
  auto options = DeleteOptionsFrom(c.req, c.query);
  if (!options.ok()) return RespondStatus(*c.out, options.status());
  list_options->limit = 0;
  list_options->continue_token.clear();
  auto listed = registry_.List(*c.r, *list_options);
  if (!listed.ok()) return RespondStatus(*c.out, listed.status(), c.r);

  struct Pending {
    std::mutex mu;
    size_t left;
    std::vector<std::string> items;
    Status first_error;
  };
  auto pending = std::make_shared<Pending>();
  pending->left = listed->items.size();
  auto out = c.out;
  const api::ResourceInfo* r = c.r;
  auto finish = [out, r, pending, revision = listed->revision]() {
    if (!pending->first_error.ok()) return RespondStatus(*out, pending->first_error, r);
    std::string body = "{\"kind\":\"" + r->kind + "List\",\"apiVersion\":\"" + r->ApiVersion() +
                       "\",\"metadata\":{\"resourceVersion\":\"" + std::to_string(revision) + "\"},\"items\":[";
    for (size_t i = 0; i < pending->items.size(); ++i) {
      if (i) body.push_back(',');
      body += pending->items[i];
    }
    body += "]}";
    RespondJson(*out, 200, std::move(body));
  };
  if (listed->items.empty()) return finish();
  for (auto& item : listed->items) {
    auto obj = api::DecodeStored(item.stored, item.revision);
    if (!obj.ok()) continue;
    registry_.Delete(*c.r, MetaString(*obj, "namespace"), MetaString(*obj, "name"), *options,
                     [pending, finish](StatusOr<WriteResult> result) {
                       bool last;
                       {
                         std::lock_guard lock(pending->mu);
                         if (result.ok()) {
                           pending->items.push_back(ObjectJson(result->object));
                         } else if (!result.status().IsNotFound() && pending->first_error.ok()) {
                           pending->first_error = result.status();
                         }
                         last = --pending->left == 0;
                       }
                       if (last) finish();
                     });
  }
}

void ApiHandler::Scale(Call& c) {
  const std::string& verb = c.info.verb;
  if (verb == "get") {
    auto obj = registry_.Get(*c.r, c.info.namespace_name, c.info.name);
    if (!obj.ok()) return RespondStatus(*c.out, obj.status(), c.r, c.info.name);
    return RespondJson(*c.out, 200, ObjectJson(ScaleOf(*obj)));
  }
  if (verb != "update" && verb != "patch") {
    return RespondStatus(*c.out, Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
  }
  std::shared_ptr<boost::json::value> body;
  PatchType type = PatchType::kMerge;
  if (verb == "patch") {
    auto t = PatchTypeOf(c.req);
    if (!t.ok()) return RespondStatus(*c.out, t.status());
    type = *t;
    if (type == PatchType::kApply) return ApplyScale(c);
  }
  if (Status st = ValidateFieldManagerParam(c.Param("fieldManager"), verb == "update" ? "UpdateOptions" : "PatchOptions");
      !st.ok()) {
    return RespondStatus(*c.out, st);
  }
  auto parsed = verb == "update" ? ParseRequestBody(c.req) : api::ParseJson(c.req.body);
  if (!parsed.ok()) return RespondStatus(*c.out, Status::BadRequest("error decoding body: " + parsed.status().message()));
  body = std::make_shared<boost::json::value>(std::move(*parsed));
  const api::ResourceInfo* r = c.r;
  Mutation mutate = [verb, type, body](const object& current) -> StatusOr<object> {
    object scale = ScaleOf(current);
    boost::json::value next_scale;
    if (verb == "update") {
      next_scale = *body;
    } else {
      boost::json::value doc = scale;
      doc.as_object()["metadata"].as_object().erase("resourceVersion");
      StatusOr<boost::json::value> patched = Status::Internal("");
      if (type == PatchType::kJson) {
        patched = api::ApplyJsonPatch(doc, *body);
      } else if (type == PatchType::kMerge) {
        patched = api::ApplyMergePatch(doc, *body);
      } else {
        patched = api::ApplyStrategicMergePatch(doc, *body, "autoscaling/v1", "Scale");
      }
      if (!patched.ok()) return patched.status();
      next_scale = std::move(*patched);
    }
    if (!next_scale.is_object()) return Status::BadRequest("the body of the request is not a Scale object");
    const auto& s = next_scale.as_object();
    int64_t replicas = 0;
    if (auto it = s.find("spec"); it != s.end() && it->value().is_object()) {
      auto rit = it->value().as_object().find("replicas");
      if (rit != it->value().as_object().end() && rit->value().is_int64()) replicas = rit->value().as_int64();
    }
    if (Status st = CheckScaleReplicas(replicas, MetaString(current, "name")); !st.ok()) return st;
    object next = current;
    next["spec"].as_object()["replicas"] = replicas;
    std::string pinned = MetaString(s, "resourceVersion");
    if (!pinned.empty()) {
      SetMetaString(next, "resourceVersion", pinned);
    } else {
      EraseMeta(next, "resourceVersion");
    }
    return next;
  };
  WriteOptions options;
  options.dry_run = c.DryRun();
  options.field_manager = c.Manager();
  auto out = c.out;
  std::string name = c.info.name;
  registry_.Update(*c.r, c.info.namespace_name, c.info.name, "scale", mutate, options,
                   [out, r, name](StatusOr<WriteResult> result) {
                     if (!result.ok()) return RespondStatus(*out, result.status(), r, name);
                     RespondJson(*out, 200, ObjectJson(ScaleOf(result->object)));
                   });
}

void ApiHandler::ApplyScale(Call& c) {
  // The Scale's own field manager, for entries recorded through /scale.
  static const auto* const scale_manager =
      api::managedfields::FieldManager::Create("autoscaling", "v1", "Scale", "scale", false).release();
  auto request = ParseApply(c);
  if (!request.ok()) return RespondStatus(*c.out, request.status());
  WriteOptions options;  // the apply records its own managedFields
  options.dry_run = c.DryRun();
  const api::ResourceInfo* r = c.r;
  const std::string ns = c.info.namespace_name;
  const std::string name = c.info.name;
  auto out = c.out;
  Mutation mutate = [request = *request, r, ns, name](const object& current) -> StatusOr<object> {
    auto next = ApplyThroughScale(*scale_manager, current, r->ApiVersion(), request.body->config, request.manager,
                                  request.force);
    if (!next.ok()) return next.status();
    if (request.strict) return StrictDuplicateKeysError(request.body->duplicate_keys);
    if (Status st = CheckAppliedName(request.body->config, name, ns); !st.ok()) return st;
    return next;
  };
  registry_.Update(*r, ns, name, "scale", std::move(mutate), options,
                   [out, r, name, warnings = request->warnings](StatusOr<WriteResult> result) {
                     if (!result.ok()) return RespondStatus(*out, result.status(), r, name);
                     net::HttpResponse resp;
                     resp.body = ObjectJson(ScaleOf(result->object));
                     for (const auto& w : *warnings) resp.headers.emplace_back("Warning", WarningHeader(w));
                     out->Respond(std::move(resp));
                   });
}

}  // namespace kubepp::apiserver

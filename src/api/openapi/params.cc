#include "api/openapi/params.h"

#include <utility>

namespace kubepp::api::openapi::params {
namespace {

Param Continue() {
  return Query("continue", "string",
               "The continue token of the previous page of a paginated list.");
}
Param FieldSelector() {
  return Query("fieldSelector", "string",
               "Only objects whose fields match this selector. Defaults to everything.");
}
Param LabelSelector() {
  return Query("labelSelector", "string",
               "Only objects whose labels match this selector. Defaults to everything.");
}
Param Limit() {
  return Query("limit", "integer",
               "The most items one page of a list may hold; more pages follow by `continue`.");
}
Param ResourceVersion() {
  return Query("resourceVersion", "string",
               "Which version of the data the list or watch starts from.");
}
Param ResourceVersionMatch() {
  return Query("resourceVersionMatch", "string",
               "How resourceVersion is applied to a list: Exact or NotOlderThan.");
}
Param SendInitialEvents() {
  return Query("sendInitialEvents", "boolean",
               "With watch=true and resourceVersionMatch=NotOlderThan: start the watch with the "
               "current objects.");
}
Param TimeoutSeconds() {
  return Query("timeoutSeconds", "integer", "End the list or watch call after this many seconds.");
}
Param DryRun() {
  return Query("dryRun", "string",
               "With 'All' the request is processed in full but nothing is stored.");
}

}  // namespace

Param Query(std::string name, std::string type, std::string description) {
  return Param{std::move(name), "query", std::move(type), std::move(description), false, true};
}

Param Path(std::string name, std::string description) {
  return Param{std::move(name), "path", "string", std::move(description), true, true};
}

Param Pretty() {
  return Query("pretty", "string", "When 'true', the response is indented for people to read.");
}

std::vector<Param> List() {
  return {
      Query("allowWatchBookmarks", "boolean",
            "Ask the server to send BOOKMARK events on a watch; it may ignore it."),
      Continue(),
      FieldSelector(),
      LabelSelector(),
      Limit(),
      ResourceVersion(),
      ResourceVersionMatch(),
      SendInitialEvents(),
      TimeoutSeconds(),
      Query("watch", "boolean",
            "Stream add, update and delete events instead of returning a list."),
  };
}

std::vector<Param> Write(bool patch) {
  std::vector<Param> p = {
      DryRun(),
      Query("fieldManager", "string",
            "The name of the actor making the change, for field ownership."),
      // kubectl's --validate=strict relies on finding this one.
      Query("fieldValidation", "string",
            "What the server does with unknown or duplicate fields in the object: Ignore, Warn or "
            "Strict."),
  };
  if (patch) {
    p.push_back(Query(
        "force", "boolean",
        "Apply requests only: take ownership of fields other managers hold instead of failing."));
  }
  return p;
}

std::vector<Param> Delete(bool collection) {
  std::vector<Param> p;
  if (collection) p.push_back(Continue());
  p.push_back(DryRun());
  if (collection) p.push_back(FieldSelector());
  p.push_back(Query("gracePeriodSeconds", "integer",
                    "Seconds before the object is removed; 0 is immediately."));
  p.push_back(
      Query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean",
            "Delete an object the server cannot decode. Unsafe: it skips finalizers and checks."));
  if (collection) {
    p.push_back(LabelSelector());
    p.push_back(Limit());
  }
  p.push_back(Query("orphanDependents", "boolean", "Deprecated: use propagationPolicy."));
  p.push_back(Query("propagationPolicy", "string",
                    "What happens to dependents: Orphan, Background or Foreground."));
  if (collection) {
    p.push_back(ResourceVersion());
    p.push_back(ResourceVersionMatch());
    p.push_back(SendInitialEvents());
    p.push_back(TimeoutSeconds());
  }
  return p;
}

std::vector<Param> Connect(const std::string& subresource) {
  if (subresource == "log") {
    return {
        Query("container", "string", "The container to read; optional when the pod has one."),
        Query("follow", "boolean", "Keep streaming as the log grows."),
        Query("insecureSkipTLSVerifyBackend", "boolean",
              "Do not verify the kubelet's serving certificate."),
        Query("limitBytes", "integer", "Stop after this many bytes."),
        Query("previous", "boolean", "Read the previous instance of the container."),
        Query("sinceSeconds", "integer", "Only lines newer than this many seconds."),
        Query("stream", "string", "Which stream to read: All, Stdout or Stderr."),
        Query("tailLines", "integer", "Only this many lines from the end."),
        Query("timestamps", "boolean", "Prefix every line with its RFC 3339 timestamp."),
    };
  }
  if (subresource == "exec" || subresource == "attach") {
    std::vector<Param> p;
    if (subresource == "exec") {
      p.push_back(Query("command", "string", "The command to run, one argument per parameter."));
    }
    p.push_back(
        Query("container", "string", "The container to use; optional when the pod has one."));
    p.push_back(Query("stderr", "boolean", "Stream the standard error."));
    p.push_back(Query("stdin", "boolean", "Stream the standard input."));
    p.push_back(Query("stdout", "boolean", "Stream the standard output."));
    p.push_back(Query("tty", "boolean", "Allocate a terminal."));
    return p;
  }
  if (subresource == "portforward") return {Query("ports", "integer", "The pod ports to forward.")};
  return {};
}

}  // namespace kubepp::api::openapi::params

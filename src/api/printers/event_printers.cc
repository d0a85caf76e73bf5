// Events, core/v1 and events.k8s.io/v1 (upstream prints both from the same
// internal Event). Columns are LAST SEEN TYPE REASON OBJECT MESSAGE, plus
// SUBOBJECT SOURCE FIRST SEEN COUNT NAME for -o wide: unlike every other
// kind, the name is the last cell, not the first. A series' last observation
// and count win over the deprecated lastTimestamp/count.
#include <string>

#include "api/printers/json_fields.h"
#include "api/printers/printer.h"
#include "api/printers/timestamp.h"

namespace kubepp::api::printers {
namespace {

using boost::json::object;
using boost::json::value;

// The fields the printer reads, whichever API version the event came in.
struct EventFields {
  std::string name, type, reason, message;
  std::string kind, object_name, field_path;
  std::string source_component, source_host, reporting_controller, reporting_instance;
  const value* first_timestamp = nullptr;
  const value* last_timestamp = nullptr;
  const value* event_time = nullptr;
  long long count = 0;
  const object* series = nullptr;
};

EventFields CoreEvent(const object& e) {
  EventFields f;
  const object& involved = Obj(e, "involvedObject");
  const object& source = Obj(e, "source");
  f.name = Name(e);
  f.type = Str(e, "type");
  f.reason = Str(e, "reason");
  f.message = Str(e, "message");
  f.kind = Str(involved, "kind");
  f.object_name = Str(involved, "name");
  f.field_path = Str(involved, "fieldPath");
  f.source_component = Str(source, "component");
  f.source_host = Str(source, "host");
  f.reporting_controller = Str(e, "reportingComponent");
  f.reporting_instance = Str(e, "reportingInstance");
  f.first_timestamp = Find(e, "firstTimestamp");
  f.last_timestamp = Find(e, "lastTimestamp");
  f.event_time = Find(e, "eventTime");
  f.count = Int(e, "count");
  if (const value* s = Find(e, "series"); s && s->is_object()) f.series = &s->get_object();
  return f;
}

EventFields EventsV1Event(const object& e) {
  EventFields f;
  const object& regarding = Obj(e, "regarding");
  const object& source = Obj(e, "deprecatedSource");
  f.name = Name(e);
  f.type = Str(e, "type");
  f.reason = Str(e, "reason");
  f.message = Str(e, "note");
  f.kind = Str(regarding, "kind");
  f.object_name = Str(regarding, "name");
  f.field_path = Str(regarding, "fieldPath");
  f.source_component = Str(source, "component");
  f.source_host = Str(source, "host");
  f.reporting_controller = Str(e, "reportingController");
  f.reporting_instance = Str(e, "reportingInstance");
  f.first_timestamp = Find(e, "deprecatedFirstTimestamp");
  f.last_timestamp = Find(e, "deprecatedLastTimestamp");
  f.event_time = Find(e, "eventTime");
  f.count = Int(e, "deprecatedCount");
  if (const value* s = Find(e, "series"); s && s->is_object()) f.series = &s->get_object();
  return f;
}

boost::json::array EventCells(const EventFields& f, std::chrono::microseconds now) {
  std::string first = ParseTimestamp(f.first_timestamp) ? TimestampSince(f.first_timestamp, now)
                                                        : TimestampSince(f.event_time, now);
  std::string last =
      ParseTimestamp(f.last_timestamp) ? TimestampSince(f.last_timestamp, now) : first;
  long long count = f.count;
  if (f.series) {
    last = TimestampSince(Find(*f.series, "lastObservedTime"), now);
    count = Int(*f.series, "count");
  } else if (count == 0) {
    count = 1;  // Singleton events of the new API carry no count.
  }
  std::string target = Lower(f.kind);
  if (!f.object_name.empty()) target += "/" + f.object_name;
  const std::string component =
      f.source_component.empty() ? f.reporting_controller : f.source_component;
  const std::string instance = f.source_host.empty() ? f.reporting_instance : f.source_host;
  const std::string source = instance.empty() ? component : component + ", " + instance;
  return {value(last),
          value(f.type),
          value(f.reason),
          value(target),
          value(f.field_path),
          value(source),
          value(TrimSpace(f.message)),
          value(first),
          value(count),
          value(f.name)};
}

std::vector<Column> EventColumns() {
  return {
      {"Last Seen", "string", "",
       "The time at which the most recent occurrence of this event was recorded.", 0},
      {"Type", "string", "",
       "Type of this event (Normal, Warning), new types could be added in the future", 0},
      {"Reason", "string", "",
       "This should be a short, machine understandable string that gives the reason for the "
       "transition into the object's current status.",
       0},
      {"Object", "string", "", "The object that this event is about.", 0},
      {"Subobject", "string", "",
       "If referring to a piece of an object instead of an entire object, this string should "
       "contain a valid JSON/Go field access statement, such as "
       "desiredState.manifest.containers[2].",
       1},
      {"Source", "string", "",
       "The component reporting this event. Should be a short machine understandable string.", 1},
      {"Message", "string", "", "A human-readable description of the status of this operation.", 0},
      {"First Seen", "string", "",
       "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)",
       1},
      {"Count", "string", "", "The number of times this event has occurred.", 1},
      [] {
        Column c = NameColumn();
        c.priority = 1;
        return c;
      }(),
  };
}

}  // namespace

void RegisterEventPrinters(PrinterMap& m) {
  m[{"", "events"}] = Printer{EventColumns(), [](const PrintContext& ctx) {
                                return EventCells(CoreEvent(ctx.obj), ctx.now);
                              }};
  m[{"events.k8s.io", "events"}] = Printer{EventColumns(), [](const PrintContext& ctx) {
                                             return EventCells(EventsV1Event(ctx.obj), ctx.now);
                                           }};
}

}  // namespace kubepp::api::printers

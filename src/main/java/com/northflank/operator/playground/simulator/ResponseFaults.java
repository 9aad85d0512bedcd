package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * Turns a successful envelope into the bytes to send, spoiling it as the fault plan says. The
 * envelope may share trees with the store, so it is copied before any change.
 */
final class ResponseFaults {

  private ResponseFaults() {}

  static byte[] render(ObjectNode envelope, Faults.Plan plan) {
    ObjectNode body = envelope;
    if (plan.endlessCursor() && envelope.path("pagination").isObject()) {
      body = envelope.deepCopy();
      endless(body);
    }
    if (plan.wrongTypes() || plan.extraFields()) {
      body = body.deepCopy();
      JsonNode data = body.get("data");
      if (data != null && data.isObject()) {
        if (plan.wrongTypes()) {
          wrongTypes((ObjectNode) data);
        }
        if (plan.extraFields()) {
          extraFields(body, (ObjectNode) data);
        }
      }
    }
    byte[] bytes = Json.bytes(body);
    // Any strict prefix of a JSON object is invalid JSON: a body cut mid-stream.
    return plan.malformedJson() ? Arrays.copyOf(bytes, Math.max(1, bytes.length / 2)) : bytes;
  }

  /** Another page always follows: the first one again, so the listing never ends. */
  private static void endless(ObjectNode body) {
    String collection = body.path("data").has("runs") ? "runs" : "jobs";
    ObjectNode pagination = (ObjectNode) body.get("pagination");
    pagination.put("hasNextPage", true);
    // a cursor that decodes to the start of the collection: "after nothing"
    pagination.put("cursor", Pagination.encodeCursor(collection, ""));
  }

  /** Values of the wrong JSON type where a client would read a boolean or a number. */
  private static void wrongTypes(ObjectNode data) {
    if (data.has("jobs")) {
      for (JsonNode job : data.get("jobs")) {
        ((ObjectNode) job).put("suspended", "yes");
        ((ObjectNode) job).put("disabledCI", "no");
      }
    } else if (data.has("runs")) {
      for (JsonNode run : data.get("runs")) {
        ((ObjectNode) run).put("completions", "one");
        ((ObjectNode) run).put("concluded", "yes");
      }
    } else {
      data.put("suspended", "yes");
      if (data.path("settings").isObject()) {
        ((ObjectNode) data.get("settings")).put("backoffLimit", "zero");
      }
    }
  }

  /**
   * Fields and enum values a newer API version might send: top level, nested, and an enum value
   * outside the documented set.
   */
  private static void extraFields(ObjectNode envelope, ObjectNode data) {
    envelope.putObject("meta").put("apiVersion", "2099-01-01");
    if (data.has("jobs")) {
      for (JsonNode job : data.get("jobs")) {
        ((ObjectNode) job).putObject("infrastructure").put("architecture", "x86");
        ((ObjectNode) job).put("unknownSummaryField", "added by a newer API");
      }
      return;
    }
    if (data.has("runs")) {
      for (JsonNode run : data.get("runs")) {
        ((ObjectNode) run).put("unknownRunField", "added by a newer API");
        ((ObjectNode) run).putObject("resources").put("cpu", 0.2);
      }
      return;
    }
    data.putObject("infrastructure").put("architecture", "x86");
    data.putObject("unknownTopLevelField").put("nested", true);
    if (!data.has("id")) {
      return;
    }
    ObjectNode settings = Json.child(data, "settings");
    settings.put("runOnSourceChange", "never");
    settings.putObject("unknownSetting").put("enabled", true);
    Json.child(data, "buildEngineConfiguration").put("buildEngine", "nixpacks");
    if (data.path("buildConfiguration").isObject()) {
      ((ObjectNode) data.get("buildConfiguration")).put("enableGitLfs", true);
    }
    if (data.path("deployment").isObject()) {
      Json.child((ObjectNode) data.get("deployment"), "storage").put("shmSize", 64);
    }
    if (data.path("cluster").isObject()) {
      ((ObjectNode) data.get("cluster")).putArray("loadBalancers").add("lb.nf-europe-west.example");
    }
  }
}

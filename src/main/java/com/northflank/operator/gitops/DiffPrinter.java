package com.northflank.operator.gitops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.gitops.ResourceDiff.Result;
import com.northflank.operator.model.FieldDrift;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Prints a {@link DiffReport}. Errors and skipped documents always go to stderr, one line each,
 * naming the file and the resource.
 *
 * <p>Text, for people, in the manner of {@code kubectl diff}: per drifted resource a {@code ---
 * live} / {@code +++ spec.job} header, then per field an {@code @@ field (correctable) @@} hunk
 * with the live value as {@code -} and the declared value as {@code +}; a line per resource in
 * sync; a summary.
 *
 * <p>JSON, for machines: one object, keys in this order, optional keys left out when empty:
 *
 * <pre>
 * {"resources": [{"file", "document", "namespace", "name", "projectId", "jobId", "teamId",
 *                 "result": "InSync" | "Drifted" | "Error",
 *                 "drift": [{"field", "desired", "actual", "correctable"}],
 *                 "error", "credentialsIgnored"}],
 *  "skipped": [{"source", "reason"}],
 *  "summary": {"resources", "inSync", "drifted", "errors", "exitCode"}}
 * </pre>
 *
 * {@code drift} entries are the operator's {@code status.drift} entries, field for field.
 */
public final class DiffPrinter {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DiffPrinter() {}

  public static void text(DiffReport report, PrintStream out, PrintStream err) {
    problems(report, err);
    for (ResourceDiff resource : report.resources()) {
      if (resource.result() == Result.IN_SYNC) {
        out.println(
            "in sync: " + resource.resource() + " (" + resource.source() + ")" + note(resource));
      } else if (resource.result() == Result.DRIFTED) {
        out.println(
            "--- live: "
                + resource.resource()
                + " ("
                + (resource.teamId() == null ? "" : "team " + resource.teamId() + ", ")
                + "project "
                + resource.projectId()
                + ", job "
                + resource.jobId()
                + ")"
                + (resource.wouldCreate()
                    ? ": not found; the operator would create it (creationPolicy)"
                    : "")
                + note(resource));
        out.println("+++ spec.job: " + resource.source());
        for (FieldDrift drift : resource.drift()) {
          out.println(
              "@@ "
                  + drift.field()
                  + (Boolean.TRUE.equals(drift.correctable())
                      ? " (correctable) @@"
                      : " (not correctable: change it in Northflank) @@"));
          lines(out, "-", drift.actual());
          lines(out, "+", drift.desired());
        }
      }
    }
    out.println(summary(report));
  }

  public static void json(DiffReport report, PrintStream out, PrintStream err) {
    problems(report, err);
    ObjectNode root = JSON.createObjectNode();
    ArrayNode resources = root.putArray("resources");
    for (ResourceDiff resource : report.resources()) {
      ObjectNode entry = resources.addObject();
      putIfSet(entry, "file", resource.file());
      if (resource.document() != null) {
        entry.put("document", resource.document());
      }
      putIfSet(entry, "namespace", resource.namespace());
      putIfSet(entry, "name", resource.name());
      putIfSet(entry, "projectId", resource.projectId());
      putIfSet(entry, "jobId", resource.jobId());
      putIfSet(entry, "teamId", resource.teamId());
      entry.put("result", resultName(resource.result()));
      if (resource.result() != Result.ERROR) {
        entry.set("drift", JSON.valueToTree(resource.drift()));
      }
      putIfSet(entry, "error", resource.error());
      if (resource.wouldCreate()) {
        entry.put("wouldCreate", true);
      }
      if (resource.credentialsIgnored()) {
        entry.put("credentialsIgnored", true);
      }
    }
    ArrayNode skipped = root.putArray("skipped");
    for (DiffReport.Skipped skip : report.skipped()) {
      skipped.addObject().put("source", skip.source()).put("reason", skip.reason());
    }
    ObjectNode summary = root.putObject("summary");
    summary.put("resources", report.resources().size());
    summary.put("inSync", report.count(Result.IN_SYNC));
    summary.put("drifted", report.count(Result.DRIFTED));
    summary.put("errors", report.count(Result.ERROR));
    summary.put("exitCode", report.exitCode());
    try {
      out.println(JSON.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a JSON tree always renders", e);
    }
  }

  private static void problems(DiffReport report, PrintStream err) {
    for (DiffReport.Skipped skip : report.skipped()) {
      err.println("skipped " + skip.source() + ": " + skip.reason() + ", not a NorthflankJob");
    }
    for (ResourceDiff resource : report.resources()) {
      if (resource.result() == Result.ERROR) {
        String who =
            resource.name() == null
                ? resource.source()
                : resource.source() + ": " + resource.resource();
        err.println("error: " + who + ": " + resource.error());
      }
    }
  }

  private static String summary(DiffReport report) {
    long fields = 0;
    long correctable = 0;
    for (ResourceDiff resource : report.resources()) {
      fields += resource.drift().size();
      correctable +=
          resource.drift().stream().filter(d -> Boolean.TRUE.equals(d.correctable())).count();
    }
    return "Summary: "
        + report.count(Result.IN_SYNC)
        + " in sync, "
        + report.count(Result.DRIFTED)
        + " drifted ("
        + fields
        + (fields == 1 ? " field, " : " fields, ")
        + correctable
        + " correctable), "
        + report.count(Result.ERROR)
        + (report.count(Result.ERROR) == 1 ? " error" : " errors");
  }

  private static String note(ResourceDiff resource) {
    return resource.credentialsIgnored()
        ? " [read with the operator-wide token, not spec.credentials]"
        : "";
  }

  private static void lines(PrintStream out, String prefix, String value) {
    value.lines().forEach(line -> out.println(prefix + line));
    if (value.isEmpty()) {
      out.println(prefix);
    }
  }

  private static String resultName(Result result) {
    return switch (result) {
      case IN_SYNC -> "InSync";
      case DRIFTED -> "Drifted";
      case ERROR -> "Error";
    };
  }

  private static void putIfSet(ObjectNode node, String key, String value) {
    if (value != null) {
      node.put(key, value);
    }
  }
}

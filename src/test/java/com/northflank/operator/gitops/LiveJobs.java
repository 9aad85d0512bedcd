package com.northflank.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Live jobs for the tests, in the Get Job {@code data} shape. */
final class LiveJobs {

  static final ObjectMapper JSON = new ObjectMapper();

  private LiveJobs() {}

  /** The seed fixture: the documentation page's example job. */
  static ObjectNode seed() {
    return (ObjectNode) fixture("get-job-response-seed-example.json").get("data");
  }

  /** A response with fields newer than the operator's model. */
  static ObjectNode newer() {
    return (ObjectNode) fixture("get-job-response-newer-fields.json").get("data");
  }

  /** A job with only Get Job's required fields: every optional object is absent. */
  static ObjectNode minimal() {
    return (ObjectNode)
        parse(
            """
            {"id": "bare-job", "appId": "/example-user/default-project/bare-job",
             "name": "Bare Job", "projectId": "default-project", "jobType": "manual",
             "createdAt": "2024-05-01T10:00:00.000Z", "disabledCI": false, "disabledCD": false}
            """);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode fixture(String name) {
    try (InputStream in = LiveJobs.class.getResourceAsStream("/fixtures/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response ready to send. Only the request's own thread touches it, so it is not shared. */
final class SimResponse {

  static final String JSON = "application/json; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";

  private final int status;
  private final String contentType;
  private final byte[] body;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private HeldAnswer heldAnswer;

  private SimResponse(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  static SimResponse json(int status, byte[] body) {
    return new SimResponse(status, JSON, body);
  }

  /** The API's error envelope: {@code {"error": {"status", "message", "id"}}}. */
  static SimResponse error(int status, String message, String errorId) {
    ObjectNode envelope = Json.object();
    ObjectNode error = envelope.putObject("error");
    error.put("status", status);
    error.put("message", message);
    error.put("id", errorId);
    return new SimResponse(status, JSON, Json.bytes(envelope));
  }

  /** What a load balancer in front of the API sends: HTML, not the API's JSON. */
  static SimResponse html(int status, String reason) {
    String page =
        "<html>\r\n<head><title>"
            + status
            + " "
            + reason
            + "</title></head>\r\n"
            + "<body>\r\n<center><h1>"
            + status
            + " "
            + reason
            + "</h1></center>\r\n"
            + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    return new SimResponse(status, HTML, page.getBytes(StandardCharsets.UTF_8));
  }

  SimResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** The header unless one of that name is set already (by a fault, say). */
  SimResponse headerIfAbsent(String name, String value) {
    headers.putIfAbsent(name, value);
    return this;
  }

  /** The answer waits, once counted and logged, until the hold is released. */
  SimResponse heldBy(HeldAnswer hold) {
    this.heldAnswer = hold;
    return this;
  }

  HeldAnswer heldAnswer() {
    return heldAnswer;
  }

  int status() {
    return status;
  }

  String contentType() {
    return contentType;
  }

  byte[] body() {
    return body;
  }

  Map<String, String> headers() {
    return headers;
  }
}

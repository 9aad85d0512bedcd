package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Turns the protobuf bodies kubectl sends for core objects into the JSON the store reads. kubectl
 * encodes built-in kinds as Kubernetes protobuf (the {@code k8s\0} envelope around a
 * runtime.Unknown holding the typed message); the kinds the README and the demo create are decoded
 * here (Namespace, Secret, ConfigMap), field numbers as in k8s.io/api's generated.proto. Any other
 * kind is refused at once with 415 by the caller.
 */
final class ProtobufBodies {

  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProtobufBodies() {}

  /** The object as JSON, or empty when its kind is not one this class knows. */
  static Optional<ObjectNode> toJson(byte[] body) throws IOException {
    if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
      throw new IOException("not a Kubernetes protobuf body (no k8s\\0 prefix)");
    }
    CodedInputStream unknown =
        CodedInputStream.newInstance(body, MAGIC.length, body.length - MAGIC.length);
    String apiVersion = "";
    String kind = "";
    ByteString raw = ByteString.EMPTY;
    for (int tag; (tag = unknown.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> {
          CodedInputStream typeMeta = unknown.readBytes().newCodedInput();
          for (int t; (t = typeMeta.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(t)) {
              case 1 -> apiVersion = typeMeta.readStringRequireUtf8();
              case 2 -> kind = typeMeta.readStringRequireUtf8();
              default -> typeMeta.skipField(t);
            }
          }
        }
        case 2 -> raw = unknown.readBytes();
        default -> unknown.skipField(tag);
      }
    }
    if (!apiVersion.equals("v1")) {
      return Optional.empty();
    }
    ObjectNode object = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
    CodedInputStream in = raw.newCodedInput();
    switch (kind) {
      case "Secret" -> {
        readSecret(in, object);
        if (object.path("type").asText().isEmpty()) {
          object.put("type", "Opaque"); // as kube-apiserver defaults it
        }
      }
      case "ConfigMap" -> readConfigMap(in, object);
      case "Namespace" -> readNamespace(in, object);
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(object);
  }

  private static void readSecret(CodedInputStream in, ObjectNode secret) throws IOException {
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> readObjectMeta(in.readBytes().newCodedInput(), secret.putObject("metadata"));
        case 2 ->
            readMapEntry(in.readBytes().newCodedInput(), secret.withObjectProperty("data"), true);
        case 3 -> secret.put("type", in.readStringRequireUtf8());
        case 4 ->
            readMapEntry(
                in.readBytes().newCodedInput(), secret.withObjectProperty("stringData"), false);
        case 5 -> secret.put("immutable", in.readBool());
        default -> in.skipField(tag);
      }
    }
  }

  private static void readConfigMap(CodedInputStream in, ObjectNode map) throws IOException {
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> readObjectMeta(in.readBytes().newCodedInput(), map.putObject("metadata"));
        case 2 ->
            readMapEntry(in.readBytes().newCodedInput(), map.withObjectProperty("data"), false);
        case 3 ->
            readMapEntry(
                in.readBytes().newCodedInput(), map.withObjectProperty("binaryData"), true);
        case 4 -> map.put("immutable", in.readBool());
        default -> in.skipField(tag);
      }
    }
  }

  private static void readNamespace(CodedInputStream in, ObjectNode namespace) throws IOException {
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> readObjectMeta(in.readBytes().newCodedInput(), namespace.putObject("metadata"));
        case 2 -> {
          CodedInputStream spec = in.readBytes().newCodedInput();
          ArrayNode finalizers = namespace.putObject("spec").putArray("finalizers");
          for (int t; (t = spec.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(t) == 1) {
              finalizers.add(spec.readStringRequireUtf8());
            } else {
              spec.skipField(t);
            }
          }
        }
        default -> in.skipField(tag);
      }
    }
  }

  /** The ObjectMeta fields a client sets on create; server-owned ones are the store's. */
  private static void readObjectMeta(CodedInputStream in, ObjectNode metadata) throws IOException {
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> metadata.put("name", in.readStringRequireUtf8());
        case 2 -> metadata.put("generateName", in.readStringRequireUtf8());
        case 3 -> metadata.put("namespace", in.readStringRequireUtf8());
        case 6 -> metadata.put("resourceVersion", in.readStringRequireUtf8());
        case 11 ->
            readMapEntry(
                in.readBytes().newCodedInput(), metadata.withObjectProperty("labels"), false);
        case 12 ->
            readMapEntry(
                in.readBytes().newCodedInput(), metadata.withObjectProperty("annotations"), false);
        case 14 -> metadata.withArrayProperty("finalizers").add(in.readStringRequireUtf8());
        default -> in.skipField(tag);
      }
    }
    metadata
        .properties()
        .removeIf(field -> field.getValue().asText().isEmpty() && field.getValue().isTextual());
  }

  /** A map entry (key 1, value 2); bytes values become base64, as in JSON. */
  private static void readMapEntry(CodedInputStream in, ObjectNode map, boolean bytes)
      throws IOException {
    String key = "";
    String value = "";
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> key = in.readStringRequireUtf8();
        case 2 ->
            value =
                bytes
                    ? Base64.getEncoder().encodeToString(in.readByteArray())
                    : in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    map.put(key, value);
  }
}

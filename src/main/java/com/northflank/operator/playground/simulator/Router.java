package com.northflank.operator.playground.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a method and raw path to a {@link RouteMatch}; a handful of templates, tried in turn.
 */
final class Router {

  /** Thrown for a path whose percent escapes cannot be decoded. */
  static final class MalformedPathException extends RuntimeException {
    MalformedPathException(String message) {
      super(message, null, false, false);
    }
  }

  private record Template(Route route, String key, String method, String[] segments) {}

  private final List<Template> templates = new ArrayList<>();

  Router() {
    for (Route route : Route.values()) {
      add(route, route.projectKey(), Route.PROJECT_PREFIX);
      add(route, route.teamKey(), Route.TEAM_PREFIX);
    }
  }

  private void add(Route route, String key, String prefix) {
    String path = prefix + route.suffix();
    templates.add(new Template(route, key, route.method(), path.substring(1).split("/")));
  }

  Optional<RouteMatch> match(String method, String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return Optional.empty();
    }
    // Split before decoding: an encoded '/' inside an id must not create a segment.
    String[] raw = rawPath.substring(1).split("/", -1);
    String[] segments = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      try {
        segments[i] = PercentDecoding.pathSegment(raw[i]);
      } catch (IllegalArgumentException e) {
        throw new MalformedPathException("Malformed percent-encoding in path");
      }
    }
    for (Template template : templates) {
      if (template.method().equals(method)) {
        Map<String, String> params = bind(template.segments(), segments);
        if (params != null) {
          return Optional.of(RouteMatch.of(template.route(), template.key(), params));
        }
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> bind(String[] template, String[] segments) {
    if (template.length != segments.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>(4);
    for (int i = 0; i < template.length; i++) {
      String part = template[i];
      if (part.startsWith("{")) {
        if (segments[i].isEmpty()) {
          return null;
        }
        params.put(part.substring(1, part.length() - 1), segments[i]);
      } else if (!part.equals(segments[i])) {
        return null;
      }
    }
    return params;
  }
}

package com.northflank.operator.webhook;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The jobs a webhook may name: every resource the operator reads, with its job's id, project and
 * {@code appId} (as the last read answered it, or the status implies), kept by the reconciler.
 *
 * <p>The body of a job-run event is not documented, so no path into it is trusted: a job is named
 * when one of the body's string values, wherever it sits, is its {@code appId} or ends with {@code
 * /<projectId>/<jobId>} (strong), or is its job id (weak). Strong names win; a weak one, which two
 * projects may share, is narrowed to the jobs whose project id the body carries too, when it
 * carries any. Looked up per string, never by walking every resource.
 */
public final class RunEventTargets {

  /** A resource and the job it mirrors. */
  public record Target(
      String key, ResourceID resource, String projectId, String jobId, String appId) {}

  private final Map<String, Target> byKey = new HashMap<>();
  private final Map<String, Set<String>> byJobId = new HashMap<>();
  private final Map<String, Set<String>> byAppId = new HashMap<>();

  /** The resource reads this job now; its appId may be null before a first read. */
  public synchronized void watch(
      String key, ResourceID resource, String projectId, String jobId, String appId) {
    Target target = new Target(key, resource, projectId, jobId, appId);
    Target before = byKey.get(key);
    if (target.equals(before)) {
      return;
    }
    if (before != null && appId == null && sameJob(before, target)) {
      // what the status implied is no news beside what a read said
      return;
    }
    forget(key);
    byKey.put(key, target);
    byJobId.computeIfAbsent(jobId, k -> new HashSet<>()).add(key);
    if (appId != null) {
      byAppId.computeIfAbsent(appId, k -> new HashSet<>()).add(key);
    }
  }

  private static boolean sameJob(Target a, Target b) {
    return Objects.equals(a.projectId(), b.projectId())
        && Objects.equals(a.jobId(), b.jobId())
        && a.resource().equals(b.resource());
  }

  /** Deleted, paused or without a token: no event makes it read. */
  public synchronized void forget(String key) {
    Target gone = byKey.remove(key);
    if (gone == null) {
      return;
    }
    remove(byJobId, gone.jobId(), key);
    if (gone.appId() != null) {
      remove(byAppId, gone.appId(), key);
    }
  }

  private static void remove(Map<String, Set<String>> index, String value, String key) {
    Set<String> keys = index.get(value);
    if (keys != null) {
      keys.remove(key);
      if (keys.isEmpty()) {
        index.remove(value);
      }
    }
  }

  public synchronized int size() {
    return byKey.size();
  }

  /** The resources the strings of an event name; empty when they name none. */
  public synchronized List<Target> named(Collection<String> strings) {
    Map<String, Target> strong = new LinkedHashMap<>();
    Map<String, Target> weak = new LinkedHashMap<>();
    Set<String> values = new HashSet<>(strings);
    for (String s : values) {
      for (String key : byAppId.getOrDefault(s, Set.of())) {
        strong.put(key, byKey.get(key));
      }
      for (String key : byJobId.getOrDefault(s, Set.of())) {
        weak.put(key, byKey.get(key));
      }
      int last = s.lastIndexOf('/');
      int before = last > 0 ? s.lastIndexOf('/', last - 1) : -1;
      if (before >= 0) {
        String project = s.substring(before + 1, last);
        for (String key : byJobId.getOrDefault(s.substring(last + 1), Set.of())) {
          Target t = byKey.get(key);
          if (t.projectId().equals(project)) {
            strong.put(key, t);
          }
        }
      }
    }
    if (!strong.isEmpty()) {
      return List.copyOf(strong.values());
    }
    List<Target> inNamedProjects = new ArrayList<>();
    for (Target t : weak.values()) {
      if (values.contains(t.projectId())) {
        inNamedProjects.add(t);
      }
    }
    return inNamedProjects.isEmpty() ? List.copyOf(weak.values()) : inNamedProjects;
  }
}

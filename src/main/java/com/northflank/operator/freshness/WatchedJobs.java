package com.northflank.operator.freshness;

import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.ProjectRef;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resources the sweeps cover, each with what its last full read said about the listed fields,
 * kept in memory by the reconciler: after a restart it starts from what each status implies and is
 * refreshed by the first reads. Also the resources a sweep found changed, which the reconciler
 * reads next in the urgent lane.
 */
public final class WatchedJobs {

  /**
   * One resource as the sweeps see it.
   *
   * @param baseline the last full read's listed fields (or what the status implies)
   * @param missing the last read found no such job (JobNotFound): a listing without it is no news
   */
  public record Watched(
      String key,
      ResourceID resource,
      ApiToken token,
      ProjectRef project,
      String jobId,
      ListedFields baseline,
      boolean missing) {}

  /** The jobs one token sees in one project: what one sweep covers. */
  public record Group(ApiToken token, ProjectRef project) {
    String key() {
      return token.fingerprint() + "|" + project.teamId() + "|" + project.projectId();
    }
  }

  private final Map<String, Watched> byKey = new ConcurrentHashMap<>();
  private final Set<String> urgent = ConcurrentHashMap.newKeySet();

  /**
   * How many resources each sweep covers, counted as they join, leave or change sweep: the sweeper
   * asks on every tick (10 a second), and counting all resources again whenever one joined made
   * each tick of a first sync, when one joins with every read, cost time in proportion to them.
   */
  private final Map<Group, Integer> sizes = new ConcurrentHashMap<>();

  /** A successful full read (or, before any, what the status implies). */
  public void observe(
      String key,
      ResourceID resource,
      ApiToken token,
      ProjectRef project,
      String jobId,
      ListedFields baseline) {
    Watched before =
        byKey.put(key, new Watched(key, resource, token, project, jobId, baseline, false));
    Group now = new Group(token, project);
    if (before == null) {
      join(now);
    } else if (!group(before).equals(now)) {
      leave(group(before));
      join(now);
    }
  }

  /** Registers a resource from its status unless a read of this process already did. */
  public void observeIfAbsent(
      String key,
      ResourceID resource,
      ApiToken token,
      ProjectRef project,
      String jobId,
      ListedFields implied) {
    if (byKey.putIfAbsent(key, new Watched(key, resource, token, project, jobId, implied, false))
        == null) {
      join(new Group(token, project));
    }
  }

  /** The last read found no such job. */
  public void observeMissing(String key) {
    byKey.computeIfPresent(
        key,
        (k, w) ->
            new Watched(k, w.resource(), w.token(), w.project(), w.jobId(), w.baseline(), true));
  }

  /** Deleted or paused: no sweep covers it. */
  public void forget(String key) {
    Watched gone = byKey.remove(key);
    if (gone != null) {
      leave(group(gone));
    }
    urgent.remove(key);
  }

  /**
   * The resource reads with this token now: a sweep with the one it read with before (rotated
   * away, perhaps revoked) covers it no more. A read with the new token brings it back.
   */
  public void readsWith(String key, ApiToken token) {
    Watched w = byKey.get(key);
    if (w != null && !w.token().equals(token)) {
      forget(key);
    }
  }

  public boolean isWatched(String key) {
    return byKey.containsKey(key);
  }

  /** Whether no read replaced this entry since it was taken. */
  boolean isCurrent(Watched entry) {
    return byKey.get(entry.key()) == entry;
  }

  /** A sweep found the job changed: its next read is urgent. */
  void markUrgent(String key) {
    urgent.add(key);
  }

  public boolean isUrgent(String key) {
    return urgent.contains(key);
  }

  /** The urgent read went ahead. */
  public void readStarted(String key) {
    urgent.remove(key);
  }

  /** How many resources each sweep covers. */
  Map<Group, Integer> groupSizes() {
    return Map.copyOf(sizes);
  }

  // JOSDK reconciles one resource at a time, so the changes of one key never race each other
  private void join(Group group) {
    sizes.merge(group, 1, Integer::sum);
  }

  private void leave(Group group) {
    sizes.computeIfPresent(group, (g, members) -> members == 1 ? null : members - 1);
  }

  private static Group group(Watched w) {
    return new Group(w.token(), w.project());
  }

  /** Exactly the resources a sweep of this group covers now. */
  List<Watched> in(Group group) {
    Collection<Watched> all = byKey.values();
    List<Watched> members = new ArrayList<>();
    for (Watched w : all) {
      if (w.token().equals(group.token()) && w.project().equals(group.project())) {
        members.add(w);
      }
    }
    return members;
  }
}

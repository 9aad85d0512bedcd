package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.json.MergePatch;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8's CRUD store with three changes.
 *
 * <p>Lookups of one named, namespaced object go through an index instead of a scan. The stock store
 * matches every stored object against each request (a write finds its object by scanning, and a GET
 * copies the whole store first), so every request costs time in proportion to what is stored: at
 * 10000 resources the store, not the client, set the pace of every benchmark, and a status patch
 * (admission reads the object, then the store finds it) cost two scans. The index is keyed by
 * plural, namespace and name, which every object a query of one name in one namespace matches
 * carries too, so it holds every candidate; each candidate is still checked with the store's own
 * {@link AttributeSet#matches}. Anything else (lists, selectors, cluster-scoped objects, watches)
 * scans as before.
 *
 * <p>Lists come as from kube-apiserver: in namespace-then-name order (the store's own is the order
 * of the last writes), one page at a time when {@code limit} or {@code continue} asks for it. The
 * stock store ignores both and answers with every object, so the operator's start-up probe ({@code
 * limit=1}) got, and decoded, all 10000 NorthflankJobs of a benchmark, and kubectl's chunks of 500
 * were one chunk. See {@link ListPage}.
 *
 * <p>Merge patches are RFC 7386: the stock store merges with Jackson's readerForUpdating, which
 * appends to arrays instead of replacing them, so a status patch of {@code conditions} would leave
 * the old conditions in front of the new ones.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final Logger log = LoggerFactory.getLogger(IndexedCrudDispatcher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The index's answer that nothing stored matches. */
  private static final Map.Entry<AttributeSet, String> NOT_FOUND =
      Map.entry(new AttributeSet(), "");

  /**
   * Stored keys by plural, namespace and name; several when namesakes differ in group. Its monitor
   * also guards the store's writes against the reads that do not take the store's own lock (the
   * index's and the pages'): a write removes an object and then stores it again, and a read in
   * between would find nothing.
   */
  private final Map<List<Attribute>, Set<AttributeSet>> byName = new HashMap<>();

  /** The resourceVersion of the newest write, which a page of a list is as recent as. */
  private long newestVersion;

  /**
   * False once a write stored an object under attributes the index could not reproduce: from then
   * on every lookup scans, as the stock store does, rather than risk a wrong answer.
   */
  private boolean complete = true;

  private final LongAdder scans = new LongAdder();

  @Override
  public JsonNode merge(JsonNode baseResource, String patch)
      throws KubernetesCrudDispatcherException {
    JsonNode body;
    try {
      body = JSON.readTree(patch);
    } catch (java.io.IOException e) {
      throw new KubernetesCrudDispatcherException(
          e.getMessage(), HttpURLConnection.HTTP_BAD_REQUEST);
    }
    if (!body.isObject() || !baseResource.isObject()) {
      throw new KubernetesCrudDispatcherException("a merge patch must be an object", 422);
    }
    ObjectNode merged = ((ObjectNode) baseResource).deepCopy();
    MergePatch.apply(merged, body);
    return merged;
  }

  /** The handlers of POST, PUT and PATCH find their object here, under the store's write lock. */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    // not Optional.map: an answer of "none" (every create asks) must not turn into a scan
    Optional<Map.Entry<AttributeSet, String>> found = indexed(query);
    if (found.isEmpty()) {
      return scan(query);
    }
    return found.get() == NOT_FOUND ? null : found.get();
  }

  private Map.Entry<AttributeSet, String> scan(AttributeSet query) {
    scans.increment();
    return super.findResource(query);
  }

  /** Writes (create, update, patch) that looked their object up by scanning the whole store. */
  long scans() {
    return scans.sum();
  }

  /**
   * A GET of one object (no query) is answered from the index, a list by {@link #page}; a watch,
   * and what they cannot answer, by the store.
   */
  @Override
  public MockResponse handleGet(String path) {
    Optional<ListPage> page;
    try {
      page = ListPage.requested(path);
    } catch (IllegalArgumentException e) {
      return CustomResourceAdmission.status(
          HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", e.getMessage(), null);
    }
    if (page.isEmpty()) {
      return super.handleGet(path);
    }
    AttributeSet query = getKey(path);
    if (!query.containsKey(KubernetesAttributesExtractor.NAME)) {
      return page(query, page.get()).orElseGet(() -> super.handleGet(path));
    }
    Optional<Map.Entry<AttributeSet, String>> found =
        path.indexOf('?') < 0 ? indexed(query) : Optional.empty();
    if (found.isEmpty()) {
      return super.handleGet(path);
    }
    return found.get() == NOT_FOUND
        ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
        : new MockResponse()
            .setResponseCode(HttpURLConnection.HTTP_OK)
            .setBody(found.get().getValue());
  }

  /**
   * The stored object a query of one name in one namespace matches, or {@link #NOT_FOUND}; empty
   * when the index cannot answer the query and the store must scan.
   */
  private Optional<Map.Entry<AttributeSet, String>> indexed(AttributeSet query) {
    List<Attribute> key = nameKey(query);
    // without a namespace a query matches namesakes in every namespace, which the key tells apart
    if (key == null || !query.containsKey(KubernetesAttributesExtractor.NAMESPACE)) {
      return Optional.empty();
    }
    synchronized (byName) {
      if (!complete) {
        return Optional.empty();
      }
      for (AttributeSet candidate : byName.getOrDefault(key, Set.of())) {
        String stored = map.get(candidate);
        if (stored != null && candidate.matches(query)) {
          return Optional.of(Map.entry(candidate, stored));
        }
      }
    }
    return Optional.of(NOT_FOUND);
  }

  /**
   * One page of the objects a list matches (plural, namespace, labels), in kube-apiserver's order;
   * empty for the store to answer when the path names no kind, or when a first page finds nothing:
   * the path may then be a discovery request ({@code /apis/group/version}), which the store knows.
   */
  private Optional<MockResponse> page(AttributeSet query, ListPage page) {
    if (!query.containsKey(KubernetesAttributesExtractor.PLURAL)) {
      return Optional.empty();
    }
    // only the page's objects are copied into the answer, not every one the list matches
    List<Map.Entry<String, String>> unserved = new ArrayList<>();
    long version;
    synchronized (byName) {
      synchronized (map) {
        for (Map.Entry<AttributeSet, String> stored : map.entrySet()) {
          if (stored.getKey().matches(query)) {
            String key =
                ListPage.key(
                    value(stored.getKey(), KubernetesAttributesExtractor.NAMESPACE),
                    value(stored.getKey(), KubernetesAttributesExtractor.NAME));
            if (page.notServedBefore(key)) {
              unserved.add(Map.entry(key, stored.getValue()));
            }
          }
        }
      }
      version = newestVersion;
    }
    if (unserved.isEmpty() && page.after() == null) {
      return Optional.empty();
    }
    // sorted outside the monitor, which every GET by name and every write takes
    unserved.sort(Map.Entry.comparingByKey());
    StringBuilder items = new StringBuilder();
    String kind = "List";
    String last = null;
    int served = 0;
    for (Map.Entry<String, String> object : unserved) {
      if (page.limit() > 0 && served == page.limit()) {
        break;
      }
      if (served++ == 0) {
        kind = listKind(kindOf(object.getValue()));
      } else {
        items.append(',');
      }
      items.append(object.getValue());
      last = object.getKey();
    }
    String more =
        served < unserved.size() ? ",\"continue\":\"" + ListPage.continueToken(last) + "\"" : "";
    return Optional.of(
        new MockResponse()
            .setResponseCode(HttpURLConnection.HTTP_OK)
            .setBody(
                "{\"apiVersion\":\"v1\",\"kind\":\""
                    + kind
                    + "\",\"metadata\":{\"resourceVersion\":\""
                    + version
                    + "\""
                    + more
                    + "},\"items\":["
                    + items
                    + "]}"));
  }

  /**
   * What kube-apiserver calls a list of objects of this kind ({@code EventList}; kubectl's typed
   * clients find nothing in a list of the wrong kind).
   */
  private static String listKind(String itemKind) {
    return itemKind.isEmpty() ? "List" : itemKind + "List";
  }

  private static String kindOf(String object) {
    try {
      return JSON.readTree(object).path("kind").asText("");
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static String value(AttributeSet attributes, String key) {
    Attribute attribute = attributes.getAttribute(key);
    return attribute == null || attribute.getValues().isEmpty()
        ? null
        : attribute.getValues().get(0).toString();
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    synchronized (byName) {
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      if (resource != null && resource.getMetadata() != null) {
        newestVersion = Math.max(newestVersion, version(resource.getMetadata()));
      }
      if (oldAttributes != null && !map.containsKey(oldAttributes)) {
        List<Attribute> key = nameKey(oldAttributes);
        if (key != null) {
          Set<AttributeSet> named = byName.get(key);
          if (named != null && named.remove(oldAttributes) && named.isEmpty()) {
            byName.remove(key);
          }
        }
      }
      if (newState != null) {
        // an update that kept its attributes (a status patch, most writes) is stored under the old
        // key: only a create or a changed key needs the store's key worked out again
        AttributeSet stored =
            oldAttributes != null && newState.equals(map.get(oldAttributes))
                ? oldAttributes
                : storedAttributes(pathAttributes, resource, newState);
        if (!Objects.equals(map.get(stored), newState)) {
          complete = false;
          log.warn("The store's index lost track of an object at {}; lookups scan from now", path);
          return;
        }
        List<Attribute> key = nameKey(stored);
        if (key != null) {
          Set<AttributeSet> named = byName.computeIfAbsent(key, k -> new LinkedHashSet<>());
          // the store re-inserts a written object at its end; keep the same order among namesakes
          named.remove(stored);
          named.add(stored);
        }
      }
    }
  }

  @Override
  public void reset() {
    super.reset();
    synchronized (byName) {
      byName.clear();
      complete = true;
      newestVersion = 0;
    }
  }

  private static long version(ObjectMeta metadata) {
    try {
      return Long.parseLong(metadata.getResourceVersion());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** What the stock store keys a written object by (KubernetesCrudDispatcher#processEvent). */
  private AttributeSet storedAttributes(
      AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
    AttributeSet attributes =
        resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
    if (!attributes.containsKey(KubernetesAttributesExtractor.PLURAL)) {
      attributes = AttributeSet.merge(pathAttributes, attributes);
    }
    return attributes;
  }

  /** Plural, namespace (null when cluster-scoped) and name, or null without a plural or name. */
  private static List<Attribute> nameKey(AttributeSet attributes) {
    Attribute plural = attributes.getAttribute(KubernetesAttributesExtractor.PLURAL);
    Attribute name = attributes.getAttribute(KubernetesAttributesExtractor.NAME);
    if (plural == null || name == null) {
      return null;
    }
    return Arrays.asList(
        plural, attributes.getAttribute(KubernetesAttributesExtractor.NAMESPACE), name);
  }
}

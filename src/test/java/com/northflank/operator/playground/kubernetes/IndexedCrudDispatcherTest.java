package com.northflank.operator.playground.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store's index answers every lookup of one name in one namespace as the scan it replaces
 * would: namesakes in other namespaces, deletes and re-creates, label changes, generated names,
 * status patches of many resources; cluster-scoped objects and selectors still scan. A GET never
 * finds an object missing while it is being rewritten. A list that asks for a page gets one, in
 * kube-apiserver's order.
 */
class IndexedCrudDispatcherTest {

  private static final ResourceDefinitionContext NFJOB =
      ResourceDefinitionContext.fromResourceType(NorthflankJob.class);

  private static EmbeddedKubernetes kubernetes;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    kubernetes = EmbeddedKubernetes.start();
    kubernetes.installCrd();
    client = kubernetes.client();
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
  }

  @Test
  void namesakesInOtherNamespacesAreToldApartThroughCreatePatchDeleteAndCreateAgain() {
    create("ns-a", "shared", "a");
    create("ns-b", "shared", "b");

    assertThat(value("ns-a", "shared")).isEqualTo("a");
    assertThat(value("ns-b", "shared")).isEqualTo("b");

    client
        .configMaps()
        .inNamespace("ns-b")
        .withName("shared")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"v\":\"b2\"}}");
    assertThat(value("ns-a", "shared")).isEqualTo("a");
    assertThat(value("ns-b", "shared")).isEqualTo("b2");

    client.configMaps().inNamespace("ns-a").withName("shared").delete();
    assertThat(client.configMaps().inNamespace("ns-a").withName("shared").get()).isNull();
    assertThat(value("ns-b", "shared")).isEqualTo("b2");

    create("ns-a", "shared", "a2");
    assertThat(value("ns-a", "shared")).isEqualTo("a2");
    KubernetesClientException duplicate =
        catchThrowableOfType(
            KubernetesClientException.class, () -> create("ns-b", "shared", "again"));
    assertThat(duplicate.getCode()).isEqualTo(409);
  }

  @Test
  void aLabelChangeKeepsTheObjectFoundByNameAndMovesItBetweenSelectors() {
    create("labels", "moving", "x");
    client
        .configMaps()
        .inNamespace("labels")
        .withName("moving")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"tier\":\"2\"}}}");

    assertThat(value("labels", "moving")).isEqualTo("x");
    assertThat(client.configMaps().inNamespace("labels").withLabel("tier", "2").list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("moving");

    client
        .configMaps()
        .inNamespace("labels")
        .withName("moving")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"tier\":\"3\"}}}");
    assertThat(client.configMaps().inNamespace("labels").withLabel("tier", "2").list().getItems())
        .isEmpty();
    assertThat(value("labels", "moving")).isEqualTo("x");
  }

  @Test
  void eachOfManyStatusPatchesLandsOnItsOwnResource() {
    int count = 60;
    for (int i = 0; i < count; i++) {
      client
          .genericKubernetesResources(NFJOB)
          .inNamespace("many")
          .resource(nfjob("job-" + i))
          .create();
    }
    for (int i = 0; i < count; i++) {
      client
          .genericKubernetesResources(NFJOB)
          .inNamespace("many")
          .withName("job-" + i)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"status\":{\"schedule\":\"" + i + " * * * *\"}}");
    }
    for (int i = 0; i < count; i++) {
      GenericKubernetesResource job =
          client.genericKubernetesResources(NFJOB).inNamespace("many").withName("job-" + i).get();
      assertThat(job.get("status", "schedule").toString()).isEqualTo(i + " * * * *");
    }
  }

  @Test
  void anObjectCreatedWithAGeneratedNameIsFoundByIt() {
    Event event =
        client
            .v1()
            .events()
            .inNamespace("events")
            .resource(
                new EventBuilder()
                    .withNewMetadata()
                    .withGenerateName("job.")
                    .endMetadata()
                    .withReason("Tested")
                    .build())
            .create();

    Event read =
        client.v1().events().inNamespace("events").withName(event.getMetadata().getName()).get();
    assertThat(read.getReason()).isEqualTo("Tested");
  }

  @Test
  void clusterScopedObjectsAreStillFound() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("scoped").endMetadata().build())
        .create();

    assertThat(client.namespaces().withName("scoped").get()).isNotNull();
    client.namespaces().withName("scoped").delete();
    assertThat(client.namespaces().withName("scoped").get()).isNull();
  }

  @Test
  void writesOfNamespacedObjectsFindTheirObjectWithoutScanningTheStore() {
    IndexedCrudDispatcher store = new IndexedCrudDispatcher();
    String configMaps = "/api/v1/namespaces/quiet/configmaps";

    assertThat(store.dispatch(request("POST", configMaps, configMap("one"))).code()).isEqualTo(201);
    assertThat(store.dispatch(request("POST", configMaps, configMap("two"))).code()).isEqualTo(201);
    assertThat(store.dispatch(request("POST", configMaps, configMap("two"))).code()).isEqualTo(409);
    assertThat(
            store
                .dispatch(request("PATCH", configMaps + "/one", "{\"data\":{\"v\":\"2\"}}"))
                .getBody()
                .readUtf8())
        .contains("\"v\":\"2\"");
    assertThat(store.scans()).isZero();

    // the count is live: a cluster-scoped object is still found by scanning
    store.dispatch(
        request(
            "POST",
            "/api/v1/namespaces",
            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"quiet\"}}"));
    assertThat(store.scans()).isEqualTo(1);
  }

  @Test
  void anObjectBeingRewrittenIsNeverMissingToAGetOfItsName() throws Exception {
    IndexedCrudDispatcher store = new IndexedCrudDispatcher();
    String configMaps = "/api/v1/namespaces/busy/configmaps";
    store.dispatch(request("POST", configMaps, configMap("hot")));
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < 1000; i++) {
                store.dispatch(
                    request("PATCH", configMaps + "/hot", "{\"data\":{\"v\":\"" + i + "\"}}"));
              }
              writing.set(false);
            });
    writer.start();

    int reads = 0;
    List<Integer> missing = new ArrayList<>();
    while (writing.get()) {
      int code = store.handleGet(configMaps + "/hot").code();
      reads++;
      if (code != 200) {
        missing.add(code);
      }
    }
    writer.join();

    assertThat(reads).isPositive();
    // the store removes an object and then stores it again; a read in between found nothing
    assertThat(missing).isEmpty();
  }

  @Test
  void aListWithALimitIsServedPageByPageInNamespaceThenNameOrder() {
    for (String[] object :
        new String[][] {{"pages-b", "c"}, {"pages-a", "b"}, {"pages-b", "a"}, {"pages-a", "a"}}) {
      create(object[0], object[1], "1", Map.of("test", "paged"));
    }
    create("pages-a", "other", "1", Map.of("test", "unpaged"));

    List<String> served = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = null;
    do {
      ConfigMapList page =
          client
              .configMaps()
              .inAnyNamespace()
              .withLabel("test", "paged")
              .list(new ListOptionsBuilder().withLimit(3L).withContinue(token).build());
      page.getItems()
          .forEach(
              c -> served.add(c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()));
      pageSizes.add(page.getItems().size());
      long newestItem =
          page.getItems().stream()
              .mapToLong(c -> Long.parseLong(c.getMetadata().getResourceVersion()))
              .max()
              .orElse(0);
      assertThat(Long.parseLong(page.getMetadata().getResourceVersion()))
          .isGreaterThanOrEqualTo(newestItem);
      token = page.getMetadata().getContinue();
    } while (token != null);

    assertThat(pageSizes).containsExactly(3, 1);
    assertThat(served).containsExactly("pages-a/a", "pages-a/b", "pages-b/a", "pages-b/c");
    // without a limit, the whole list, in the same order after a write moved one to the store's end
    client
        .configMaps()
        .inNamespace("pages-a")
        .withName("a")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"v\":\"moved\"}}");
    assertThat(client.configMaps().inAnyNamespace().withLabel("test", "paged").list().getItems())
        .extracting(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName())
        .containsExactly("pages-a/a", "pages-a/b", "pages-b/a", "pages-b/c");
  }

  @Test
  void aPageCopiesOnlyItsOwnObjects() {
    IndexedCrudDispatcher store = new IndexedCrudDispatcher();
    String configMaps = "/api/v1/namespaces/big/configmaps";
    for (int i = 0; i < 50; i++) {
      store.dispatch(request("POST", configMaps, configMap(String.format("map-%02d", i))));
    }

    String page = store.dispatch(request("GET", configMaps + "?limit=1", "")).getBody().readUtf8();

    assertThat(page).contains("\"name\":\"map-00\"").doesNotContain("map-01");
    // named as kube-apiserver names it, from the page's object alone
    assertThat(page).contains("\"kind\":\"ConfigMapList\"");
  }

  @Test
  void aContinueTokenThatIsNotOneOfOursIsABadRequest() {
    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                client
                    .configMaps()
                    .inNamespace("pages-a")
                    .list(new ListOptionsBuilder().withLimit(1L).withContinue("garbage").build()));

    assertThat(refused.getCode()).isEqualTo(400);
    assertThat(refused.getMessage()).contains("continue key is not valid");
  }

  private static RecordedRequest request(String method, String path, String body) {
    return new RecordedRequest(
        "HTTP/1.1",
        HttpMethod.valueOf(method),
        path,
        Headers.builder()
            .add(
                "Content-Type",
                method.equals("PATCH") ? "application/merge-patch+json" : "application/json")
            .build(),
        new Buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String configMap(String name) {
    return Serialization.asJson(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withData(Map.of("v", "1"))
            .build());
  }

  private static void create(String namespace, String name, String value) {
    create(namespace, name, value, Map.of());
  }

  private static void create(
      String namespace, String name, String value, Map<String, String> labels) {
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withData(Map.of("v", value))
                .build())
        .create();
  }

  private static String value(String namespace, String name) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    return map == null ? null : map.getData().get("v");
  }

  private static GenericKubernetesResource nfjob(String name) {
    return Serialization.unmarshal(
        """
        apiVersion: northflank.com/v1alpha1
        kind: NorthflankJob
        metadata:
          name: %s
        spec:
          projectId: p
          jobId: %s
        """
            .formatted(name, name),
        GenericKubernetesResource.class);
  }
}

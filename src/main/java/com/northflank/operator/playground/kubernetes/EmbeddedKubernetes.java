package com.northflank.operator.playground.kubernetes;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.validation.CrdSchema;
import com.northflank.operator.validation.CustomResourceValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process Kubernetes API (fabric8's mock server in CRUD mode) for the demo, the benchmark and
 * the integration tests. Every request is recorded so tests can count writes and derive the RBAC
 * the operator really needs.
 */
public final class EmbeddedKubernetes implements AutoCloseable {

  /** Where the CRD generator puts the CRD, inside the jar as in target/classes. */
  public static final String CRD_RESOURCE = CrdSchema.NORTHFLANK_JOB_CRD;

  /** The mock server logs every request at INFO through java.util.logging; held strongly. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesApiDispatcher api;
  private final RecordingDispatcher dispatcher;
  private final KubernetesClient client;
  private ClientEndpoint clientEndpoint;

  private EmbeddedKubernetes(
      KubernetesMockServer server, KubernetesApiDispatcher api, RecordingDispatcher dispatcher) {
    this.server = server;
    this.api = api;
    this.dispatcher = dispatcher;
    this.client = server.createClient();
  }

  /** Starts on a free loopback port, plain HTTP. */
  public static EmbeddedKubernetes start() {
    return start(0);
  }

  public static EmbeddedKubernetes start(int port) {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> expectations = new ConcurrentHashMap<>();
    KubernetesApiDispatcher api =
        new KubernetesApiDispatcher(
            expectations,
            new CustomResourceAdmission(
                CustomResourceValidator.northflankJob(),
                HasMetadata.getPlural(NorthflankJob.class)));
    RecordingDispatcher dispatcher = new RecordingDispatcher(api);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), expectations, dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    return new EmbeddedKubernetes(server, api, dispatcher);
  }

  /** Installs the NorthflankJob CRD exactly as generated from the model and shipped in the jar. */
  public CustomResourceDefinition installCrd() {
    try (InputStream crd = EmbeddedKubernetes.class.getResourceAsStream(CRD_RESOURCE)) {
      if (crd == null) {
        throw new IllegalStateException("CRD not on the classpath: " + CRD_RESOURCE);
      }
      return client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Serves what the real kubectl needs on top of CRUD (discovery, OpenAPI, server-side printing of
   * the CRD's and Events' columns, watches as chunked streams) on an address of its own, which
   * fabric8 clients (the operator run as its own process) can use too: their WebSocket watches are
   * relayed. Returns that address, the one to give every client outside this process.
   */
  public URI enableKubectl(CustomResourceDefinition crd) {
    KubectlSupport support = new KubectlSupport(crd);
    api.enableKubectl(support);
    if (clientEndpoint == null) {
      clientEndpoint = new ClientEndpoint(URI.create(url()), support::tableRow);
    }
    return clientEndpoint.url();
  }

  /** {@link #enableKubectl(CustomResourceDefinition)}, and a kubeconfig for its address. */
  public Path enableKubectl(CustomResourceDefinition crd, Path kubeconfig) {
    return writeKubeconfig(enableKubectl(crd), kubeconfig);
  }

  /** A kubeconfig whose current context is the given address of this API, namespace demo. */
  public static Path writeKubeconfig(URI server, Path kubeconfig) {
    String config =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: embedded
          cluster:
            server: %s
        users:
        - name: demo
          user:
            token: demo
        contexts:
        - name: embedded
          context:
            cluster: embedded
            user: demo
            namespace: demo
        current-context: embedded
        """
            .formatted(server);
    try {
      Files.writeString(kubeconfig, config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return kubeconfig;
  }

  /**
   * Creates a custom resource exactly as given, past the CRD's schema and rules: what a real API
   * server still holds after its CRD was tightened, and what a client cannot create through the
   * front door. Watches see it as any other create. Returns the store's answer (201 and the stored
   * object).
   *
   * @param collectionPath e.g. {@code /apis/northflank.com/v1alpha1/namespaces/ns/northflankjobs}
   */
  public MockResponse createUnadmitted(String collectionPath, String json) {
    return api.storeUnadmitted(
        new RecordedRequest(
            "HTTP/1.1",
            HttpMethod.POST,
            collectionPath,
            Headers.builder().add("Content-Type", "application/json").build(),
            new Buffer(json.getBytes(StandardCharsets.UTF_8))));
  }

  /** A client for the operator; callers may create more from {@link #server()}. */
  public KubernetesClient client() {
    return client;
  }

  public KubernetesMockServer server() {
    return server;
  }

  public RecordingDispatcher requests() {
    return dispatcher;
  }

  public String url() {
    return server.url("/");
  }

  @Override
  public void close() {
    if (clientEndpoint != null) {
      clientEndpoint.close();
    }
    client.close();
    server.destroy();
  }
}

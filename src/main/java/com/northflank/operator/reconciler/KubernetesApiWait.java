package com.northflank.operator.reconciler;

import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the operator's start until the Kubernetes API answers the requests its informers begin with
 * (list NorthflankJobs, list the labelled token Secrets), saying what it waits for and when it
 * tries again. Without it JOSDK's start blocks, silent, for its cache sync timeout (two minutes)
 * per informer before it logs a bare TimeoutException; and it keeps the common mistakes (no CRD, no
 * RBAC, a wrong kubeconfig) in one line each.
 */
final class KubernetesApiWait {

  private static final Logger log = LoggerFactory.getLogger(KubernetesApiWait.class);

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final IntervalFunction backoff;
  private final CountDownLatch cancelled = new CountDownLatch(1);

  /**
   * @param namespaces the watched namespaces; empty for all
   */
  KubernetesApiWait(KubernetesClient client, Set<String> namespaces) {
    this(client, namespaces, FIRST_RETRY, LONGEST_RETRY);
  }

  KubernetesApiWait(
      KubernetesClient client, Set<String> namespaces, Duration first, Duration longest) {
    // one answer per attempt: the client's own retries (10, from 100ms doubling) would hide the
    // error for a minute and more; this loop retries, and says so
    this.client =
        client
            .newClient(
                new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .adapt(KubernetesClient.class);
    this.namespaces = Set.copyOf(namespaces);
    this.backoff = IntervalFunction.ofExponentialBackoff(first, 2.0, longest);
  }

  /**
   * Returns once the API answers every request the informers begin with: true, or false when {@link
   * #cancel} came first.
   */
  boolean await() {
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      Optional<String> problem = problem();
      if (cancelled.getCount() == 0) {
        return false;
      }
      if (problem.isEmpty()) {
        if (attempt > 1) {
          log.info(
              "The Kubernetes API at {} answers, after {} failed attempt{} in {}",
              client.getMasterUrl(),
              attempt - 1,
              attempt > 2 ? "s" : "",
              DurationParser.format(
                  Duration.ofSeconds((System.nanoTime() - started) / 1_000_000_000)));
        }
        return true;
      }
      Duration delay = Duration.ofMillis(backoff.apply(attempt));
      log.warn(
          "Waiting for the Kubernetes API at {}: {}; next attempt in {}",
          client.getMasterUrl(),
          problem.get(),
          DurationParser.format(delay));
      try {
        if (cancelled.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Ends {@link #await} at once. */
  void cancel() {
    cancelled.countDown();
  }

  /** What keeps the informers from starting, or empty when nothing does. */
  private Optional<String> problem() {
    for (Probe probe : probes()) {
      try {
        probe.list();
      } catch (KubernetesClientException e) {
        return Optional.of(probe.what + " failed: " + describe(e, probe.type));
      }
    }
    return Optional.empty();
  }

  /** One request the informers begin with. */
  private record Probe(String what, Class<? extends HasMetadata> type, Runnable request) {
    void list() {
      request.run();
    }
  }

  private List<Probe> probes() {
    ListOptions one = new ListOptionsBuilder().withLimit(1L).build();
    ListOptions tokens =
        new ListOptionsBuilder()
            .withLimit(1L)
            .withLabelSelector(CredentialResolver.CREDENTIALS_SELECTOR)
            .build();
    String jobs = "list " + HasMetadata.getFullResourceName(NorthflankJob.class);
    String secrets = "list Secrets labelled " + CredentialResolver.CREDENTIALS_SELECTOR;
    List<Probe> probes = new ArrayList<>();
    if (namespaces.isEmpty()) {
      probes.add(
          new Probe(
              jobs,
              NorthflankJob.class,
              () -> client.resources(NorthflankJob.class).inAnyNamespace().list(one)));
      probes.add(
          new Probe(secrets, Secret.class, () -> client.secrets().inAnyNamespace().list(tokens)));
    } else {
      for (String namespace : namespaces.stream().sorted().toList()) {
        String in = " in namespace " + namespace;
        probes.add(
            new Probe(
                jobs + in,
                NorthflankJob.class,
                () -> client.resources(NorthflankJob.class).inNamespace(namespace).list(one)));
        probes.add(
            new Probe(
                secrets + in,
                Secret.class,
                () -> client.secrets().inNamespace(namespace).list(tokens)));
      }
    }
    return probes;
  }

  /** The error in one line: the HTTP status and what it most likely means, or the I/O failure. */
  static String describe(KubernetesClientException e, Class<? extends HasMetadata> type) {
    int code = e.getCode();
    if (code > 0) {
      String message =
          e.getStatus() == null || e.getStatus().getMessage() == null
              ? ""
              : ": " + e.getStatus().getMessage();
      return switch (code) {
        case 401 -> "HTTP 401: the credentials of the kubeconfig or service account were refused";
        case 403 -> "HTTP 403" + message;
        case 404 ->
            type == NorthflankJob.class
                ? "HTTP 404: the NorthflankJob CRD is not installed"
                    + " (kubectl apply --server-side -k crds/)"
                : "HTTP 404" + message;
        default -> "HTTP " + code + message;
      };
    }
    // the first exception under the wrappers (fabric8's, the futures', a bare IOException), e.g.
    // "ConnectException (UnresolvedAddressException)" or "SSLHandshakeException: ..."
    Throwable cause = e.getCause();
    while (cause != null
        && cause.getCause() != null
        && (cause instanceof KubernetesClientException
            || cause instanceof CompletionException
            || cause instanceof ExecutionException
            || cause.getClass() == IOException.class)) {
      cause = cause.getCause();
    }
    if (cause == null) {
      return e.getMessage();
    }
    String name = cause.getClass().getSimpleName();
    if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
      return name + ": " + cause.getMessage();
    }
    return cause.getCause() == null
        ? name
        : name + " (" + cause.getCause().getClass().getSimpleName() + ")";
  }
}

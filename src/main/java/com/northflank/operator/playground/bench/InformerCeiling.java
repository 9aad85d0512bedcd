package com.northflank.operator.playground.bench;

import static com.northflank.operator.playground.bench.ThroughputRun.seconds;

import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ceiling of any controller: a plain fabric8 informer on NorthflankJobs, no JOSDK, whose add
 * handler hands each job to a pool of the operator's concurrency that does the {@link MinimalSync}.
 * Timed like the operator's first full sync, from the informer's start (its list and watch
 * included) to the last status patch; the informer also receives and decodes the watch event of
 * each of its own patches, as the operator's does.
 */
final class InformerCeiling {

  private final KubernetesClient client;
  private final MinimalSync sync;
  private final int concurrency;
  private final ThroughputRun.Progress progress;

  InformerCeiling(
      KubernetesClient client, MinimalSync sync, int concurrency, ThroughputRun.Progress progress) {
    this.client = client;
    this.sync = sync;
    this.concurrency = concurrency;
    this.progress = progress;
  }

  /** Time until every one of {@code jobs} resources was synced once. */
  Duration run(int jobs, Duration timeout) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    CountDownLatch synced = new CountDownLatch(jobs);
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicLong firstSynced = new AtomicLong();
    SharedIndexInformer<NorthflankJob> informer =
        client.resources(NorthflankJob.class).inAnyNamespace().runnableInformer(0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(NorthflankJob job) {
            pool.execute(
                () -> {
                  try {
                    sync.sync(job.getMetadata().getNamespace(), job.getMetadata().getName());
                    firstSynced.compareAndSet(0, System.nanoTime());
                    synced.countDown();
                  } catch (Exception e) {
                    failure.compareAndSet(null, e);
                  }
                });
          }

          @Override
          public void onUpdate(NorthflankJob before, NorthflankJob after) {
            // its own status patches: nothing to do, as for the operator
          }

          @Override
          public void onDelete(NorthflankJob job, boolean finalStateUnknown) {}
        });
    try {
      CpuAccount cpu = CpuAccount.start();
      long start = System.nanoTime();
      informer.start();
      long deadline = start + timeout.toNanos();
      while (!synced.await(50, TimeUnit.MILLISECONDS)) {
        if (failure.get() != null) {
          throw new IllegalStateException("the informer ceiling failed a sync", failure.get());
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("the informer ceiling did not finish within " + timeout);
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      progress.say(
          "informer ceiling: %.1fs (first status after %.1fs), %s",
          seconds(took), (firstSynced.get() - start) / 1e9, cpu.perJob(jobs));
      return took;
    } finally {
      informer.close();
      pool.shutdownNow();
    }
  }
}

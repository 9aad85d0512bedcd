package com.northflank.operator.playground.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Synthetic jobs spread evenly over several projects, each with a NorthflankJob that declares its
 * live job in full (as a GitOps repository would) and no syncInterval of its own.
 */
final class Fleet {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One job and its resource. */
  record Member(String project, String jobId, String name) {}

  private Fleet() {}

  static List<Member> create(
      NorthflankSimulator northflank, KubernetesClient client, int jobs, int projects)
      throws Exception {
    List<Member> members = new ArrayList<>();
    for (int p = 0; p < projects; p++) {
      String project = "bench-project-" + p;
      int count = jobs / projects + (p < jobs % projects ? 1 : 0);
      northflank.seedSyntheticJobs(project, count);
      for (int i = 1; i <= count; i++) {
        String jobId = String.format("job-%05d", i);
        members.add(new Member(project, jobId, "p" + p + "-" + jobId));
      }
    }
    declare(northflank, client, members);
    return members;
  }

  /** A NorthflankJob for each member, declaring its live job in full, created 16 at a time. */
  static void declare(NorthflankSimulator northflank, KubernetesClient client, List<Member> members)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (Member m : members) {
        ObjectNode live = northflank.job(m.project(), m.jobId()).orElseThrow();
        created.add(
            pool.submit(
                () -> {
                  NorthflankJob job = new NorthflankJob();
                  job.setMetadata(
                      new ObjectMetaBuilder()
                          .withName(m.name())
                          .withNamespace(ThroughputRun.NAMESPACE)
                          .build());
                  job.setSpec(
                      new NorthflankJobSpec(
                          m.project(),
                          m.jobId(),
                          null,
                          null,
                          null,
                          JSON.convertValue(live, JobDefinition.class)));
                  client.resource(job).create();
                }));
      }
      for (Future<?> f : created) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}

package com.northflank.operator.cli;

import com.northflank.operator.gitops.BudgetedReads;
import com.northflank.operator.gitops.ExportRequest;
import com.northflank.operator.gitops.ExportService;
import com.northflank.operator.gitops.ExportTarget;
import com.northflank.operator.observability.LogFormats;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a project's live jobs as NorthflankJob resources, to bootstrap a Git repository. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    abbreviateSynopsis = true,
    description = {
      "Write the live jobs of a Northflank project as NorthflankJob YAML.",
      "Lists the project's jobs (or takes the --job ones), reads each with Get Job within the"
          + " request budget and writes one resource per job: DIR/<jobId>.yaml with --output-dir,"
          + " else a multi-document stream on stdout. The same live state gives the same bytes."
          + " Progress goes to stderr. Only reads: nothing is changed in Northflank."
    },
    exitCodeList = {
      "0:every job exported",
      "2:an error (bad option, token refused, API unreachable or failing, missing job)"
    })
public final class ExportCommand implements Callable<Integer> {

  @Option(
      names = "--project",
      paramLabel = "ID",
      required = true,
      description = "Northflank project whose jobs to export.")
  String project;

  @Option(
      names = "--team",
      paramLabel = "ID",
      description = "Northflank team of the project: use the team-scoped API routes.")
  String team;

  @Option(
      names = "--job",
      paramLabel = "ID",
      description = "Export only this job; repeat it for several. Default: every job.")
  List<String> jobs = new ArrayList<>();

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description =
          "Namespace written into each resource. Default: none, so that the files apply into"
              + " any namespace.")
  String namespace;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description = "Write DIR/<jobId>.yaml per job, creating DIR. Default: stdout.")
  Path outputDir;

  @Option(
      names = "--secret-ref",
      paramLabel = "NAME",
      description =
          "Secret (key: token) each resource reads its API token from. Default: none, so the"
              + " operator-wide token is used.")
  String secretRef;

  @Mixin ApiOptions api;

  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  ExportCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    LogFormats.toStandardError();
    ExportRequest request;
    try {
      request = ExportRequest.of(team, project, jobs, namespace, secretRef);
    } catch (ExportRequest.Invalid e) {
      System.err.println("Invalid value for option '" + flag(e.part()) + "': " + e.getMessage());
      System.err.println(Main.tryHelp(spec));
      return 2;
    }
    Optional<String> unwritable =
        outputDir == null ? Optional.empty() : ExportTarget.unwritable(outputDir);
    if (unwritable.isPresent()) {
      System.err.println("Invalid value for option '--output-dir': " + unwritable.get());
      System.err.println(Main.tryHelp(spec));
      return 2;
    }
    Optional<BudgetedReads> reads = api.connect(environment, System.err);
    if (reads.isEmpty()) {
      System.err.println(Main.tryHelp(spec));
      return 2;
    }
    ExportTarget target =
        outputDir == null ? ExportTarget.stream(System.out) : ExportTarget.directory(outputDir);
    return new ExportService(reads.get(), System.err, Clock.systemUTC())
        .export(request, target)
        .exitCode();
  }

  private static String flag(ExportRequest.Part part) {
    return switch (part) {
      case PROJECT -> "--project";
      case TEAM -> "--team";
      case JOB -> "--job";
      case NAMESPACE -> "--namespace";
      case SECRET -> "--secret-ref";
    };
  }
}

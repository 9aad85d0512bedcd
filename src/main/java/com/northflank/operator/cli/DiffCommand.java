package com.northflank.operator.cli;

import com.northflank.operator.gitops.BudgetedReads;
import com.northflank.operator.gitops.DiffPrinter;
import com.northflank.operator.gitops.DiffReport;
import com.northflank.operator.gitops.DiffService;
import com.northflank.operator.observability.LogFormats;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Compares NorthflankJob files with the live jobs: the check a pull request needs. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    abbreviateSynopsis = true,
    description = {
      "Show the drift of NorthflankJob files from the live jobs.",
      "Reads the live job of each NorthflankJob in the files (YAML or JSON, several documents"
          + " per file, directories recursively) with the operator-wide token, and prints the"
          + " drift the operator's comparator reports, field by field, saying whether a PATCH"
          + " can correct it. In directories, documents of other kinds are skipped. Only reads:"
          + " nothing is changed in Northflank."
    },
    exitCodeList = {
      "0:everything in sync",
      "1:drift",
      "2:an error (bad option, unreadable file, not a NorthflankJob, token refused, API"
          + " unreachable, missing job)"
    })
public final class DiffCommand implements Callable<Integer> {

  /** How the report is printed. */
  enum Format {
    text,
    json
  }

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE|DIR",
      required = true,
      description = "File or directory of NorthflankJobs; repeat it for several.")
  List<Path> files;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "text|json",
      defaultValue = "text",
      description =
          "text for people, like kubectl diff; json for machines. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Mixin ApiOptions api;

  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  DiffCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    LogFormats.toStandardError();
    Optional<BudgetedReads> reads = api.connect(environment, System.err);
    if (reads.isEmpty()) {
      System.err.println(Main.tryHelp(spec));
      return 2;
    }
    DiffReport report = new DiffService(reads.get()).diff(files);
    if (format == Format.json) {
      DiffPrinter.json(report, System.out, System.err);
    } else {
      DiffPrinter.text(report, System.out, System.err);
    }
    return report.exitCode();
  }
}

package com.northflank.operator.cli;

import com.northflank.operator.validation.CustomResourceValidator;
import com.northflank.operator.validation.ManifestValidation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code validate -f FILE|DIR ...}: the offline check a pull request runs before merge. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check NorthflankJob files offline: the CRD's schema and CEL rules.",
      "Directories are read recursively (*.yaml, *.yml, *.json); other kinds are skipped."
          + " Each problem is printed as file: kind/name: field: message."
    },
    exitCodeList = {
      "0:every NorthflankJob valid",
      "1:a NorthflankJob invalid",
      "2:an error (bad option, a file that cannot be read or parsed, no NorthflankJob found)"
    })
public final class ValidateCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE|DIR",
      description = "A manifest file, a directory of them, or - for standard input. Repeatable.")
  List<Path> paths;

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  @Override
  public Integer call() {
    ManifestValidation.Report report =
        new ManifestValidation(CustomResourceValidator.northflankJob()).validate(paths, System.in);
    report.problems().forEach(out::println);
    report.notes().forEach(err::println);
    report.unreadable().forEach(err::println);
    long invalid =
        report.problems().stream().map(p -> p.file() + "\0" + p.resource()).distinct().count();
    err.println(summary(report.checked(), invalid, report.unreadable().size(), paths));
    return report.exitCode();
  }

  /** The last line: never "all valid" when a file was not read or nothing was found to check. */
  static String summary(int checked, long invalid, int unreadable, List<Path> paths) {
    String result = checked + " NorthflankJob(s) checked";
    if (unreadable > 0) {
      return result
          + (invalid > 0 ? ", " + invalid + " invalid" : "")
          + "; "
          + unreadable
          + (unreadable == 1 ? " file" : " files")
          + " could not be read";
    }
    if (checked == 0) {
      return result
          + ": no NorthflankJob found in "
          + paths.stream().map(Path::toString).collect(Collectors.joining(", "));
    }
    return result + ": " + (invalid == 0 ? "all valid" : invalid + " invalid");
  }
}

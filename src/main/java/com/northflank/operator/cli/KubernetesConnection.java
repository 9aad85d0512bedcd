package com.northflank.operator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Utils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes client {@code run} uses: the kubeconfig's (KUBECONFIG, else ~/.kube/config) or,
 * without one, the pod's service account's, as fabric8 finds them. What fabric8 would get wrong
 * quietly or with a stack trace is refused here in one line: a KUBECONFIG naming no file (fabric8
 * would fall back to an in-cluster address that never answers) and a kubeconfig it cannot parse.
 */
final class KubernetesConnection {

  /** "line 1, column 9" (YAML parser) or "line: 3, column: 11" (Jackson) in a message. */
  private static final Pattern PARSER_MARK = Pattern.compile("line:? (\\d+), column:? (\\d+)");

  /** The kubeconfig cannot be used; the message is one line for the terminal. */
  static final class Unusable extends Exception {
    private static final long serialVersionUID = 1L;

    Unusable(String message) {
      super(message);
    }
  }

  private KubernetesConnection() {}

  static KubernetesClient open() throws Unusable {
    String named = Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_KUBECONFIG_FILE);
    List<String> files = List.copyOf(Config.getKubeconfigFilenames());
    if (named != null
        && !named.isBlank()
        && files.stream().noneMatch(file -> Files.isRegularFile(Path.of(file)))) {
      throw new Unusable(
          "KUBECONFIG names "
              + named
              + ", and there is no such file: the operator would not know its cluster.");
    }
    try {
      return new KubernetesClientBuilder().build();
    } catch (RuntimeException e) {
      List<String> read = files.stream().filter(f -> Files.isRegularFile(Path.of(f))).toList();
      throw new Unusable(
          (read.isEmpty()
                  ? "Cannot configure the Kubernetes client"
                  : "Cannot read the kubeconfig " + String.join(", ", read))
              + ": "
              + oneLine(e));
    }
  }

  /** The parser's first line, and where in the file it stopped when it says so. */
  static String oneLine(Throwable e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    String first = message.lines().findFirst().orElse("").strip();
    Matcher mark = PARSER_MARK.matcher(message);
    return mark.find() && !first.contains("line " + mark.group(1))
        ? first + " (line " + mark.group(1) + ", column " + mark.group(2) + ")"
        : first;
  }
}

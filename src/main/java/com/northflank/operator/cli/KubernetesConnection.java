package com.northflank.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Utils;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes client {@code run} uses: the kubeconfig's (KUBECONFIG, else ~/.kube/config) or,
 * without one, the pod's service account's, as fabric8 finds them. What fabric8 would get wrong
 * quietly or with a stack trace is refused here in one line: a KUBECONFIG naming no file, a
 * kubeconfig whose current-context it does not define (for both fabric8 would fall back to an
 * in-cluster address that never answers), and a kubeconfig it cannot parse or whose certificate
 * files are missing.
 */
final class KubernetesConnection {

  /** "line 1, column 9" (YAML parser) or "line: 3, column: 11" (Jackson) in a message. */
  private static final Pattern PARSER_MARK = Pattern.compile("line:? (\\d+), column:? (\\d+)");

  /** fabric8's message when it wraps a cause without saying more. */
  private static final String FABRIC8_SAYS_NOTHING = "An error has occurred.";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

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
    List<String> read = files.stream().filter(f -> Files.isRegularFile(Path.of(f))).toList();
    KubernetesClient client;
    try {
      client = new KubernetesClientBuilder().build();
    } catch (RuntimeException e) {
      throw new Unusable(
          (read.isEmpty()
                  ? "Cannot configure the Kubernetes client"
                  : "Cannot read the kubeconfig " + String.join(", ", read))
              + ": "
              + oneLine(e));
    }
    if (!read.isEmpty() && client.getConfiguration().getCurrentContext() == null) {
      client.close();
      throw new Unusable(
          "The kubeconfig "
              + String.join(", ", read)
              + " has no current context it defines ("
              + currentContext(read)
              + "): choose one with kubectl config use-context.");
    }
    return client;
  }

  /** What the kubeconfig files say their current-context is, for the message. */
  private static String currentContext(List<String> files) {
    for (String file : files) {
      try {
        JsonNode named = YAML.readTree(Path.of(file).toFile()).path("current-context");
        if (named.isTextual() && !named.asText().isEmpty()) {
          return "current-context: " + named.asText();
        }
      } catch (IOException | RuntimeException e) {
        // fabric8 read it; what it says is only for the message
      }
    }
    return "no current-context";
  }

  /**
   * The parser's first line, and where in the file it stopped when it says so; a file the
   * kubeconfig names (a certificate, a key) that is not there.
   */
  static String oneLine(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoSuchFileException) {
        return "no such file " + t.getMessage();
      }
      if (t instanceof AccessDeniedException) {
        return "permission denied: " + t.getMessage();
      }
    }
    Throwable cause = e;
    while ((cause.getMessage() == null || cause.getMessage().equals(FABRIC8_SAYS_NOTHING))
        && cause.getCause() != null) {
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

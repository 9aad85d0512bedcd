package com.northflank.operator.gitops;

import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.NorthflankApiException.Kind;
import com.northflank.operator.config.OperatorSettings;
import java.util.Optional;

/**
 * What {@code export} and {@code diff} make of a failed read that is not about one job: the API
 * refused the token, or could not be reached. Every following read would fail alike, so the
 * commands stop at the first, and say what to check.
 */
final class ReadFailures {

  private ReadFailures() {}

  /** Whether every following read of the command would fail the same way. */
  static boolean failsEveryRead(NorthflankApiException failure) {
    return failure.kind() == Kind.UNAUTHORIZED || failure.connectionFailed();
  }

  /** What to check, for the failures a person can fix where the command runs. */
  static Optional<String> whatToCheck(NorthflankApiException failure) {
    if (failure.connectionFailed()) {
      return Optional.of(
          "the API cannot be reached: check "
              + OperatorSettings.API_URL.flag().orElseThrow()
              + " ("
              + OperatorSettings.API_URL.variable()
              + ") and that the API can be reached from here");
    }
    return switch (failure.kind()) {
      case UNAUTHORIZED ->
          Optional.of(
              "the API refused the token (Unauthorized): check that "
                  + OperatorSettings.API_TOKEN.variable()
                  + ", or the file "
                  + OperatorSettings.API_TOKEN_FILE.flag().orElseThrow()
                  + " names, holds a Northflank API token that is current and not revoked");
      case FORBIDDEN ->
          Optional.of(
              "the token may not read this (Forbidden): check that the API role of the token"
                  + " may read the project's jobs, and --team when the project is a team's");
      default -> Optional.empty();
    };
  }

  /** The failure and, when there is one, what to check. */
  static String explain(NorthflankApiException failure) {
    return failure.getMessage() + whatToCheck(failure).map(check -> "; " + check).orElse("");
  }
}

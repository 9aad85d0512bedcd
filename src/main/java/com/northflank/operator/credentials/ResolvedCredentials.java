package com.northflank.operator.credentials;

import com.northflank.operator.client.ApiToken;
import com.northflank.operator.config.OperatorSettings;
import java.util.Optional;

/**
 * The token a resource uses and where it came from: the resource's own Secret, or the operator-wide
 * token under the operator's grant. Answers the question every write to Northflank asks first,
 * corrections now and creates and deletes to come: may this resource write with this token?
 *
 * @param operatorWide the operator-wide token, not the resource's own Secret
 * @param operatorWideWrites the operator grants the operator-wide token writes ({@code
 *     --default-token-writes}); meaningless for a resource's own Secret
 */
public record ResolvedCredentials(
    ApiToken token, boolean operatorWide, boolean operatorWideWrites) {

  /** Why the operator-wide token may not write, for messages (names the flag, never the token). */
  public static final String WRITES_NOT_GRANTED =
      "the operator-wide token may not write to Northflank (the operator grants it with "
          + OperatorSettings.DEFAULT_TOKEN_WRITES.flag().orElseThrow()
          + "); a token of the resource's own in spec.credentials may";

  /** A token from the resource's own Secret: its owner's to use, for reads and writes. */
  public static ResolvedCredentials ownSecret(ApiToken token) {
    return new ResolvedCredentials(token, false, false);
  }

  /** The operator-wide token, writing only when the operator grants it. */
  public static ResolvedCredentials operatorWide(ApiToken token, boolean writes) {
    return new ResolvedCredentials(token, true, writes);
  }

  /** Whether the resource may write to Northflank with this token. */
  public boolean mayWrite() {
    return !operatorWide || operatorWideWrites;
  }

  /** Why it may not write, when it may not. */
  public Optional<String> writeRefusal() {
    return mayWrite() ? Optional.empty() : Optional.of(WRITES_NOT_GRANTED);
  }
}

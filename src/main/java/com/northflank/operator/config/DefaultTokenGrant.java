package com.northflank.operator.config;

/**
 * What the operator-wide token may be used for, for resources without their own credentials: the
 * namespaces it serves ({@code --default-token-namespaces}) and whether it may write ({@code
 * --default-token-writes}). Anyone who may create a NorthflankJob in a watched namespace would
 * otherwise read, and with {@code driftPolicy: Correct} change, any job the token reaches: by
 * default it serves no namespace and writes nothing.
 *
 * @param namespaces the namespaces it serves
 * @param writes whether it may be used for any write (corrections; creates and deletes to come)
 */
public record DefaultTokenGrant(NamespaceSelection namespaces, boolean writes) {

  /** The default: no namespace, no write. */
  public static final DefaultTokenGrant NONE = new DefaultTokenGrant(NamespaceSelection.NONE, false);

  public boolean serves(String namespace) {
    return namespaces.includes(namespace);
  }
}

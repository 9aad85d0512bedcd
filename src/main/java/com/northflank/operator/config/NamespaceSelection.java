package com.northflank.operator.config;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Some namespaces by name, every watched namespace ({@code *}), or none (empty): what a grant to
 * namespaces reads as.
 *
 * @param every {@code *}: every namespace the operator watches
 * @param names the namespaces named, when not every one
 */
public record NamespaceSelection(boolean every, Set<String> names) {

  public static final String EVERY = "*";

  public static final NamespaceSelection NONE = new NamespaceSelection(false, Set.of());

  public NamespaceSelection {
    names = Set.copyOf(names);
  }

  /**
   * {@code *}, or comma-separated namespace names (empty entries dropped; none at all is {@link
   * #NONE}).
   *
   * @throws IllegalArgumentException for a name that is no namespace, or a {@code *} among names
   */
  public static NamespaceSelection parse(String text) {
    Set<String> entries =
        Arrays.stream(text.split(","))
            .map(String::trim)
            .filter(n -> !n.isEmpty())
            .collect(Collectors.toSet());
    if (entries.contains(EVERY)) {
      if (entries.size() > 1) {
        throw new IllegalArgumentException(
            "'*' means every watched namespace and stands alone, without names");
      }
      return new NamespaceSelection(true, Set.of());
    }
    return new NamespaceSelection(false, SettingType.NAMESPACES.parse(text));
  }

  public boolean includes(String namespace) {
    return every || names.contains(namespace);
  }

  public boolean isEmpty() {
    return !every && names.isEmpty();
  }

  /** As it would be typed: {@code *}, {@code a,b}, or {@code none}. */
  @Override
  public String toString() {
    return every ? EVERY : names.isEmpty() ? "none" : String.join(",", new TreeSet<>(names));
  }
}

package com.northflank.operator.playground.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes kinds besides the CRD's that the embedded API serves to clients outside the
 * process: what the demo and the operator store (Namespaces, Secrets, Events, Leases, the CRD) and
 * what deploy/ installs (so that {@code kubectl apply --dry-run=client -f
 * deploy/release/install.yaml} finds each kind). Discovery, the OpenAPI documents and the
 * admission of their writes ({@link BuiltInAdmission}) are derived from this list and fabric8's
 * model classes.
 */
final class BuiltInKinds {

  /**
   * One kind.
   *
   * @param type fabric8's model class, which knows the kind's group, version, plural and fields
   * @param shortNames what kubectl accepts for it besides the plural ({@code ns}, {@code cm})
   * @param patchSchema which of its lists a strategic merge patch merges, and by which key (kubectl
   *     sends strategic merge patches when it applies a built-in kind again, sets an image or an
   *     environment variable, or restarts a rollout)
   */
  record Kind(Class<? extends HasMetadata> type, List<String> shortNames, PatchSchema patchSchema) {

    String group() {
      return HasMetadata.getGroup(type);
    }

    String version() {
      return HasMetadata.getVersion(type);
    }

    /** {@code v1} or {@code apps/v1}. */
    String groupVersion() {
      return group().isEmpty() ? version() : group() + "/" + version();
    }

    /** {@code api/v1} or {@code apis/apps/v1}: where the group-version is served. */
    String groupVersionPath() {
      return group().isEmpty() ? "api/" + version() : "apis/" + group() + "/" + version();
    }

    String kind() {
      return HasMetadata.getKind(type);
    }

    String plural() {
      return HasMetadata.getPlural(type);
    }

    String singular() {
      return HasMetadata.getSingular(type);
    }

    boolean namespaced() {
      return Namespaced.class.isAssignableFrom(type);
    }
  }

  static final List<Kind> ALL =
      List.of(
          new Kind(Namespace.class, List.of("ns"), PatchSchema.NAMESPACE),
          new Kind(Secret.class, List.of(), PatchSchema.METADATA_ONLY),
          new Kind(ConfigMap.class, List.of("cm"), PatchSchema.METADATA_ONLY),
          new Kind(Event.class, List.of("ev"), PatchSchema.METADATA_ONLY),
          new Kind(ServiceAccount.class, List.of("sa"), PatchSchema.SERVICE_ACCOUNT),
          new Kind(Service.class, List.of("svc"), PatchSchema.SERVICE),
          new Kind(Deployment.class, List.of("deploy"), PatchSchema.DEPLOYMENT),
          new Kind(Role.class, List.of(), PatchSchema.METADATA_ONLY),
          new Kind(RoleBinding.class, List.of(), PatchSchema.METADATA_ONLY),
          new Kind(ClusterRole.class, List.of(), PatchSchema.METADATA_ONLY),
          new Kind(ClusterRoleBinding.class, List.of(), PatchSchema.METADATA_ONLY),
          new Kind(NetworkPolicy.class, List.of("netpol"), PatchSchema.METADATA_ONLY),
          new Kind(PodDisruptionBudget.class, List.of("pdb"), PatchSchema.POD_DISRUPTION_BUDGET),
          new Kind(Lease.class, List.of(), PatchSchema.METADATA_ONLY),
          new Kind(
              CustomResourceDefinition.class, List.of("crd", "crds"), PatchSchema.METADATA_ONLY));

  /** {@code /api/v1/namespaces/demo/secrets/name} and the like: group-version, plural. */
  private static final Pattern RESOURCE_PATH =
      Pattern.compile(
          "/(?:api/(?<coreVersion>v1)|apis/(?<group>[^/]+)/(?<version>[^/]+))"
              + "(?:/namespaces/[^/]+)?/(?<plural>[^/]+)(?:/[^/]+)?(?:/status)?");

  private BuiltInKinds() {}

  /** The kinds by group-version, in the order above. */
  static Map<String, List<Kind>> byGroupVersion() {
    Map<String, List<Kind>> grouped = new LinkedHashMap<>();
    for (Kind kind : ALL) {
      grouped.computeIfAbsent(kind.groupVersion(), k -> new java.util.ArrayList<>()).add(kind);
    }
    return grouped;
  }

  /**
   * The kind a request path addresses, or empty when none of these does. A namespace's own path
   * ({@code /api/v1/namespaces/demo}) is the Namespace.
   */
  static Optional<Kind> of(String path) {
    String bare = path.split("\\?", 2)[0];
    if (bare.matches("/api/v1/namespaces(/[^/]+)?(/status)?")) {
      return Optional.of(ALL.get(0));
    }
    Matcher matcher = RESOURCE_PATH.matcher(bare);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String groupVersion =
        matcher.group("coreVersion") != null
            ? matcher.group("coreVersion")
            : matcher.group("group") + "/" + matcher.group("version");
    return ALL.stream()
        .filter(k -> k.groupVersion().equals(groupVersion))
        .filter(k -> k.plural().equals(matcher.group("plural")))
        .findFirst();
  }
}

package com.northflank.operator.playground.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a strategic merge patch needs to know of one object type: which of its lists are merged (by
 * which key, or as a set of primitives) instead of replaced, and the types of its fields and list
 * elements, in which more lists may be merged. Everything it does not name merges as a JSON merge
 * patch does: objects field by field, lists replaced whole (kube-apiserver's atomic lists).
 *
 * <p>The schemas of the built-in kinds below are kube-apiserver's, from the {@code patchStrategy}
 * and {@code patchMergeKey} tags of the Kubernetes 1.32 API types (the OpenAPI documents' {@code
 * x-kubernetes-patch-strategy} and {@code x-kubernetes-patch-merge-key}). Only merging lists
 * matter: kube-apiserver honours {@code $retainKeys} wherever a patch carries it.
 */
final class PatchSchema {

  /**
   * How one field merges.
   *
   * @param type the field's type, or its elements' when it is a list
   * @param merged whether the field is a list merged with the stored one rather than replacing it
   * @param mergeKey the field of its elements that identifies them; null for a set of primitives
   */
  record Field(PatchSchema type, boolean merged, String mergeKey) {}

  /** A type whose lists are all atomic. */
  static final PatchSchema ATOMIC_LISTS = new PatchSchema(Map.of());

  private static final Field PLAIN = new Field(ATOMIC_LISTS, false, null);

  /** metav1.ObjectMeta. */
  static final PatchSchema OBJECT_META =
      ATOMIC_LISTS.mergedAsSet("finalizers").mergedByKey("ownerReferences", "uid", ATOMIC_LISTS);

  /** core/v1 Container (and EphemeralContainer, which has the same lists). */
  static final PatchSchema CONTAINER =
      ATOMIC_LISTS
          .mergedByKey("ports", "containerPort", ATOMIC_LISTS)
          .mergedByKey("env", "name", ATOMIC_LISTS)
          .mergedByKey("volumeMounts", "mountPath", ATOMIC_LISTS)
          .mergedByKey("volumeDevices", "devicePath", ATOMIC_LISTS);

  /** core/v1 PodSpec; tolerations, readinessGates and the like are atomic. */
  static final PatchSchema POD_SPEC =
      ATOMIC_LISTS
          .mergedByKey("volumes", "name", ATOMIC_LISTS)
          .mergedByKey("initContainers", "name", CONTAINER)
          .mergedByKey("containers", "name", CONTAINER)
          .mergedByKey("ephemeralContainers", "name", CONTAINER)
          .mergedByKey("imagePullSecrets", "name", ATOMIC_LISTS)
          .mergedByKey("hostAliases", "ip", ATOMIC_LISTS)
          .mergedByKey("topologySpreadConstraints", "topologyKey", ATOMIC_LISTS)
          .mergedByKey("schedulingGates", "name", ATOMIC_LISTS)
          .mergedByKey("resourceClaims", "name", ATOMIC_LISTS);

  /** A status whose conditions are merged by type (Deployment, Service, Namespace, PDB). */
  private static final PatchSchema CONDITIONS_BY_TYPE =
      ATOMIC_LISTS.mergedByKey("conditions", "type", ATOMIC_LISTS);

  /**
   * Secret, ConfigMap, Event, Lease, the RBAC kinds, NetworkPolicy and the CRD: nothing but the
   * metadata's lists is merged (their own lists, rules, subjects, ingress, versions, are atomic).
   */
  static final PatchSchema METADATA_ONLY = ATOMIC_LISTS.with("metadata", OBJECT_META);

  static final PatchSchema DEPLOYMENT =
      kind(
          ATOMIC_LISTS.with(
              "template", ATOMIC_LISTS.with("metadata", OBJECT_META).with("spec", POD_SPEC)),
          CONDITIONS_BY_TYPE);

  static final PatchSchema SERVICE =
      kind(ATOMIC_LISTS.mergedByKey("ports", "port", ATOMIC_LISTS), CONDITIONS_BY_TYPE);

  /** Its secrets are merged by name; its imagePullSecrets, unlike a pod's, are atomic. */
  static final PatchSchema SERVICE_ACCOUNT =
      METADATA_ONLY.mergedByKey("secrets", "name", ATOMIC_LISTS);

  static final PatchSchema NAMESPACE = kind(ATOMIC_LISTS, CONDITIONS_BY_TYPE);

  static final PatchSchema POD_DISRUPTION_BUDGET = kind(ATOMIC_LISTS, CONDITIONS_BY_TYPE);

  private final Map<String, Field> fields;

  private PatchSchema(Map<String, Field> fields) {
    this.fields = fields;
  }

  private static PatchSchema kind(PatchSchema spec, PatchSchema status) {
    return METADATA_ONLY.with("spec", spec).with("status", status);
  }

  /** How the named field merges: as in a JSON merge patch unless this schema says otherwise. */
  Field field(String name) {
    return fields.getOrDefault(name, PLAIN);
  }

  /** This schema with an object field of the given type. */
  PatchSchema with(String name, PatchSchema type) {
    return plus(name, new Field(type, false, null));
  }

  /** This schema with a list whose elements (of the given type) are merged by a key field. */
  PatchSchema mergedByKey(String name, String mergeKey, PatchSchema elementType) {
    return plus(name, new Field(elementType, true, mergeKey));
  }

  /** This schema with a list of primitives merged as a set. */
  PatchSchema mergedAsSet(String name) {
    return plus(name, new Field(ATOMIC_LISTS, true, null));
  }

  private PatchSchema plus(String name, Field field) {
    Map<String, Field> more = new LinkedHashMap<>(fields);
    more.put(name, field);
    return new PatchSchema(Map.copyOf(more));
  }
}

package com.northflank.operator.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes' RBAC authorizer over the roles of a rendered install manifest, for the operator's
 * service account: ClusterRoleBindings grant their rules everywhere, RoleBindings only in their own
 * namespace, and a rule with resourceNames admits only requests that name one of them (a create
 * names no object in its path, so such a rule never admits a create). Kubernetes binds the default
 * ClusterRole system:basic-user to every authenticated identity; its rules are added.
 */
final class RenderedRbac {

  /** What Kubernetes' system:basic-user grants every authenticated identity. */
  private static final List<PolicyRule> BASIC_USER =
      List.of(
          new PolicyRuleBuilder()
              .withApiGroups("authorization.k8s.io")
              .withResources("selfsubjectaccessreviews", "selfsubjectrulesreviews")
              .withVerbs("create")
              .build());

  private static final Pattern CORE =
      Pattern.compile("^/api/v1(?:/namespaces/([^/?]+))?/([^/?]+)(?:/([^/?]+)(?:/([^/?]+))?)?");
  private static final Pattern GROUP =
      Pattern.compile(
          "^/apis/([^/]+)/[^/]+(?:/namespaces/([^/?]+))?/([^/?]+)(?:/([^/?]+)(?:/([^/?]+))?)?");

  /**
   * A request as RBAC sees it. An empty namespace is a cluster-wide request, an empty name a
   * request for a collection (list, watch, create).
   */
  record Request(
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace,
      String name) {

    /** The attributes of an HTTP request to the API server. */
    static Request of(String method, String path) {
      Matcher grouped = GROUP.matcher(path);
      Matcher core = CORE.matcher(path);
      String group;
      String namespace;
      String resource;
      String name;
      String subresource;
      if (grouped.find()) {
        group = grouped.group(1);
        namespace = grouped.group(2);
        resource = grouped.group(3);
        name = grouped.group(4);
        subresource = grouped.group(5);
      } else if (core.find()) {
        group = "";
        namespace = core.group(1);
        resource = core.group(2);
        name = core.group(3);
        subresource = core.group(4);
      } else {
        throw new IllegalArgumentException("not a resource request: " + method + " " + path);
      }
      if (namespace != null && name == null && resource.equals("namespaces")) {
        // /api/v1/namespaces/{name}: the namespace itself, a cluster-scoped object
        name = namespace;
        namespace = null;
      }
      String verb =
          switch (method) {
            case "GET" -> path.contains("watch=true") ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase();
          };
      return new Request(
          verb,
          group,
          resource,
          subresource == null ? "" : subresource,
          namespace == null ? "" : namespace,
          name == null || verb.equals("create") ? "" : name);
    }

    /** "group/resource[/subresource]:verb", the grain at which the roles are compared. */
    String permission() {
      return group + "/" + qualifiedResource() + ":" + verb;
    }

    String qualifiedResource() {
      return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }
  }

  private final String serviceAccountNamespace;
  private final String serviceAccount;
  private final List<PolicyRule> clusterWide = new ArrayList<>();
  private final List<Namespaced> namespaced = new ArrayList<>();
  private final Deployment deployment;

  private record Namespaced(String namespace, List<PolicyRule> rules) {}

  private RenderedRbac(List<HasMetadata> manifest) {
    this.deployment =
        manifest.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no Deployment in the manifest"));
    this.serviceAccountNamespace = deployment.getMetadata().getNamespace();
    this.serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    for (HasMetadata resource : manifest) {
      if (resource instanceof ClusterRoleBinding binding && bindsOperator(binding.getSubjects())) {
        clusterWide.addAll(rulesOf(manifest, binding.getRoleRef(), null));
      } else if (resource instanceof RoleBinding binding && bindsOperator(binding.getSubjects())) {
        String namespace = binding.getMetadata().getNamespace();
        namespaced.add(new Namespaced(namespace, rulesOf(manifest, binding.getRoleRef(), namespace)));
      }
    }
  }

  /** The RBAC of a one-file install manifest (deploy/release/*.yaml). */
  static RenderedRbac of(Path manifest) throws IOException {
    Object parsed = Serialization.unmarshal(Files.readString(manifest));
    List<HasMetadata> resources = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      list.forEach(r -> resources.add((HasMetadata) r));
    } else {
      resources.add((HasMetadata) parsed);
    }
    return new RenderedRbac(resources);
  }

  /** The operator's Deployment in the manifest: its namespace, service account and settings. */
  Deployment deployment() {
    return deployment;
  }

  /** The user name Kubernetes gives the operator's service account. */
  String user() {
    return "system:serviceaccount:" + serviceAccountNamespace + ":" + serviceAccount;
  }

  boolean allows(Request request) {
    return rulesIn(request.namespace()).stream().anyMatch(rule -> admits(rule, request));
  }

  /**
   * The rules that apply in a namespace (cluster-wide ones, basic-user's and the namespace's own),
   * as a SelfSubjectRulesReview for that namespace lists them.
   */
  List<PolicyRule> rulesIn(String namespace) {
    List<PolicyRule> rules = new ArrayList<>(clusterWide);
    rules.addAll(BASIC_USER);
    if (!namespace.isEmpty()) {
      namespaced.stream()
          .filter(n -> n.namespace().equals(namespace))
          .forEach(n -> rules.addAll(n.rules()));
    }
    return rules;
  }

  /** "group/resource:verb" for every rule the manifest binds to the operator, wherever it applies. */
  Set<String> granted() {
    Set<String> granted = new TreeSet<>();
    List<PolicyRule> all = new ArrayList<>(clusterWide);
    namespaced.forEach(n -> all.addAll(n.rules()));
    for (PolicyRule rule : all) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return granted;
  }

  private static boolean admits(PolicyRule rule, Request request) {
    return matches(rule.getApiGroups(), request.group())
        && matches(rule.getResources(), request.qualifiedResource())
        && matches(rule.getVerbs(), request.verb())
        && (rule.getResourceNames().isEmpty()
            || (!request.name().isEmpty() && rule.getResourceNames().contains(request.name())));
  }

  private static boolean matches(List<String> values, String value) {
    return values.contains(value) || values.contains("*");
  }

  private boolean bindsOperator(List<Subject> subjects) {
    return subjects.stream()
        .anyMatch(
            s ->
                ("ServiceAccount".equals(s.getKind())
                        && serviceAccount.equals(s.getName())
                        && serviceAccountNamespace.equals(s.getNamespace()))
                    || ("User".equals(s.getKind()) && user().equals(s.getName())));
  }

  /** The rules of the bound role; a RoleBinding's Role lives in the binding's namespace. */
  private static List<PolicyRule> rulesOf(
      List<HasMetadata> manifest, RoleRef ref, String bindingNamespace) {
    for (HasMetadata resource : manifest) {
      boolean named = resource.getMetadata().getName().equals(ref.getName());
      if (ref.getKind().equals("ClusterRole") && resource instanceof ClusterRole role && named) {
        return role.getRules();
      }
      if (ref.getKind().equals("Role")
          && resource instanceof Role role
          && named
          && role.getMetadata().getNamespace().equals(bindingNamespace)) {
        return role.getRules();
      }
    }
    throw new IllegalArgumentException(
        "binding refers to a missing " + ref.getKind() + " " + ref.getName());
  }
}

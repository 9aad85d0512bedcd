package com.northflank.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The CRD's CEL rules on {@code spec.job}, as an export must respect them: when the live job
 * combines fields in a way a rule refuses (cron settings on a manual job, buildpack settings with
 * another build engine), the field the rule is about is left out. A test holds this list against
 * the rules of the generated CRD, so a new rule cannot go unhandled.
 */
final class CrossFieldRules {

  /**
   * @param at dotted path below spec.job of the object the CRD rule sits on ("" for spec.job)
   * @param message the CRD rule's message
   * @param violated whether spec.job breaks the rule
   * @param field what to leave out, dotted below spec.job
   */
  record Rule(String at, String message, Predicate<ObjectNode> violated, String field) {}

  static final List<Rule> RULES =
      List.of(
          new Rule(
              "",
              "settings.cron applies only to cron jobs (jobType: cron)",
              job -> job.path("settings").has("cron") && typedOtherThanCron(job),
              "settings.cron"),
          new Rule(
              "",
              "suspended: true applies only to cron jobs (jobType: cron)",
              job -> job.path("suspended").asBoolean(false) && typedOtherThanCron(job),
              "suspended"),
          engineRule("buildpack"),
          engineRule("buildkit"),
          engineRule("kaniko"));

  private CrossFieldRules() {}

  /** Leaves out what breaks a rule; returns what was left out and why. */
  static List<Omission> apply(ObjectNode job) {
    List<Omission> omitted = new ArrayList<>();
    for (Rule rule : RULES) {
      if (rule.violated().test(job)) {
        remove(job, rule.field());
        omitted.add(new Omission(rule.field(), "the CRD says: " + rule.message()));
      }
    }
    return omitted;
  }

  private static Rule engineRule(String engine) {
    return new Rule(
        "buildEngineConfiguration",
        engine + " settings apply only with buildEngine: " + engine,
        job -> {
          JsonNode configuration = job.path("buildEngineConfiguration");
          return configuration.has(engine)
              && configuration.has("buildEngine")
              && !engine.equals(configuration.get("buildEngine").asText());
        },
        "buildEngineConfiguration." + engine);
  }

  private static boolean typedOtherThanCron(JsonNode job) {
    return job.has("jobType") && !"cron".equals(job.get("jobType").asText());
  }

  private static void remove(ObjectNode job, String dottedPath) {
    int dot = dottedPath.lastIndexOf('.');
    JsonNode parent = dot < 0 ? job : job.at("/" + dottedPath.substring(0, dot).replace('.', '/'));
    if (parent instanceof ObjectNode object) {
      object.remove(dottedPath.substring(dot + 1));
    }
  }
}

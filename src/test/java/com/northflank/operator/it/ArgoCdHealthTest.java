package com.northflank.operator.it;

import static com.northflank.operator.it.RealNorthflankJobs.condition;
import static com.northflank.operator.it.RealNorthflankJobs.specEditedSince;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * deploy/argocd/health.lua, run by a Lua interpreter on NorthflankJob JSON that the real operator
 * produced, the way Argo CD runs it: the resource as the global {@code obj}, {@code hs} returned.
 */
class ArgoCdHealthTest {

  private static final Path HEALTH_LUA = Path.of("deploy/argocd/health.lua");
  private static final Path ARGOCD_CM_PATCH = Path.of("deploy/argocd/argocd-cm-patch.yaml");
  private static final String HEALTH_KEY =
      "resource.customizations.health.northflank.com_NorthflankJob";

  private static RealNorthflankJobs jobs;
  private static String script;

  record Health(String status, String message) {}

  @BeforeAll
  static void produceRealResources() throws IOException {
    jobs = RealNorthflankJobs.get();
    script = Files.readString(HEALTH_LUA);
  }

  @Test
  void inSyncIsHealthy() {
    assertThat(health(jobs.inSync))
        .isEqualTo(new Health("Healthy", "The live job matches spec.job"));
  }

  @Test
  void driftIsDegradedWithTheDriftedFields() {
    Health health = health(jobs.drifted);

    assertThat(health.status()).isEqualTo("Degraded");
    assertThat(health.message())
        .isEqualTo(condition(jobs.drifted, "Drifted").path("message").asText())
        .contains("settings.cron.schedule", "tags");
  }

  @Test
  void aJobDeletedInNorthflankIsDegradedWithTheStalledMessage() {
    Health health = health(jobs.stalled);

    assertThat(health.status()).isEqualTo("Degraded");
    assertThat(health.message())
        .isNotBlank()
        .isEqualTo(condition(jobs.stalled, "Stalled").path("message").asText());
  }

  @Test
  void aNewResourceWithoutStatusIsProgressing() {
    assertThat(jobs.created.has("status")).as("the create response has no status").isFalse();

    assertThat(health(jobs.created).status()).isEqualTo("Progressing");
  }

  @Test
  void aSpecEditTheOperatorHasNotObservedIsProgressingWhateverTheOldConditionsSay() {
    Health afterInSync = health(specEditedSince(jobs.inSync));
    Health afterStalled = health(specEditedSince(jobs.stalled));
    Health afterDrift = health(specEditedSince(jobs.drifted));

    long generation = jobs.inSync.path("metadata").path("generation").asLong() + 1;
    assertThat(afterInSync)
        .isEqualTo(
            new Health(
                "Progressing", "Waiting for the operator to observe generation " + generation));
    assertThat(afterStalled.status()).isEqualTo("Progressing");
    assertThat(afterDrift.status()).isEqualTo("Progressing");
  }

  @Test
  void aRetriedApiFailureIsProgressingNotDegraded() {
    assertThat(condition(jobs.retrying, "Stalled").path("status").asText()).isEqualTo("False");

    Health health = health(jobs.retrying);

    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message())
        .isEqualTo(condition(jobs.retrying, "Ready").path("message").asText());
  }

  @Test
  void missingCredentialsBeforeTheFirstReadAreProgressing() {
    assertThat(condition(jobs.credentialsMissing, "Drifted").path("status").asText())
        .isEqualTo("Unknown");

    Health health = health(jobs.credentialsMissing);

    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message()).contains("not found");
  }

  @Test
  void aJobWhoseLastRunFailedIsDegradedWithTheRunsMessage() {
    assertThat(condition(jobs.runFailed, "Ready").path("status").asText()).isEqualTo("True");

    Health health = health(jobs.runFailed);

    assertThat(health.status()).isEqualTo("Degraded");
    assertThat(health.message())
        .isEqualTo(condition(jobs.runFailed, "LastRunSucceeded").path("message").asText())
        .startsWith("Run gitops-runs-")
        .contains(" failed (started ");
  }

  @Test
  void aNewerRunInProgressLeavesItDegradedUntilARunSucceeds() {
    assertThat(jobs.runFailedNextRunning.at("/status/lastRun/status").asText())
        .isEqualTo("Running");

    assertThat(health(jobs.runFailedNextRunning).status()).isEqualTo("Degraded");
    assertThat(health(jobs.runRecovered))
        .isEqualTo(
            new Health("Healthy", condition(jobs.runRecovered, "Ready").path("message").asText()));
  }

  @Test
  void aJobThatHasNotRunYetIsHealthy() {
    assertThat(condition(jobs.inSync, "LastRunSucceeded").path("reason").asText())
        .isEqualTo("NoRuns");

    assertThat(health(jobs.inSync).status()).isEqualTo("Healthy");
  }

  @Test
  void aPausedResourceIsSuspendedWithThePauseMessage() {
    Health health = health(jobs.paused);

    assertThat(health.status()).isEqualTo("Suspended");
    assertThat(health.message())
        .isEqualTo(condition(jobs.paused, "Synced").path("message").asText())
        .contains("northflank.com/paused");
  }

  @Test
  void aPauseTheOperatorHasNotSeenYetIsSuspendedAtOnce() {
    ObjectNode annotated = specEditedSince(jobs.stalled);
    ((ObjectNode) annotated.get("metadata"))
        .putObject("annotations")
        .put("northflank.com/paused", "true");

    assertThat(health(annotated))
        .isEqualTo(new Health("Suspended", "Paused by the annotation northflank.com/paused"));
  }

  @Test
  void aPausedAnnotationOtherThanTrueChangesNothing() {
    ObjectNode annotated = jobs.inSync.deepCopy();
    ((ObjectNode) annotated.get("metadata"))
        .putObject("annotations")
        .put("northflank.com/paused", "false");

    assertThat(health(annotated).status()).isEqualTo("Healthy");
  }

  @Test
  void theArgoCdConfigMapPatchInlinesExactlyHealthLua() throws IOException {
    ConfigMap patch = Serialization.unmarshal(Files.readString(ARGOCD_CM_PATCH), ConfigMap.class);

    assertThat(patch.getMetadata().getName()).isEqualTo("argocd-cm");
    assertThat(patch.getData()).containsOnlyKeys(HEALTH_KEY);
    assertThat(patch.getData().get(HEALTH_KEY)).isEqualTo(script);
  }

  @Test
  void healthLuaAvoidsLua52OnlySyntax() {
    // Argo CD runs gopher-lua (Lua 5.1); luaj here is Lua 5.2, which would accept goto and labels.
    String code = script.replaceAll("--[^\n]*", "");

    assertThat(code).doesNotContain("goto").doesNotContain("::");
  }

  private static Health health(JsonNode resource) {
    Globals globals = argoCdLikeGlobals();
    globals.set("obj", toLua(resource));
    LuaValue hs = globals.load(script, "health.lua").call();
    return new Health(hs.get("status").checkjstring(), hs.get("message").checkjstring());
  }

  /** Only the libraries Argo CD opens for health scripts by default: no io, os or debug. */
  private static Globals argoCdLikeGlobals() {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    return globals;
  }

  /**
   * JSON to Lua as Argo CD converts the unstructured object: objects become tables keyed by field
   * name, arrays 1-based tables, every number a Lua number, null absent.
   */
  static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      int index = 1;
      for (JsonNode element : node) {
        table.set(index++, toLua(element));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue());
    }
    return LuaValue.valueOf(node.asText());
  }
}

package com.northflank.operator.deploy;

import static com.northflank.operator.deploy.Kustomize.find;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a release consists of agrees with itself: the one-file install manifests are fresh renders
 * of deploy/, and pom.xml's version and image name are the ones the manifests, the labels, the
 * README and the install page (docs/install-and-upgrade.md) use.
 */
class ReleaseTest {

  private static final String NAME = "northflank-job-operator";
  private static final String VERSION_LABEL = "app.kubernetes.io/version";

  /** Each one-file manifest and the kustomization it is rendered from. */
  private static final Map<Path, String> MANIFESTS =
      Map.of(
          Path.of("deploy/release/install.yaml"), "deploy",
          Path.of("deploy/release/install-namespaced.yaml"), "deploy/namespaced");

  @Test
  void theInstallManifestsAreFreshRendersOfDeploy() throws Exception {
    Kustomize.requireKubectl();
    // kustomize writes 65536.0 as 65536: compare numbers by value, everything else exactly
    Comparator<JsonNode> numbersByValue =
        (a, b) ->
            a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue())
                : a.equals(b) ? 0 : 1;
    for (var manifest : MANIFESTS.entrySet()) {
      List<JsonNode> committed = manifest(manifest.getKey());
      List<JsonNode> fresh = Kustomize.render(manifest.getValue());

      assertThat(committed)
          .as(
              "%s is rendered from %s/: run deploy/release/render.sh",
              manifest.getKey(), manifest.getValue())
          .hasSameSizeAs(fresh);
      for (int i = 0; i < fresh.size(); i++) {
        assertThat(committed.get(i).equals(numbersByValue, fresh.get(i)))
            .as(
                "%s document %d (%s %s) equals a fresh render: run deploy/release/render.sh",
                manifest.getKey(),
                i + 1,
                fresh.get(i).path("kind").asText(),
                fresh.get(i).at("/metadata/name").asText())
            .isTrue();
      }
    }
  }

  @Test
  void theManifestsRunThePomsVersionAndCarryItAsTheirVersionLabel() throws IOException {
    String version = Project.version();
    String image = Project.property("image.name") + ":" + version;

    for (Path file : MANIFESTS.keySet()) {
      List<JsonNode> resources = manifest(file);
      JsonNode deployment = find(resources, "Deployment", NAME).orElseThrow();

      assertThat(deployment.at("/spec/template/spec/containers/0/image").asText())
          .as("image in %s", file)
          .isEqualTo(image);
      assertThat(deployment.at("/spec/template/metadata/labels").path(VERSION_LABEL).asText())
          .as("pod version label in %s", file)
          .isEqualTo(version);
      assertThat(resources)
          .allSatisfy(
              r ->
                  assertThat(r.at("/metadata/labels").path(VERSION_LABEL).asText())
                      .as(
                          "version label of %s %s in %s",
                          r.path("kind").asText(), r.at("/metadata/name").asText(), file)
                      .isEqualTo(version));
    }
  }

  @Test
  void theImageNameIsTheSameInThePomDeployAndTheReadme() throws IOException {
    String name = Project.property("image.name");
    JsonNode images =
        Kustomize.YAML
            .readTree(Path.of("deploy/operator/kustomization.yaml").toFile())
            .path("images");

    assertThat(images)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.path("name").asText()).isEqualTo(name);
              assertThat(i.path("newTag").asText()).isEqualTo(Project.version());
            });
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme).contains(name + ":" + Project.version());
    // the install section leads with the one-file manifest
    String install = readme.substring(readme.indexOf("## Installing on a cluster"));
    assertThat(install.substring(install.indexOf("```sh")).lines().skip(1).findFirst())
        .hasValue("kubectl apply -f deploy/release/install.yaml");
  }

  @Test
  void theInstallPageNamesThePomsImageAndEveryReleaseManifest() throws IOException {
    String installPage = Files.readString(Path.of("docs/install-and-upgrade.md"));

    assertThat(installPage).contains(Project.property("image.name") + ":" + Project.version());
    assertThat(MANIFESTS.keySet())
        .allSatisfy(manifest -> assertThat(installPage).contains(manifest.toString()));
    // like the README, the page leads with the one-file manifest
    assertThat(installPage.substring(installPage.indexOf("```sh")).lines().skip(1).findFirst())
        .hasValue("kubectl apply -f deploy/release/install.yaml");
  }

  private static List<JsonNode> manifest(Path file) throws IOException {
    return Kustomize.documents(Files.readString(file));
  }
}

package com.northflank.operator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The two houses and the product's rooms (docs/architecture.md): the product, what {@code run},
 * {@code validate}, {@code export} and {@code diff} execute and the image ships, never uses the
 * playground (demo, simulator, embedded Kubernetes API, bench); no package cycles; the product's
 * rooms use only rooms of their own tier or below.
 */
@AnalyzeClasses(
    packages = "com.northflank.operator",
    importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

  private static final String PRODUCT = "com.northflank.operator";
  private static final String PLAYGROUND = "com.northflank.operator.playground..";

  @ArchTest
  static final ArchRule theProductNeverUsesThePlayground =
      noClasses()
          .that()
          .resideInAPackage(PRODUCT + "..")
          .and()
          .resideOutsideOfPackage(PLAYGROUND)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(PLAYGROUND)
          .because("the image ships the product alone");

  @ArchTest
  static final ArchRule theProductNeverUsesThePlaygroundsLibraries =
      noClasses()
          .that()
          .resideInAPackage(PRODUCT + "..")
          .and()
          .resideOutsideOfPackage(PLAYGROUND)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.fabric8.kubernetes.client.server.mock..",
              "io.fabric8.mockwebserver..",
              "io.vertx..",
              "io.netty..",
              "org.bouncycastle..",
              "com.jayway.jsonpath..")
          .because("the product's jar leaves them out (pom.xml, shade execution product-jar)");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching(PRODUCT + ".(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule theProductsRoomsUseOnlyTheirTierOrBelow =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("commands")
          .definedBy(PRODUCT + ".cli..")
          .layer("reconciler")
          .definedBy(PRODUCT + ".reconciler..")
          .layer("reconcile steps")
          .definedBy(
              PRODUCT + ".status..",
              PRODUCT + ".events..",
              PRODUCT + ".runs..",
              PRODUCT + ".correction..",
              PRODUCT + ".lifecycle..",
              PRODUCT + ".scheduling..",
              PRODUCT + ".freshness..",
              PRODUCT + ".credentials..",
              PRODUCT + ".webhook..")
          .optionalLayer("services")
          .definedBy(
              PRODUCT + ".budget..",
              PRODUCT + ".drift..",
              PRODUCT + ".gitops..",
              PRODUCT + ".validation..",
              PRODUCT + ".config..",
              PRODUCT + ".observability..",
              PRODUCT + ".failure..")
          .layer("northflank client and model")
          .definedBy(PRODUCT + ".client..", PRODUCT + ".json..", PRODUCT + ".model..")
          .whereLayer("commands")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("reconciler")
          .mayOnlyBeAccessedByLayers("commands")
          .whereLayer("reconcile steps")
          .mayOnlyBeAccessedByLayers("commands", "reconciler")
          .whereLayer("services")
          .mayOnlyBeAccessedByLayers("commands", "reconciler", "reconcile steps")
          .whereLayer("northflank client and model")
          .mayOnlyBeAccessedByLayers("commands", "reconciler", "reconcile steps", "services");
}

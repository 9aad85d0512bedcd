package com.northflank.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.northflank.operator.playground.bench.FootprintRun;
import com.northflank.operator.playground.bench.FootprintTable;
import com.northflank.operator.playground.bench.OperatorLauncher;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image {@code mvn -Pimage package} builds (target/northflank-job-operator-image.tar, an OCI
 * layout). Its layers are unpacked and its config and files checked (the product's jar, nothing of
 * the playground); then it is loaded into Docker (skopeo) and run as the Deployment runs it:
 * read-only root filesystem, a tmpfs /tmp, user 65532, no capabilities, a memory limit. Commands
 * that need the playground's servers reach them on 127.0.0.1 (host network; the servers listen on
 * loopback only); the others run with no network at all. Every container is removed, and each
 * command is bounded by a timeout. Run by failsafe in the {@code image} profile; needs a Docker
 * engine (with CI=true its absence is a failure) and skopeo.
 */
class ImageIT {

  private static final Path TARBALL = OperatorLauncher.IMAGE_TARBALL;
  private static final Path ROOT = Path.of("target/image-it/rootfs").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "65532:65532";
  private static final String AOT_CACHE = "/app/northflank-job-operator.aot";
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  /**
   * Everything the image may hold: the jlink runtime, the C libraries it links against with their
   * packages' copyright files, the user database, /tmp, the jar, its JVM options and AOT cache. A
   * shell, a package manager or a stray build file would not match.
   */
  private static final List<Pattern> ALLOWED =
      Stream.of(
              "app/",
              "app/northflank-job-operator\\.(jar|aot)",
              "app/java\\.options",
              "etc/",
              "etc/(passwd|group|nsswitch\\.conf)",
              "lib/",
              "lib/x86_64-linux-gnu/",
              "lib/x86_64-linux-gnu/(libc\\.so\\.6|libm\\.so\\.6|libdl\\.so\\.2|libpthread\\.so\\.0"
                  + "|librt\\.so\\.1|libgcc_s\\.so\\.1|libstdc\\+\\+\\.so\\.6|libz\\.so\\.1)",
              "lib64/",
              "lib64/ld-linux-x86-64\\.so\\.2",
              "opt/",
              "opt/java/.*",
              "tmp/",
              "usr/",
              "usr/share/",
              "usr/share/doc/",
              "usr/share/doc/[^/]+/(copyright)?")
          .map(Pattern::compile)
          .toList();

  private static JsonNode config;
  private static long compressedBytes;
  private static final Map<String, TarArchiveEntry> files = new LinkedHashMap<>();
  private static OperatorLauncher launcher;

  @BeforeAll
  static void unpack() throws IOException {
    assertThat(TARBALL).as("built by mvn -Pimage package").exists();
    Path layout = Path.of("target/image-it/layout");
    deleteRecursively(layout.getParent());
    extract(Files.newInputStream(TARBALL), layout, null);

    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    JsonNode manifest = blob(layout, index.at("/manifests/0/digest").asText());
    config = blob(layout, manifest.at("/config/digest").asText());
    compressedBytes = manifest.at("/config/size").asLong();
    for (JsonNode layer : manifest.path("layers")) {
      assertThat(layer.path("mediaType").asText())
          .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
      Path blob = blobPath(layout, layer.path("digest").asText());
      extract(new GZIPInputStream(Files.newInputStream(blob)), ROOT, files);
      compressedBytes += layer.path("size").asLong();
    }
    long unpacked = files.values().stream().mapToLong(TarArchiveEntry::getSize).sum();
    System.out.printf(
        Locale.ROOT,
        "image %s: %d layers, %.1f MiB compressed, %.1f MiB unpacked, %d files%n",
        index.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText(),
        manifest.path("layers").size(),
        compressedBytes / 1048576.0,
        unpacked / 1048576.0,
        files.values().stream().filter(TarArchiveEntry::isFile).count());
  }

  /** The image loaded into Docker, once; without Docker a skip, or with CI=true a failure. */
  private static synchronized OperatorLauncher loaded() {
    if (launcher == null) {
      if (!OperatorLauncher.dockerAnswers()) {
        if ("true".equals(System.getenv("CI"))) {
          throw new AssertionError(
              "no Docker engine answers (docker info), and CI=true requires one");
        }
        assumeTrue(false, "no Docker engine answers (docker info): the image is not run");
      }
      launcher =
          OperatorLauncher.prepare(OperatorLauncher.Kind.IMAGE, TARBALL, ProductJar.PATH, Map.of());
    }
    return launcher;
  }

  @AfterAll
  static void unload() {
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void theConfigRunsTheJarWithTheImagesJavaOptionsAndAotCacheAsANonRootUser() throws Exception {
    JsonNode container = config.path("config");

    assertThat(config.path("os").asText()).isEqualTo("linux");
    assertThat(config.path("architecture").asText()).isEqualTo("amd64");
    assertThat(container.path("User").asText()).isEqualTo(USER);
    assertThat(strings(container.path("Entrypoint")))
        .containsExactly(
            "/opt/java/bin/java",
            "@/app/java.options",
            "-XX:AOTCache=" + AOT_CACHE,
            "-jar",
            "/app/northflank-job-operator.jar");
    assertThat(strings(container.path("Cmd"))).containsExactly("run");
    assertThat(container.path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(ROOT.resolve("app/java.options"))
        .hasSameTextualContentAs(Path.of("src/image/java.options"));

    JsonNode labels = container.path("Labels");
    assertThat(labels.path("org.opencontainers.image.version").asText())
        .isEqualTo(Project.version());
    assertThat(labels.path("org.opencontainers.image.revision").asText())
        .isEqualTo(Project.gitHead());
    assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
    // the C libraries come from this machine's Debian packages, named with their versions
    String packages = labels.path("com.northflank.operator.debian-packages").asText();
    assertThat(packages.split(" ")).contains("libc6=" + installedVersion("libc6"));
    assertThat(ROOT.resolve("usr/share/doc/libc6/copyright")).isRegularFile();
    assertThat(labels.path("com.northflank.operator.java-modules").asText())
        .contains("java.base", "java.net.http", "jdk.httpserver", "jdk.crypto.ec");
    assertThat(labels.path("com.northflank.operator.java-runtime").asText())
        .isEqualTo(javaRuntime(Path.of(Project.property("image.jdk"))));
  }

  @Test
  void theLayersHoldOnlyWhatTheBuildPutThere() {
    assertThat(files.keySet())
        .allSatisfy(
            path ->
                assertThat(ALLOWED.stream().anyMatch(p -> p.matcher(path).matches()))
                    .as("%s is expected in the image", path)
                    .isTrue());
    assertThat(files.keySet())
        .contains(
            "app/northflank-job-operator.jar",
            "app/northflank-job-operator.aot",
            "app/java.options",
            "opt/java/bin/java")
        .noneMatch(path -> path.matches("(usr/)?s?bin/.*"));
    assertThat(files.values())
        .allSatisfy(
            entry -> {
              assertThat(entry.getLongUserId()).as("owner of %s", entry.getName()).isZero();
              assertThat(entry.getMode() & 06000)
                  .as("setuid/setgid on %s", entry.getName())
                  .isZero();
            });
  }

  @Test
  void theImageIsWithinItsSizeTarget() {
    assertThat(compressedBytes).isLessThanOrEqualTo(FootprintTable.IMAGE);
  }

  @Test
  void everyNativeLibraryOfTheRuntimeResolvesInsideTheImage() throws Exception {
    List<String> elves =
        files.values().stream()
            .filter(TarArchiveEntry::isFile)
            .map(TarArchiveEntry::getName)
            .filter(p -> p.startsWith("opt/java/") && (p.endsWith(".so") || p.contains("/bin/")))
            .toList();
    assertThat(elves).contains("opt/java/lib/server/libjvm.so", "opt/java/lib/libnet.so");

    for (String elf : elves) {
      // the image's own dynamic loader, asked as ldd would ask it; the runtime's libraries are
      // found through each other once java has loaded libjvm.so, hence the library path
      Result listed =
          inImage(
              List.of("--entrypoint", "/lib64/ld-linux-x86-64.so.2"),
              "--library-path",
              "/opt/java/lib:/opt/java/lib/server",
              "--list",
              "/" + elf);
      assertThat(listed.code()).as("%s: %s", elf, listed.output()).isZero();
      assertThat(listed.output()).as(elf).doesNotContain("not found");
    }
  }

  @Test
  void versionFromInsideTheImage() throws Exception {
    Result version = inImage(List.of(), "--version");

    assertThat(version.code()).as(version.output()).isZero();
    assertThat(version.stdout().lines())
        .containsExactly(
            "northflank-job-operator " + Project.version(), "commit " + Project.gitHead());
    assertThat(version.stderr()).isEmpty();
  }

  @Test
  void theAotCacheMadeAtBuildTimeIsUsed() throws Exception {
    // AOTMode=on: the JVM refuses to start rather than run without the cache (a different jar,
    // runtime or option than the training run's)
    Result version =
        inImage(List.of("--env", "JAVA_TOOL_OPTIONS=-XX:AOTMode=on -Xlog:aot=info"), "--version");

    assertThat(version.code()).as(version.output()).isZero();
    assertThat(version.stdout()).contains("Opened AOT cache " + AOT_CACHE);
  }

  @Test
  void runHelpFromInsideTheImage() throws Exception {
    Result help = inImage(List.of(), "run", "--help");

    assertThat(help.code()).as(help.output()).isZero();
    assertThat(help.stdout())
        .startsWith("Usage: northflank-job-operator run")
        .contains("--api-url", "NORTHFLANK_API_URL", "--token-file", "--metrics-port");
  }

  @Test
  void theRuntimeTrustsThePublicCertificateAuthorities() throws Exception {
    // the Northflank API is public HTTPS: the runtime needs root certificates and EC crypto
    Result keystore =
        inImage(
            List.of("--entrypoint", "/opt/java/bin/keytool"),
            "-list",
            "-cacerts",
            "-storepass",
            "changeit");
    Result modules = inImage(List.of("--entrypoint", "/opt/java/bin/java"), "--list-modules");

    assertThat(keystore.code()).as(keystore.output()).isZero();
    assertThat(keystore.stdout()).containsPattern("Your keystore contains [1-9][0-9]+ entries");
    assertThat(modules.stdout().lines()).anyMatch(line -> line.startsWith("jdk.crypto.ec@"));
  }

  @Test
  void theImagesJarIsTheProductsWithNothingOfThePlayground() throws Exception {
    List<String> entries = ProductJar.entries(ROOT.resolve("app/northflank-job-operator.jar"));

    assertThat(ProductJar.playgroundEntries(entries)).isEmpty();
    assertThat(entries).contains("com/northflank/operator/cli/Main.class");
    Result demo = inImage(List.of(), "demo");
    assertThat(demo.code()).as(demo.output()).isEqualTo(2);
  }

  @Test
  void validateRunsInsideTheImage() throws Exception {
    // the CRD's schema and CEL rules (json-schema-validator, cel-java and protobuf): every module
    // and class they touch must be in the image
    Result validate =
        inImage(
            List.of("--volume", Path.of("deploy/samples").toAbsolutePath() + ":/samples:ro"),
            "validate",
            "-f",
            "/samples");

    // validate reports on stderr; no JVM warning among its lines (protobuf's Unsafe use on 25)
    assertThat(validate.code()).as(validate.output()).isZero();
    assertThat(validate.stderr()).contains("2 NorthflankJob(s) checked: all valid");
    assertThat(validate.output()).doesNotContain("WARNING");
  }

  @Test
  void exportAndDiffRunInsideTheImageAgainstTheSimulator(@TempDir Path work) throws Exception {
    String token = "nf-image-it-token";
    try (NorthflankSimulator northflank =
        NorthflankSimulator.start(SimulatorOptions.builder().token(token).seedJobs(true).build())) {
      List<String> api =
          List.of(
              "--network",
              "host",
              "--env",
              "NORTHFLANK_API_URL=" + northflank.baseUrl(),
              "--env",
              "NORTHFLANK_API_TOKEN=" + token);
      Path exported = Files.createDirectories(work.resolve("exported"));
      Files.setPosixFilePermissions(exported, PosixFilePermissions.fromString("rwxrwxrwx"));
      List<String> writable = new ArrayList<>(api);
      writable.addAll(List.of("--volume", exported + ":/exported"));

      Result export =
          inImage(
              writable,
              "export",
              "--project",
              "default-project",
              "--job",
              "example-job",
              "--output-dir",
              "/exported");
      assertThat(export.code()).as(export.output()).isZero();
      assertThat(exported.resolve("example-job.yaml"))
          .content()
          .contains("kind: \"NorthflankJob\"", "jobId: \"example-job\"");

      List<String> readable = new ArrayList<>(api);
      readable.addAll(List.of("--volume", exported + ":/exported:ro"));
      Result inSync = inImage(readable, "diff", "-f", "/exported");
      assertThat(inSync.code()).as(inSync.output()).isZero();

      northflank.updateJob(
          "default-project", "example-job", job -> job.put("description", "changed by hand"));
      Result drift = inImage(readable, "diff", "-f", "/exported");
      assertThat(drift.code()).as(drift.output()).isEqualTo(1);
      assertThat(drift.stdout()).contains("description");
    }
  }

  /**
   * The footprint targets, measured as the bench's footprint scenario measures them: idle RSS and
   * 1000 jobs synced under the 160 MiB limit are asserted (RSS moves by a few MiB between runs,
   * well inside the targets' margins); the times from start to /readyz are printed, not asserted:
   * on a shared 2-core machine the wall clock follows its load more than the operator (the bench
   * reports them with the CPU the operator spent, and docs/performance.md the quiet machine's
   * figures).
   */
  @Test
  void idleWithinItsTargetAndAThousandJobsSyncedUnderTheMemoryLimit() throws Exception {
    FootprintRun.Settings defaults = FootprintRun.Settings.DEFAULTS;
    FootprintRun.Result result =
        new FootprintRun(
                new FootprintRun.Settings(
                    defaults.jobs(),
                    defaults.projects(),
                    defaults.memory(),
                    defaults.limit(),
                    // one start of each kind: the times are printed, not asserted (the bench takes
                    // the median of more), and each start with 1000 jobs costs CI time
                    1,
                    defaults.settle(),
                    defaults.apiLatency()),
                loaded(),
                System.out)
            .run();
    System.out.print(FootprintTable.format(result));

    assertThat(result.idle().rss()).isLessThanOrEqualTo(FootprintTable.IDLE_RSS);
    assertThat(result.limit().exit()).as("how the operator ended under the limit").isEmpty();
    assertThat(result.limit().synced()).isEqualTo(defaults.jobs());
    assertThat(result.limit().survived()).isTrue();
  }

  // ---- helpers ----

  private record Result(int code, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }

  /**
   * Runs the image once, as the Deployment does, with the given {@code docker run} options (a
   * network, mounts, environment, another entrypoint) and arguments; no network unless given.
   */
  private static Result inImage(List<String> options, String... args) throws Exception {
    String name = "northflank-job-operator-it-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> command =
        new ArrayList<>(
            List.of(
                "docker",
                "run",
                "--rm",
                "--name",
                name,
                "--read-only",
                "--tmpfs",
                "/tmp:rw,size=64m",
                "--user",
                USER,
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges",
                "--memory",
                "256m"));
    if (!options.contains("--network")) {
      command.addAll(List.of("--network", "none"));
    }
    command.addAll(options);
    command.add(loaded().image());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    CompletableFuture<String> stdout = read(process.getInputStream());
    CompletableFuture<String> stderr = read(process.getErrorStream());
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("timed out: " + command);
      }
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      // --rm removes it on exit; a container still running after a timeout is removed here
      new ProcessBuilder("docker", "rm", "--force", name)
          .redirectErrorStream(true)
          .start()
          .waitFor(1, TimeUnit.MINUTES);
    }
    return new Result(process.exitValue(), stdout.join(), stderr.join());
  }

  private static CompletableFuture<String> read(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (InputStream in = stream) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return e.toString();
          }
        });
  }

  private static String javaRuntime(Path jdk) throws IOException {
    return Files.readAllLines(jdk.resolve("release")).stream()
        .filter(line -> line.startsWith("IMPLEMENTOR_VERSION="))
        .map(line -> line.substring(line.indexOf('=') + 1).replace("\"", ""))
        .findFirst()
        .orElseThrow();
  }

  private static String installedVersion(String debianPackage) throws Exception {
    Process query = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", debianPackage).start();
    String version = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(query.waitFor()).as("dpkg-query %s", debianPackage).isZero();
    return version.strip();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static JsonNode blob(Path layout, String digest) throws IOException {
    return JSON.readTree(blobPath(layout, digest).toFile());
  }

  private static Path blobPath(Path layout, String digest) {
    String[] parts = digest.split(":", 2);
    return layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
  }

  /** Unpacks a tar stream under {@code into}, keeping modes; records the entries when asked. */
  private static void extract(InputStream stream, Path into, Map<String, TarArchiveEntry> entries)
      throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path target = into.resolve(entry.getName()).normalize();
        assertThat(target.startsWith(into)).as("entry %s stays inside", entry.getName()).isTrue();
        assertThat(entry.isFile() || entry.isDirectory())
            .as("%s is a plain file or directory", entry.getName())
            .isTrue();
        if (entries != null) {
          entries.put(entry.getName(), entry);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
        }
        Files.setPosixFilePermissions(
            target, PosixFilePermissions.fromString(rwx(entry.getMode())));
      }
    }
  }

  private static String rwx(int mode) {
    StringBuilder text = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = (mode >> shift) & 7;
      text.append((bits & 4) != 0 ? 'r' : '-')
          .append((bits & 2) != 0 ? 'w' : '-')
          .append((bits & 1) != 0 ? 'x' : '-');
    }
    return text.toString();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}

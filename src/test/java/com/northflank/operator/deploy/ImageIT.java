package com.northflank.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image {@code mvn -Pimage package} builds (target/northflank-job-operator-image.tar, an OCI
 * layout): its layers are unpacked as a container runtime would, its config and files checked (the
 * product's jar, nothing of the playground), and its own runtime and jar run from the unpacked root
 * with {@code chroot}, as the image's user, with
 * a private /proc (the JVM finds its libraries through /proc/self/exe) and nothing from the host.
 * Run by failsafe in the {@code image} profile; needs root for chroot.
 */
class ImageIT {

  private static final Path TARBALL = Path.of("target/northflank-job-operator-image.tar");
  private static final Path ROOT = Path.of("target/image-it/rootfs").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "65532:65532";

  /**
   * Everything the image may hold: the jlink runtime, the C libraries it links against with their
   * packages' copyright files, the user database, /tmp and the jar. A shell, a package manager or a
   * stray build file would not match.
   */
  private static final List<Pattern> ALLOWED =
      Stream.of(
              "app/",
              "app/northflank-job-operator\\.jar",
              "etc/",
              "etc/(passwd|group|nsswitch\\.conf)",
              "lib/",
              "lib/x86_64-linux-gnu/",
              "lib/x86_64-linux-gnu/(libc\\.so\\.6|libm\\.so\\.6|libgcc_s\\.so\\.1"
                  + "|libstdc\\+\\+\\.so\\.6|libz\\.so\\.1)",
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
  private static final Map<String, TarArchiveEntry> files = new LinkedHashMap<>();

  @BeforeAll
  static void unpack() throws IOException, InterruptedException {
    assertThat(TARBALL).as("built by mvn -Pimage package").exists();
    Path layout = Path.of("target/image-it/layout");
    deleteRecursively(layout.getParent());
    extract(Files.newInputStream(TARBALL), layout, null);

    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    JsonNode manifest = blob(layout, index.at("/manifests/0/digest").asText());
    config = blob(layout, manifest.at("/config/digest").asText());
    long compressed = manifest.at("/config/size").asLong();
    for (JsonNode layer : manifest.path("layers")) {
      assertThat(layer.path("mediaType").asText())
          .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
      Path blob = blobPath(layout, layer.path("digest").asText());
      extract(new GZIPInputStream(Files.newInputStream(blob)), ROOT, files);
      compressed += layer.path("size").asLong();
    }
    long unpacked = files.values().stream().mapToLong(TarArchiveEntry::getSize).sum();
    System.out.printf(
        "image %s: %d layers, %.1f MiB compressed, %.1f MiB unpacked, %d files%n",
        index.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText(),
        manifest.path("layers").size(),
        compressed / 1048576.0,
        unpacked / 1048576.0,
        files.values().stream().filter(TarArchiveEntry::isFile).count());
  }

  @Test
  void theConfigRunsTheJarWithTheImagesJavaAsANonRootUser() throws Exception {
    JsonNode container = config.path("config");

    assertThat(config.path("os").asText()).isEqualTo("linux");
    assertThat(config.path("architecture").asText()).isEqualTo("amd64");
    assertThat(container.path("User").asText()).isEqualTo(USER);
    assertThat(strings(container.path("Entrypoint")))
        .containsExactly(
            "/opt/java/bin/java",
            "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            "/app/northflank-job-operator.jar");
    assertThat(strings(container.path("Cmd"))).containsExactly("run");
    assertThat(container.path("ExposedPorts").has("8080/tcp")).isTrue();

    JsonNode labels = container.path("Labels");
    assertThat(labels.path("org.opencontainers.image.version").asText())
        .isEqualTo(Project.version());
    assertThat(labels.path("org.opencontainers.image.revision").asText())
        .isEqualTo(Project.gitHead());
    assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
    // the C libraries come from this machine's Debian packages, named with their versions
    String packages = labels.path("com.northflank.operator.debian-packages").asText();
    for (String name : List.of("libc6", "libstdc++6", "libgcc-s1", "zlib1g")) {
      assertThat(packages.split(" ")).contains(name + "=" + installedVersion(name));
      assertThat(ROOT.resolve("usr/share/doc/" + name + "/copyright")).isRegularFile();
    }
    assertThat(labels.path("com.northflank.operator.java-modules").asText())
        .contains("java.base", "jdk.crypto.ec");
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
        .contains("app/northflank-job-operator.jar", "opt/java/bin/java")
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
              "/lib64/ld-linux-x86-64.so.2",
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
    Result version = inImage(command("--version"));

    assertThat(version.code()).as(version.output()).isZero();
    assertThat(version.output().lines())
        .containsExactly(
            "northflank-job-operator " + Project.version(), "commit " + Project.gitHead());
  }

  @Test
  void runHelpFromInsideTheImage() throws Exception {
    Result help = inImage(command("run", "--help"));

    System.out.println("run --help, from inside the image:\n" + help.output());
    assertThat(help.code()).as(help.output()).isZero();
    assertThat(help.output())
        .startsWith("Usage: northflank-job-operator run")
        .contains("--api-url", "NORTHFLANK_API_URL", "--token-file", "--metrics-port");
  }

  @Test
  void theRuntimeTrustsThePublicCertificateAuthorities() throws Exception {
    // the Northflank API is public HTTPS: the runtime needs root certificates and EC crypto
    Result keystore =
        inImage("/opt/java/bin/keytool", "-list", "-cacerts", "-storepass", "changeit");
    Result modules = inImage("/opt/java/bin/java", "--list-modules");

    assertThat(keystore.code()).as(keystore.output()).isZero();
    assertThat(keystore.output()).containsPattern("Your keystore contains [1-9][0-9]+ entries");
    assertThat(modules.output().lines()).anyMatch(line -> line.startsWith("jdk.crypto.ec@"));
  }

  @Test
  void theImagesJarIsTheProductsWithNothingOfThePlayground() throws Exception {
    List<String> entries = ProductJar.entries(ROOT.resolve("app/northflank-job-operator.jar"));

    assertThat(ProductJar.playgroundEntries(entries)).isEmpty();
    assertThat(entries).contains("com/northflank/operator/cli/Main.class");
    Result demo = inImage(command("demo"));
    assertThat(demo.code()).as(demo.output()).isEqualTo(2);
  }

  @Test
  void validateRunsInsideTheImage() throws Exception {
    // the CRD's schema and CEL rules (json-schema-validator, cel-java and protobuf): every module
    // and class they touch must be in the image
    Path samples = ROOT.resolve("tmp/samples");
    Files.createDirectories(samples);
    try (Stream<Path> files = Files.list(Path.of("deploy/samples"))) {
      for (Path file : files.toList()) {
        Files.copy(file, samples.resolve(file.getFileName()));
      }
    }

    Result validate = inImage(command("validate", "-f", "/tmp/samples"));

    assertThat(validate.code()).as(validate.output()).isZero();
    assertThat(validate.output()).contains("2 NorthflankJob(s) checked: all valid");
  }

  // ---- helpers ----

  private record Result(int code, String output) {}

  /** The image's entrypoint with these arguments instead of its default command. */
  private static String[] command(String... args) {
    List<String> command = new ArrayList<>(strings(config.at("/config/Entrypoint")));
    command.addAll(List.of(args));
    return command.toArray(String[]::new);
  }

  /**
   * Runs a command in the unpacked image as its user, with the image's environment only: a private
   * PID and mount namespace with its own /proc, then chroot.
   */
  private static Result inImage(String... command) throws IOException, InterruptedException {
    requireRoot();
    Files.createDirectories(ROOT.resolve("proc"));
    List<String> argv =
        new ArrayList<>(
            List.of(
                onHostPath("unshare"),
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=" + ROOT.resolve("proc"),
                onHostPath("chroot"),
                "--userspec=" + USER,
                ROOT.toString()));
    argv.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", "/opt/java/bin");
    for (String variable : strings(config.at("/config/Env"))) {
      String[] pair = variable.split("=", 2);
      builder.environment().put(pair[0], pair[1]);
    }
    Process process = builder.start();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream in = process.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return e.toString();
              }
            });
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + argv);
    }
    return new Result(process.exitValue(), output.join());
  }

  /** Resolved before the child's environment is cleared. */
  private static String onHostPath(String command) {
    return Stream.of(System.getenv("PATH").split(":"))
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElseThrow(() -> new AssertionError(command + " is not on PATH"));
  }

  private static void requireRoot() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u").start();
    boolean root = new String(id.getInputStream().readAllBytes()).strip().equals("0");
    id.waitFor();
    if (!root && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("running the image needs root (chroot), and CI=true requires it");
    }
    assumeTrue(root, "running the image needs root (chroot)");
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

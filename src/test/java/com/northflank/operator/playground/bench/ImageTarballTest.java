package com.northflank.operator.playground.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTarballTest {

  @Test
  void theCompressedSizeIsTheConfigAndEveryLayerTheManifestNames(@TempDir Path dir)
      throws IOException {
    String config = "{\"architecture\":\"amd64\"}";
    String manifest =
        """
        {"config":{"digest":"sha256:c0","size":%d},
         "layers":[{"digest":"sha256:l1","size":3000000},{"digest":"sha256:l2","size":512}]}
        """
            .formatted(config.length());
    String index = "{\"manifests\":[{\"digest\":\"sha256:m0\"}]}";
    Path tarball = dir.resolve("image.tar");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tarball))) {
      add(tar, "oci-layout", new byte[] {'{', '}'});
      add(tar, "index.json", index.getBytes(StandardCharsets.UTF_8));
      add(tar, "blobs/sha256/m0", manifest.getBytes(StandardCharsets.UTF_8));
      add(tar, "blobs/sha256/c0", config.getBytes(StandardCharsets.UTF_8));
      add(tar, "blobs/sha256/l1", new byte[3_000_000]);
      add(tar, "blobs/sha256/l2", new byte[512]);
    }

    assertThat(ImageTarball.compressedBytes(tarball)).isEqualTo(config.length() + 3_000_512L);
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    OutputStream out = tar;
    out.write(content);
    tar.closeArchiveEntry();
  }
}

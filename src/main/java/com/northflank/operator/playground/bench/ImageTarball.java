package com.northflank.operator.playground.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The image as {@code mvn -Pimage package} writes it (an OCI layout in a tar): its compressed size
 * is what a registry stores and a node pulls, the config and every gzipped layer its manifest
 * names.
 */
final class ImageTarball {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BLOCK = 512;

  /** The layout's JSON documents (index, manifest, config) are small; layers are not read. */
  private static final long SMALL = 1 << 20;

  private ImageTarball() {}

  static long compressedBytes(Path tarball) throws IOException {
    Map<String, byte[]> documents = new HashMap<>();
    try (DataInputStream tar = new DataInputStream(Files.newInputStream(tarball))) {
      byte[] header = new byte[BLOCK];
      while (true) {
        try {
          tar.readFully(header);
        } catch (EOFException e) {
          break;
        }
        String name = text(header, 0, 100);
        if (name.isEmpty()) {
          break; // the two zero blocks that end a tar
        }
        String prefix = text(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        long size = Long.parseLong(text(header, 124, 12).strip(), 8);
        if (size <= SMALL) {
          documents.put(name, tar.readNBytes((int) size));
          skip(tar, padding(size));
        } else {
          skip(tar, size + padding(size));
        }
      }
    }
    JsonNode index = JSON.readTree(document(documents, "index.json"));
    JsonNode manifest = JSON.readTree(blob(documents, index.at("/manifests/0/digest").asText()));
    long total = manifest.at("/config/size").asLong();
    for (JsonNode layer : manifest.path("layers")) {
      total += layer.path("size").asLong();
    }
    return total;
  }

  private static byte[] blob(Map<String, byte[]> documents, String digest) {
    return document(documents, "blobs/" + digest.replace(':', '/'));
  }

  private static byte[] document(Map<String, byte[]> documents, String name) {
    byte[] bytes = documents.getOrDefault(name, documents.get("./" + name));
    if (bytes == null) {
      throw new IllegalStateException("not an OCI layout: no " + name);
    }
    return bytes;
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        throw new EOFException("tar ends inside an entry");
      }
      left -= skipped;
    }
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }
}

package com.northflank.operator.gitops;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/** Where exported resources go: one file per job in a directory, or one stream of documents. */
public sealed interface ExportTarget {

  /** Writes the resource of one job. */
  void write(String jobId, String yaml) throws IOException;

  /** Says where the resources went, for the summary line. */
  String describe();

  static ExportTarget directory(Path directory) {
    return new Directory(directory);
  }

  /**
   * Why files cannot be written into the directory, created if need be: asked before any request,
   * so that an export that could not keep its results spends none. Empty when they can.
   */
  static Optional<String> unwritable(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (FileAlreadyExistsException e) {
      return Optional.of(directory + " is a file, not a directory");
    } catch (IOException e) {
      return Optional.of("cannot create " + directory + " (" + e.getClass().getSimpleName() + ")");
    }
    return Files.isWritable(directory)
        ? Optional.empty()
        : Optional.of(directory + " is not writable");
  }

  static ExportTarget stream(OutputStream out) {
    return new Stream(out);
  }

  /**
   * {@code DIR/<jobId>.yaml}, created or replaced whole (written beside it, then moved), so that an
   * interrupted export never leaves half a file. Files of jobs that no longer exist are left alone.
   * The files are manifests for a Git repository, nothing secret: mode 0644 like any other source
   * file, not the 0600 of a temporary file.
   */
  record Directory(Path directory) implements ExportTarget {

    static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");

    @Override
    public void write(String jobId, String yaml) throws IOException {
      Files.createDirectories(directory);
      Path file = directory.resolve(jobId + ".yaml");
      Path partial = Files.createTempFile(directory, "." + jobId + ".", ".partial");
      try {
        Files.writeString(partial, yaml, StandardCharsets.UTF_8);
        if (Files.getFileAttributeView(partial, PosixFileAttributeView.class) != null) {
          Files.setPosixFilePermissions(partial, MODE);
        }
        try {
          Files.move(
              partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(partial);
      }
    }

    @Override
    public String describe() {
      return "to " + directory;
    }
  }

  /** A multi-document YAML stream, e.g. on stdout; each document starts with {@code ---}. */
  record Stream(OutputStream out) implements ExportTarget {
    @Override
    public void write(String jobId, String yaml) throws IOException {
      out.write(yaml.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    @Override
    public String describe() {
      return "to standard output";
    }
  }
}

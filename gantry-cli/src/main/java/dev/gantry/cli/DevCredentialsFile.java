package dev.gantry.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.random.RandomGenerator;
import picocli.CommandLine.ExitCode;

/**
 * The {@code credentials} file of a dev data directory: generated once, reused afterwards.
 *
 * <p>Constraints: the secret must never be readable by other users, not even for a moment, so
 * the directory is created 0700 and the file is written to a 0600 temporary file first and then
 * moved into place (a reader never sees a half-written file). On file systems without POSIX
 * permissions (Windows) the platform defaults apply.
 */
final class DevCredentialsFile {
  static final String FILE_NAME = "credentials";

  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  private DevCredentialsFile() {}

  /** The pair stored in {@code dataDir}, creating the directory and a fresh pair if needed. */
  static RootCredentials loadOrCreate(Path dataDir, RandomGenerator random) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return load(file);
      }
      Files.createDirectories(dataDir, permissions(dataDir, OWNER_ONLY_DIR));
      RootCredentials credentials = RootCredentials.generate(random);
      Path temp = Files.createTempFile(dataDir, FILE_NAME, ".tmp", permissions(dataDir, OWNER_ONLY_FILE));
      try {
        Files.writeString(temp, CredentialsFileCodec.encode(credentials), StandardCharsets.UTF_8);
        Files.move(temp, file);
        return credentials;
      } catch (FileAlreadyExistsException raced) {
        // another 'gantry dev' created it meanwhile: its pair wins, so both agree
        return load(file);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UserError("Cannot create the credentials file " + file + ": " + e, ExitCode.SOFTWARE);
    }
  }

  private static RootCredentials load(Path file) throws IOException {
    return switch (CredentialsFileCodec.decode(Files.readString(file, StandardCharsets.UTF_8))) {
      case CredentialsFileCodec.Decoded.Ok ok -> ok.credentials();
      case CredentialsFileCodec.Decoded.Invalid invalid -> throw new UserError(
          "The credentials file " + file + " is not valid: " + invalid.reason()
              + ". Fix it, or delete it to have a new key pair generated.",
          ExitCode.USAGE);
    };
  }

  private static FileAttribute<?>[] permissions(Path near, Set<PosixFilePermission> wanted) {
    boolean posix = near.getFileSystem().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(wanted)}
        : new FileAttribute<?>[0];
  }
}

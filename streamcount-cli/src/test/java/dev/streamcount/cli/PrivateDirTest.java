package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDirTest {

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDataDirIsOwnerOnlyAndNothingIsReported(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("a").resolve("data");
        assertThat(PrivateDir.secure(data)).isEqualTo(new PrivateDir.Narrowed(false, 0));
        assertThat(mode(data)).isEqualTo("rwx------");
    }

    @Test
    void anExistingWideDataDirIsNarrowedAndCounted(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path kafka = Files.createDirectories(data.resolve("kafka/input-0"));
        Files.setPosixFilePermissions(kafka, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(
                data.resolve("kafka"), PosixFilePermissions.fromString("rwxr-x---"));
        Path log = Files.writeString(kafka.resolve("00000.log"), "hello world");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        Path readOnly = Files.writeString(data.resolve("meta"), "x");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--------"));
        Path outside = Files.writeString(tmp.resolve("outside"), "not ours");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(data.resolve("kafka/link"), outside);
        Path users = Files.writeString(data.resolve("notes.txt"), "the user's own file");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateDir.Narrowed narrowed = PrivateDir.secure(data);

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("kafka"))).isEqualTo("rwx------");
        assertThat(mode(kafka)).isEqualTo("rwx------");
        assertThat(mode(log)).isEqualTo("rw-------");
        assertThat(mode(readOnly)).as("already owner-only: left as it is").isEqualTo("r--------");
        assertThat(mode(outside)).as("a link is not followed").isEqualTo("rw-r--r--");
        assertThat(mode(users)).as("not streamcount's: left as it is").isEqualTo("rw-r--r--");
        assertThat(narrowed)
                .as("data, kafka, input-0 and the log")
                .isEqualTo(new PrivateDir.Narrowed(true, 4));
        assertThat(PrivateDir.secure(data))
                .as("nothing left to narrow")
                .isEqualTo(new PrivateDir.Narrowed(false, 0));
    }

    @Test
    void widerFilesUnderAPrivateDirAreNarrowedWithoutAReport(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        PrivateDir.secure(data);
        Path log =
                Files.writeString(
                        Files.createDirectory(data.resolve("kafka")).resolve("0.log"), "text");
        Files.setPosixFilePermissions(
                log.getParent(), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(PrivateDir.secure(data)).isEqualTo(new PrivateDir.Narrowed(false, 1));
        assertThat(mode(log)).isEqualTo("rw-------");
    }

    @Test
    void aDataDirGivenAsALinkClosesTheDirectoryItLeadsTo(@TempDir Path tmp) throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path link = Files.createSymbolicLink(tmp.resolve("data"), real);
        assertThat(PrivateDir.secure(link)).isEqualTo(new PrivateDir.Narrowed(true, 1));
        assertThat(mode(real)).isEqualTo("rwx------");
    }
}

package dev.streamcount.store.durable;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The record format of the store's files: a record is its payload's length (4 bytes), the payload's
 * CRC32C (4 bytes) and the payload, a JSON text in UTF-8. A reader can tell a whole record from one
 * a crash cut short or a disk damaged.
 */
final class LogRecords {
    /** Length and checksum. */
    static final int HEADER_BYTES = 8;

    private LogRecords() {}

    /**
     * Writes {@code node} as one record.
     *
     * @throws IOException also if the record would not fit a record's length field (2 GB)
     */
    static void write(OutputStream out, JsonNode node) throws IOException {
        byte[] payload = node.toString().getBytes(StandardCharsets.UTF_8);
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(payload.length);
        data.writeInt(crc(payload));
        data.write(payload);
    }

    /**
     * Hands every whole record of {@code file} to {@code apply}, stopping at the first one that is
     * cut short or fails its checksum.
     *
     * @return the length of the file the whole records take up
     */
    static long readWhole(Path file, Consumer<JsonNode> apply) throws IOException {
        long good = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream in = new DataInputStream(raw)) {
            while (true) {
                byte[] payload = next(in);
                if (payload == null) {
                    return good;
                }
                apply.accept(Codec.readTree(new String(payload, StandardCharsets.UTF_8)));
                good += HEADER_BYTES + payload.length;
            }
        }
    }

    /**
     * Hands every record of {@code file} to {@code apply}; a record cut short or failing its
     * checksum is an error: for files that were complete before anyone could read them.
     */
    static void readAll(Path file, Consumer<JsonNode> apply) throws IOException {
        long whole = readWhole(file, apply);
        if (whole != Files.size(file)) {
            throw new IOException(file + " is damaged at byte " + whole);
        }
    }

    /** The next whole record's payload, or null at the end or at a record that is not whole. */
    private static byte[] next(DataInputStream in) throws IOException {
        int length;
        int crc;
        try {
            length = in.readInt();
            crc = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length <= 0) {
            return null;
        }
        // No upper bound but the file's end: a length torn into garbage reads short and stops
        // here; readNBytes grows its buffer as it reads, so a huge garbage length costs nothing.
        byte[] payload = in.readNBytes(length);
        return payload.length == length && crc(payload) == crc ? payload : null;
    }

    private static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }
}

package dev.streamcount.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, from Linux's {@code /proc}: the socket inodes among its
 * file descriptors, looked up in {@code /proc/net/tcp} and {@code tcp6}. Every listening socket is
 * found, whoever opened it, so a socket added later cannot slip past a list of known ports.
 */
final class ListeningSockets {

    /** One listening socket: its address as the kernel shows it, and its port. */
    record Socket(String address, int port, boolean loopback) {
        @Override
        public String toString() {
            return address + ":" + port;
        }
    }

    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    static List<Socket> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) inodes.add(m.group(1));
                } catch (IOException closedMeanwhile) {
                    // The descriptor was closed while listing: it is not a listener now.
                }
            }
        }
        List<Socket> sockets = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines =
                    Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    sockets.add(parse(f[1]));
                }
            }
        }
        return sockets;
    }

    /** {@code 0100007F:1F90} (IPv4) or 32 hex digits (IPv6), each 32-bit word little-endian. */
    static Socket parse(String localAddress) {
        String[] hostPort = localAddress.split(":");
        int port = Integer.parseInt(hostPort[1], 16);
        byte[] ip = new byte[hostPort[0].length() / 2];
        for (int word = 0; word < ip.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                ip[word * 4 + b] = (byte) Integer.parseInt(hostPort[0].substring(at, at + 2), 16);
            }
        }
        return new Socket(format(ip), port, isLoopback(ip));
    }

    private static boolean isLoopback(byte[] ip) {
        if (ip.length == 4) {
            return (ip[0] & 0xFF) == 127;
        }
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) zeroPrefix &= ip[i] == 0;
        boolean v4Mapped = zeroPrefix && ip[10] == (byte) 0xFF && ip[11] == (byte) 0xFF;
        if (v4Mapped) {
            return (ip[12] & 0xFF) == 127;
        }
        boolean one = zeroPrefix && ip[10] == 0 && ip[11] == 0 && ip[12] == 0 && ip[13] == 0;
        return one && ip[14] == 0 && ip[15] == 1;
    }

    private static String format(byte[] ip) {
        StringBuilder sb = new StringBuilder();
        if (ip.length == 4) {
            for (byte b : ip) sb.append(sb.length() == 0 ? "" : ".").append(b & 0xFF);
            return sb.toString();
        }
        for (int i = 0; i < 16; i += 2) {
            sb.append(i == 0 ? "" : ":")
                    .append(Integer.toHexString(((ip[i] & 0xFF) << 8) | (ip[i + 1] & 0xFF)));
        }
        return "[" + sb + "]";
    }
}

package dev.streamcount.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Flink session cluster as separate JVM processes, from Flink's Maven artifacts (no
 * binary distribution): one JobManager and any number of TaskManagers, on 127.0.0.1 and free ports,
 * driven through the REST API. {@link #close()} stops every process it started.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path dir;
    private final Path conf;
    private final String classpath;
    private final int restPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Process> processes = new LinkedHashMap<>();

    StandaloneCluster(Path dir, int restPort, int rpcPort) throws IOException {
        this.dir = dir;
        this.conf = Files.createDirectories(dir.resolve("conf"));
        this.classpath =
                Files.readString(Path.of(System.getProperty("cluster.classpath.file"))).trim();
        this.restPort = restPort;
        Files.writeString(
                conf.resolve("config.yaml"),
                String.join(
                        "\n",
                        "jobmanager.rpc.address: localhost",
                        "jobmanager.rpc.port: " + rpcPort,
                        "jobmanager.bind-host: 127.0.0.1",
                        "taskmanager.bind-host: 127.0.0.1",
                        "taskmanager.host: 127.0.0.1",
                        "rest.address: 127.0.0.1",
                        "rest.bind-address: 127.0.0.1",
                        "rest.port: " + restPort,
                        "jobmanager.memory.process.size: 768m",
                        "taskmanager.memory.process.size: 1024m",
                        "taskmanager.memory.managed.size: 64m",
                        "taskmanager.numberOfTaskSlots: 2",
                        "cluster.registration.error-delay: 500",
                        "taskmanager.load-balance.mode: slots",
                        "restart-strategy.type: fixed-delay",
                        "restart-strategy.fixed-delay.attempts: 100",
                        "restart-strategy.fixed-delay.delay: 3 s",
                        "heartbeat.interval: 2000",
                        "metrics.fetcher.update-interval: 2000",
                        "heartbeat.timeout: 10000",
                        "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
                        "io.tmp.dirs: " + Files.createDirectories(dir.resolve("io")),
                        ""));
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = file",
                        "appender.file.type = File",
                        "appender.file.name = file",
                        "appender.file.fileName = ${sys:log.file}",
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                        ""));
    }

    String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    void startJobManager() throws Exception {
        List<String> memory = bashJavaUtils("GET_JM_RESOURCE_PARAMS");
        start(
                "jobmanager",
                memory.get(0),
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of("--configDir", conf.toString()));
    }

    void startTaskManager(String id) throws Exception {
        List<String> memory = bashJavaUtils("GET_TM_RESOURCE_PARAMS");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--configDir",
                                conf.toString(),
                                "-D",
                                "taskmanager.resource-id=" + id));
        args.addAll(List.of(memory.get(1).trim().split("\\s+")));
        start(id, memory.get(0), "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", args);
    }

    /** SIGKILL, as a crashed machine or an OOM killer would. */
    void kill9(String id) throws Exception {
        Process p = processes.get(id);
        new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
        if (!p.waitFor(30, TimeUnit.SECONDS))
            throw new IllegalStateException(id + " survived kill -9");
    }

    /** Resident set size of each live process, in MiB, from /proc. */
    Map<String, Long> rssMiB() throws IOException {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (Map.Entry<String, Process> e : processes.entrySet()) {
            if (!e.getValue().isAlive()) continue;
            for (String line :
                    Files.readAllLines(
                            Path.of("/proc", Long.toString(e.getValue().pid()), "status"))) {
                if (line.startsWith("VmRSS:"))
                    rss.put(e.getKey(), Long.parseLong(line.replaceAll("\\D", "")) / 1024);
            }
        }
        return rss;
    }

    private List<String> bashJavaUtils(String command) throws Exception {
        Process p =
                new ProcessBuilder(
                                java(),
                                "-cp",
                                classpath,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                command,
                                "--configDir",
                                conf.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        List<String> results =
                out.lines()
                        .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                        .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()))
                        .toList();
        if (results.size() < 2)
            throw new IllegalStateException("BashJavaUtils " + command + " said:\n" + out);
        return results;
    }

    private void start(String id, String jvmMemory, String mainClass, List<String> args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(List.of(jvmMemory.trim().split("\\s+")));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) cmd.add(arg);
        }
        cmd.add("-Dlog.file=" + dir.resolve(id + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        cmd.addAll(List.of("-cp", classpath, mainClass));
        cmd.addAll(args);
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(id + ".out").toFile())
                        .start();
        processes.put(id, p);
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    String get(String path) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(restUrl() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** Uploads a jar with POST /jars/upload; returns its id. */
    String uploadJar(Path jar) throws Exception {
        String boundary = "streamcount" + UUID.randomUUID();
        byte[] head =
                ("--"
                                + boundary
                                + "\r\n"
                                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(
                                HttpRequest.BodyPublishers.ofByteArrays(
                                        List.of(head, Files.readAllBytes(jar), tail)))
                        .build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        String filename = field(body, "filename");
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /**
     * Runs an uploaded jar with POST /jars/ID/run (parallelism in the body: REST ignores the
     * default).
     */
    String run(String jarId, int parallelism, List<String> args) throws Exception {
        StringBuilder json =
                new StringBuilder("{\"parallelism\":" + parallelism + ",\"programArgsList\":[");
        for (int i = 0; i < args.size(); i++) {
            json.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(args.get(i).replace("\"", "\\\""))
                    .append('"');
        }
        json.append("]}");
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(restUrl() + "/jars/" + jarId + "/run"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
                        .build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        String jobId = field(body, "jobid");
        if (jobId == null) throw new IllegalStateException("job did not start: " + body);
        return jobId;
    }

    void cancel(String jobId) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** True when the job is RUNNING and every one of its vertices is RUNNING. */
    boolean allRunning(String jobId) throws Exception {
        String body = get("/jobs/" + jobId);
        if (!"RUNNING".equals(field(body, "state"))) return false;
        Matcher m = Pattern.compile("\"status\":\"([A-Z_]+)\"").matcher(body);
        boolean any = false;
        while (m.find()) {
            any = true;
            if (!m.group(1).equals("RUNNING")) return false;
        }
        return any;
    }

    long completedCheckpoints(String jobId) throws Exception {
        Matcher m =
                Pattern.compile("\"completed\":(\\d+)")
                        .matcher(get("/jobs/" + jobId + "/checkpoints"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*(\"([^\"]*)\"|(\\d+))").matcher(json);
        if (!m.find()) return null;
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    /** The tail of a process's log, for failure messages. */
    String logTail(String id) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(id + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes.values()) {
            p.destroyForcibly();
        }
        for (Process p : processes.values()) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}

package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.window.WindowCountTable;
import dev.streamcount.local.Ports;
import dev.streamcount.local.TextGenerator;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The dashboard of {@code streamcount local} in a real browser (Debian's chromium, driven through
 * its chromedriver), with every address but 127.0.0.1 unreachable: it shows the top words of an
 * independent count, updates them without a reload as more text arrives, shows a word's windows,
 * and loads nothing from elsewhere. Its API answers bad parameters and foreign hosts with JSON
 * errors, and listens on loopback only.
 */
class DashboardITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int SHOWN = 20; // the page's default list length

    @Test
    void showsTheJobsTopWordsLiveOfflineAndItsApiRefusesWhatItShould(@TempDir Path dir)
            throws Exception {
        Path chromium = executable("chromium");
        Path chromedriver = executable("chromedriver");
        int kafkaPort = Ports.free();
        int dynamoPort = Ports.free();
        int webPort = Ports.free();
        int dashboardPort = Ports.free();
        JobConfig config =
                JobConfig.defaults()
                        .withBootstrapServers("127.0.0.1:" + kafkaPort)
                        .withDynamoDbEndpoint(URI.create("http://127.0.0.1:" + dynamoPort));
        ReferenceWordCount reference = new ReferenceWordCount();
        TextGenerator text = new TextGenerator(11, 400, 1.1);
        try (LocalProcess local =
                        LocalProcess.start(
                                dir.resolve("data"),
                                kafkaPort,
                                dynamoPort,
                                webPort,
                                dir.resolve("local.log"),
                                "--dashboard-port",
                                Integer.toString(dashboardPort),
                                "--window",
                                "2s",
                                "--idle-timeout",
                                "1s");
                DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(config))) {
            String url = "http://127.0.0.1:" + dashboardPort + "/";
            assertThat(local.awaitLine("Dashboard ", Duration.ofSeconds(90)))
                    .as("local prints the dashboard's address")
                    .endsWith(url);
            local.awaitLine("Fresh start", Duration.ofSeconds(90));
            produce(config, text, reference, 2_000);
            awaitTable(client, config, reference, local);

            ChromeDriver browser = browser(chromium, chromedriver, dir);
            try {
                // The browser reaches nothing but loopback: an outside page fails to load.
                assertThatThrownBy(() -> browser.get("http://example.com/"))
                        .as("a page outside 127.0.0.1 cannot load in this browser")
                        .hasMessageContaining("ERR_PROXY_CONNECTION_FAILED");

                browser.get(url);
                awaitPage(
                        () -> shownTop(browser),
                        expectedTop(reference, SHOWN),
                        "the page's top list equals the independent count's top " + SHOWN);
                awaitPage(() -> text(browser, "total-records"), "2,000", "records read");
                browser.executeScript("window.sameDocument = 'no reload since';");

                produce(config, text, reference, 2_000);
                awaitTable(client, config, reference, local);
                awaitPage(
                        () -> shownTop(browser),
                        expectedTop(reference, SHOWN),
                        "the top list after more text, without a reload");
                awaitPage(
                        () -> text(browser, "total-records"),
                        "4,000",
                        "records read, updated in place");
                assertThat(browser.executeScript("return window.sameDocument"))
                        .as("the page was never reloaded")
                        .isEqualTo("no reload since");
                assertThat(text(browser, "cp-committed"))
                        .as("a committed checkpoint is shown")
                        .matches("#\\d+");

                // An empty record: not counted, shown by reason; every partition read to its end.
                LocalServices.produce(config, List.of(new byte[0]));
                awaitPage(
                        () -> tableRows(browser, "not-counted"),
                        List.of(
                                "late at the window operator (words)=0",
                                "late record=0",
                                "oversize word=0",
                                "tombstone or empty record=1"),
                        "what was not counted, by reason");
                awaitPage(
                        () ->
                                tableRows(browser, "lag").stream()
                                        .map(r -> r.substring(r.lastIndexOf('=') + 1))
                                        .toList(),
                        List.of("0", "0"),
                        "no lag on either partition");
                assertThat(
                                tableRows(browser, "lag").stream()
                                        .mapToLong(
                                                r ->
                                                        Long.parseLong(
                                                                r.split("=")[2].replace(",", "")))
                                        .sum())
                        .as("the partitions' end offsets add up to the records sent")
                        .isEqualTo(4_001);

                // A word's windows: the total is the independent count's.
                String word = expectedTop(reference, 1).get(0).split("=")[0];
                WebElement search = browser.findElement(By.id("history-word"));
                search.sendKeys(word);
                browser.findElement(By.cssSelector("#history-form button")).click();
                awaitPage(
                        () -> text(browser, "history-summary"),
                        String.format("'%s': %,d in all", word, reference.counts().get(word)),
                        "the history summary starts with the word's total",
                        true);

                // The latest closed window's kept list: the top of that window's counts in the
                // windowed table (which WindowedCountsITCase checks against an independent count).
                new Select(browser.findElement(By.id("top-of"))).selectByValue("latest");
                JsonNode[] latest = {null};
                CommonTestUtils.waitUtil(
                        () -> {
                            try {
                                latest[0] = get(url + "api/top?n=20&window=latest", 200);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            return !latest[0].get("window_start").isNull();
                        },
                        DEADLINE,
                        Duration.ofMillis(200),
                        "a window closed");
                long start = latest[0].get("window_start").asLong();
                awaitPage(
                        () -> shownTop(browser),
                        ranked(WindowCountTable.window(client, config.windowTable(), start), SHOWN),
                        "the page's list of the latest window");
                assertThat(text(browser, "top-source")).contains(" of the window ");

                @SuppressWarnings("unchecked")
                List<String> loaded =
                        (List<String>)
                                browser.executeScript(
                                        "return performance.getEntriesByType('resource')"
                                                + ".map(e => e.name)");
                assertThat(loaded)
                        .as("everything the page loaded")
                        .anyMatch(r -> r.contains("/webjars/uplot/"))
                        .allMatch(r -> r.startsWith(url));
                assertThat(browser.findElements(By.cssSelector(".uplot canvas")))
                        .as("uPlot drew the three charts")
                        .hasSize(3);

                Path output = Path.of("target", "dashboard-it");
                Files.createDirectories(output);
                Files.copy(
                        browser.getScreenshotAs(OutputType.FILE).toPath(),
                        output.resolve("dashboard.png"),
                        StandardCopyOption.REPLACE_EXISTING);

                // Flink's web UI, read-only behind its guard, still loads and lists the job for
                // its own origin (its page fetches /config, /jobs/overview and more itself).
                browser.get("http://127.0.0.1:" + webPort + "/#/job/running");
                awaitPage(
                        () ->
                                (Boolean)
                                        browser.executeScript(
                                                "return"
                                                    + " document.body.innerText.includes('streamcount"
                                                    + " input -> WordCounts') &&"
                                                    + " document.body.innerText"
                                                    + ".includes('RUNNING')"),
                        true,
                        "Flink's web UI lists the running job");
                Files.copy(
                        browser.getScreenshotAs(OutputType.FILE).toPath(),
                        output.resolve("flink-web-ui.png"),
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                browser.quit();
            }

            // The API: the kept list, and JSON errors for bad parameters and foreign hosts.
            JsonNode top = get(url + "api/top?n=5", 200);
            List<String> apiTop = new ArrayList<>();
            top.get("words")
                    .forEach(
                            w ->
                                    apiTop.add(
                                            w.get("word").asText()
                                                    + "="
                                                    + w.get("count").asLong()));
            assertThat(apiTop).isEqualTo(expectedTop(reference, 5));
            assertThat(get(url + "api/top?n=-1", 400).get("error").asText())
                    .contains("n must be a whole number from 1 to 100");
            assertThat(get(url + "api/top?n=abc", 400).get("error").asText()).contains("not 'abc'");
            assertThat(get(url + "api/top?window=yesterday", 400).get("error").asText())
                    .contains("window must be 'latest' or a window's start");
            assertThat(
                            rawGet(
                                    dashboardPort,
                                    "127.0.0.1:" + dashboardPort,
                                    "/api/history?word=%zz",
                                    "GET"))
                    .as("a query string that is not well-formed")
                    .startsWith("HTTP/1.1 400")
                    .contains("{\"error\":\"the query string is not well-formed");
            assertThat(rawGet(dashboardPort, "127.0.0.1:" + dashboardPort, "/api/top", "POST"))
                    .as("anything but GET or HEAD")
                    .startsWith("HTTP/1.1 405")
                    .contains("only GET is answered here");
            assertThat(get(url + "api/history?word=neverwritten", 404).get("error").asText())
                    .isEqualTo("'neverwritten' has not been counted");
            assertThat(get(url + "api/history", 400).get("error").asText())
                    .contains("word is missing");
            assertThat(rawGet(dashboardPort, "evil.example:" + dashboardPort, "/api/top", "GET"))
                    .as("a request naming another host (DNS rebinding)")
                    .startsWith("HTTP/1.1 403")
                    .contains("answers requests for 127.0.0.1:" + dashboardPort);

            List<ListeningSockets.Socket> sockets = ListeningSockets.of(local.process().pid());
            assertThat(sockets)
                    .as("the dashboard listens on loopback only: %s", sockets)
                    .filteredOn(s -> s.port() == dashboardPort)
                    .isNotEmpty()
                    .allMatch(ListeningSockets.Socket::loopback);
        }
    }

    private static void produce(
            JobConfig config, TextGenerator text, ReferenceWordCount reference, int lines) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            byte[] line = text.nextLine().getBytes(StandardCharsets.UTF_8);
            reference.add(line);
            records.add(line);
        }
        LocalServices.produce(config, records);
    }

    private static void awaitTable(
            DynamoDbClient client,
            JobConfig config,
            ReferenceWordCount reference,
            LocalProcess local)
            throws IOException, InterruptedException {
        assertThat(TableMatch.await(client, config.table(), reference.counts(), DEADLINE))
                .as("the table holds the independent count; log:\n%s", local.log())
                .isEmpty();
    }

    /** The top n of the independent count as "word=count", most frequent first, ties by word. */
    private static List<String> expectedTop(ReferenceWordCount reference, int n) {
        return ranked(reference.counts(), n);
    }

    /** The top n of {@code counts} as "word=count", most frequent first, ties by word. */
    private static List<String> ranked(Map<String, Long> counts, int n) {
        return IndependentTop.asStrings(counts, n);
    }

    /**
     * The page's top list as "word=count", read from its DOM in one script (the page replaces the
     * list each second: elements found one by one could go stale in between).
     */
    @SuppressWarnings("unchecked")
    private static List<String> shownTop(ChromeDriver browser) {
        return (List<String>)
                browser.executeScript(
                        "return [...document.querySelectorAll('#top-list li')]"
                                + ".map(li => li.dataset.word + '=' + li.dataset.count)");
    }

    /** The rows of the table {@code id}'s body, each its cells joined by '='. */
    @SuppressWarnings("unchecked")
    private static List<String> tableRows(ChromeDriver browser, String id) {
        return (List<String>)
                browser.executeScript(
                        "return [...document.getElementById(arguments[0]).tBodies[0].rows]"
                                + ".map(r => [...r.cells].map(c => c.textContent).join('='))",
                        id);
    }

    /** The text of the element {@code id}, read in one script. */
    private static String text(ChromeDriver browser, String id) {
        return (String)
                browser.executeScript(
                        "return document.getElementById(arguments[0]).textContent", id);
    }

    private static <T> void awaitPage(Supplier<T> shown, T expected, String what) throws Exception {
        awaitPage(shown, expected, what, false);
    }

    /** Waits until the page shows {@code expected} (or, with prefix, a text starting with it). */
    private static <T> void awaitPage(Supplier<T> shown, T expected, String what, boolean prefix)
            throws Exception {
        Object[] last = {null};
        try {
            CommonTestUtils.waitUtil(
                    () -> {
                        T now = shown.get();
                        last[0] = now;
                        return prefix
                                ? String.valueOf(now).startsWith(String.valueOf(expected))
                                : expected.equals(now);
                    },
                    DEADLINE,
                    Duration.ofMillis(200),
                    what);
        } catch (Exception e) {
            throw new AssertionError(
                    what + ": expected " + expected + ", the page shows " + last[0], e);
        }
    }

    private static ChromeDriver browser(Path chromium, Path chromedriver, Path dir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // as root on a build machine
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1400,1250",
                "--user-data-dir=" + dir.resolve("chromium"),
                // Everything but loopback goes to a proxy that is not there: no network at all.
                "--proxy-server=http://127.0.0.1:" + Ports.free(),
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(chromedriver.toFile())
                        .usingAnyFreePort()
                        .build();
        return new ChromeDriver(service, options);
    }

    /** An executable on the PATH, or a failure saying how to install it. */
    private static Path executable(String name) {
        Optional<Path> found =
                Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .map(d -> Path.of(d, name))
                        .filter(Files::isExecutable)
                        .findFirst();
        assertThat(found)
                .as(
                        "%s on the PATH: the dashboard test drives Debian's chromium (apt-get"
                                + " install chromium chromium-driver; .ci/run does)",
                        name)
                .isPresent();
        return found.get();
    }

    private static JsonNode get(String url, int status) throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    /** A request with a Host header of our choosing (Java's HTTP client will not send one). */
    private static String rawGet(int port, String host, String path, String method)
            throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(
                    (method
                                    + " "
                                    + path
                                    + " HTTP/1.1\r\nHost: "
                                    + host
                                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

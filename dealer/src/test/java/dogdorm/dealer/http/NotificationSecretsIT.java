package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.HookReceiver;
import dogdorm.dealer.testkit.ScriptedWorker;
import dogdorm.dealer.testkit.ScriptedWorker.Verdict;
import dogdorm.dealer.testkit.SmtpReceiver;
import dogdorm.dealer.testkit.Web;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real dealer process with a {@code --notify} Slack URL and run-time receivers holding a Slack token and an SMTP
 * password: after events, tests (one refused) and a change, none of the secrets is in any API answer, on the
 * page, or anywhere in what the dealer logged.
 */
class NotificationSecretsIT {
    private static final String ADMIN = "admin-pw-not-a-receiver-secret";
    private static final String CLI_TOKEN = "CLIxSECRETxTOKENx0001";
    private static final String SLACK_TOKEN = "T0AAA/B0BBB/SLACKxSECRETxTOKENx0002";
    private static final String SMTP_PASSWORD = "SMTPxSECRETxPASSWORDx0003";
    private static final String NTFY_TOPIC = "NTFYxSECRETxTOPIC";

    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    @Test
    void no_secret_is_in_an_api_answer_a_page_or_the_dealers_log() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "192.0.2.1,20001\n");
        Path pw = dir.resolve("admin.pw");
        Files.writeString(pw, ADMIN + "\n");
        List<String> answers = new ArrayList<>();
        try (HookReceiver hooks = new HookReceiver(); SmtpReceiver smtp = SmtpReceiver.withLogin("bot", SMTP_PASSWORD);
             DealerProcess dealer = DealerProcess.start("--data", dir.resolve("data").toString(), "--lists",
                     lists.toString(), "--allow-private", "--interval", "200ms", "--retry-interval", "200ms",
                     "--spread", "1ms", "--fail-threshold", "1", "--recover-threshold", "1",
                     "--admin-user", "admin", "--admin-password-file", pw.toString(),
                     "--notify", "slack:" + hooks.url("/services/" + CLI_TOKEN));
             ScriptedWorker worker = new ScriptedWorker(dealer.url(), "w1")) {
            Web web = new Web(dealer.url()).as("admin", ADMIN);
            Web.Answer slack = web.json("POST", "/api/notifications", "{\"name\":\"slack\",\"kind\":\"slack\","
                    + "\"url\":\"" + hooks.url("/services/" + SLACK_TOKEN) + "\"}");
            Web.Answer mail = web.json("POST", "/api/notifications", "{\"name\":\"mail\",\"kind\":\"email\","
                    + "\"email\":{\"host\":\"127.0.0.1\",\"port\":" + smtp.port() + ",\"starttls\":false,"
                    + "\"user\":\"bot\",\"password\":\"" + SMTP_PASSWORD + "\",\"from\":\"d@example.org\","
                    + "\"to\":[\"o@example.org\"]}}");
            hooks.answer("/" + NTFY_TOPIC, 403);
            Web.Answer ntfy = web.json("POST", "/api/notifications", "{\"name\":\"ntfy\",\"kind\":\"ntfy\","
                    + "\"url\":\"" + hooks.url("/" + NTFY_TOPIC) + "\"}");
            for (Web.Answer a : List.of(slack, mail, ntfy)) {
                assertEquals(201, a.status(), a.body());
                answers.add(a.body());
            }
            long mailId = json.readTree(mail.body()).get("id").asLong();
            // a wrong password, then the right one again: the server's refusal is reported, never the password
            answers.add(web.json("PUT", "/api/notifications/" + mailId, "{\"email\":{\"password\":\"x"
                    + SMTP_PASSWORD + "\"}}").body());
            Web.Answer refused = web.json("POST", "/api/notifications/" + mailId + "/test", null);
            assertEquals(502, refused.status(), refused.body());
            answers.add(refused.body());
            answers.add(web.json("PUT", "/api/notifications/" + mailId, "{\"email\":{\"password\":\""
                    + SMTP_PASSWORD + "\"}}").body());
            for (String name : List.of("slack", "mail", "ntfy")) {
                long id = json.readTree(List.of(slack, mail, ntfy).get(List.of("slack", "mail", "ntfy").indexOf(name))
                        .body()).get("id").asLong();
                Web.Answer t = web.json("POST", "/api/notifications/" + id + "/test", null);
                assertEquals(name.equals("ntfy") ? 502 : 200, t.status(), t.body());
                answers.add(t.body());
            }
            assertNotNull(smtp.next(5), "the test mail");

            worker.round(t -> Verdict.down("connection refused"));
            Eventually.until(Duration.ofSeconds(30), "the target.down e-mail", () -> {
                try {
                    worker.round(t -> Verdict.down("connection refused"));
                    return smtp.waiting() > 0;
                } catch (Exception e) {
                    return false;
                }
            });
            Eventually.until(Duration.ofSeconds(10), "deliveries logged", () ->
                    dealer.output().contains("webhook slack:http://127.0.0.1:")
                    && dealer.output().contains("email 127.0.0.1:" + smtp.port() + ": target.down"));
            answers.add(web.get("/api/notifications").body());
            for (long id = 1; id <= 3; id++) {
                answers.add(web.get("/api/notifications/" + id).body());
            }
            answers.add(web.get("/notifications").body());
            answers.add(web.get("/api").body());
            String log = dealer.output();
            assertTrue(log.contains("notification receiver #2 changed"), log);
            for (String secret : List.of(CLI_TOKEN, SLACK_TOKEN, "SLACKxSECRET", SMTP_PASSWORD, NTFY_TOPIC)) {
                for (String a : answers) {
                    assertFalse(a.contains(secret), "'" + secret + "' in an answer:\n" + a);
                }
                assertFalse(log.contains(secret), "'" + secret + "' in the log:\n" + log);
            }
        }
    }
}

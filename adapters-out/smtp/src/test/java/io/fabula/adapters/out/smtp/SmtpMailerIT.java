package io.fabula.adapters.out.smtp;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.fabula.application.notification.MailMessage;
import io.fabula.application.notification.MailResult;
import io.fabula.application.notification.NotificationId;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.failure.FailureKind;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SmtpMailer} against GreenMail: a real SMTP (and SMTPS) server on a free loopback port. */
class SmtpMailerIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    private static final long WAIT_MS = 5_000;

    @Nested
    class over_plain_smtp {

        @RegisterExtension
        final GreenMailExtension server = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("fabula", "s3cret"));

        private SmtpMailer mailer() {
            return new SmtpMailer(settings(server.getSmtp().getPort(), SmtpSettings.Tls.NONE, "fabula", "s3cret"), CLOCK);
        }

        @Test
        void delivers_a_mail_with_its_recipient_subject_both_bodies_and_headers() throws Exception {
            NotificationId id = new NotificationId(UUID.fromString("6f1c2a0e-3b1d-4c8e-9a52-1f0e7d4c9b11"));
            MailMessage mail = new MailMessage(id, "writer@example.com", "Stage WORLD awaits your review",
                    "Hello,\nthe world of Tide is ready.", "<p>Hello,<br>the world of <b>Tide</b> is ready.</p>",
                    Locale.ENGLISH, URI.create("https://fabula.example/unsubscribe?token=abc"));

            MailResult result = mailer().send(mail);

            assertThat(result).isEqualTo(new MailResult.Sent("<" + id + "@fabula.example>"));
            assertThat(server.waitForIncomingEmail(WAIT_MS, 1)).isTrue();
            MimeMessage received = server.getReceivedMessages()[0];
            assertThat(received.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                    .containsExactly("writer@example.com");
            assertThat(received.getFrom()[0].toString()).isEqualTo("Fabula <no-reply@fabula.example>");
            assertThat(received.getSubject()).isEqualTo("Stage WORLD awaits your review");
            assertThat(received.getMessageID()).isEqualTo("<6f1c2a0e-3b1d-4c8e-9a52-1f0e7d4c9b11@fabula.example>");
            assertThat(received.getHeader("List-Unsubscribe", null)).isEqualTo("<https://fabula.example/unsubscribe?token=abc>");
            assertThat(received.getHeader("Content-Language", null)).isEqualTo("en");
            assertThat(received.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
            assertThat(received.getSentDate().toInstant()).isEqualTo(CLOCK.instant());
            assertThat(received.getContentType()).startsWith("multipart/alternative");
            MimeMultipart parts = (MimeMultipart) received.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
            assertThat(parts.getBodyPart(0).getContent()).asString().isEqualToNormalizingNewlines("Hello,\nthe world of Tide is ready.");
            assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").containsIgnoringCase("utf-8");
            assertThat(parts.getBodyPart(1).getContent()).asString().contains("the world of <b>Tide</b> is ready.");
        }

        @Test
        void keeps_chinese_subject_and_bodies_intact_and_names_the_language() throws Exception {
            MailMessage mail = new MailMessage(new NotificationId(UUID.randomUUID()), "zuozhe@example.com",
                    "阶段「世界观」等待您的审阅", "您好，\n《潮汐》的世界观已经完成。", "<p>您好，《潮汐》的世界观已经完成。</p>",
                    Locale.SIMPLIFIED_CHINESE, URI.create("https://fabula.example/unsubscribe?token=zh"));

            assertThat(mailer().send(mail)).isInstanceOf(MailResult.Sent.class);

            assertThat(server.waitForIncomingEmail(WAIT_MS, 1)).isTrue();
            MimeMessage received = server.getReceivedMessages()[0];
            assertThat(received.getSubject()).isEqualTo("阶段「世界观」等待您的审阅");
            assertThat(received.getHeader("Content-Language", null)).isEqualTo("zh-CN");
            MimeMultipart parts = (MimeMultipart) received.getContent();
            assertThat(parts.getBodyPart(0).getContent()).asString().isEqualToNormalizingNewlines("您好，\n《潮汐》的世界观已经完成。");
            assertThat(parts.getBodyPart(1).getContent()).asString().contains("《潮汐》的世界观已经完成");
        }

        @Test
        void sends_the_same_notification_again_under_the_same_message_id_so_a_retry_is_recognisable() throws Exception {
            MailMessage mail = aMail("writer@example.com");

            MailResult first = mailer().send(mail);
            MailResult second = mailer().send(mail);

            assertThat(first).isEqualTo(second);
            assertThat(server.waitForIncomingEmail(WAIT_MS, 2)).isTrue();
            assertThat(server.getReceivedMessages()).extracting(MimeMessage::getMessageID).containsOnly(
                    "<" + mail.id() + "@fabula.example>");
        }

        @Test
        void refused_credentials_are_transient_because_the_row_must_wait_for_the_operator_s_fix() {
            SmtpMailer wrongPassword = new SmtpMailer(
                    settings(server.getSmtp().getPort(), SmtpSettings.Tls.NONE, "fabula", "wrong"), CLOCK);

            MailResult result = wrongPassword.send(aMail("writer@example.com"));

            assertThat(failureOf(result).kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(failureOf(result).reason()).doesNotContain("wrong").doesNotContain("s3cret");
            assertThat(server.getReceivedMessages()).isEmpty();
        }

        @Test
        void an_address_that_is_not_an_address_is_a_validation_failure_without_asking_the_server() {
            MailResult result = mailer().send(aMail("not an address"));

            assertThat(failureOf(result)).isInstanceOf(Failure.Validation.class);
            assertThat(server.getReceivedMessages()).isEmpty();
        }

        @Test
        void a_recipient_the_server_rejects_with_a_5xx_reply_is_a_validation_failure() {
            // RFC 5321 §4.5.3.1 limits a path to 256 octets; GreenMail answers "500 Command too long" to this RCPT
            String tooLong = "a".repeat(5_000) + "@example.com";

            MailResult result = mailer().send(aMail(tooLong));

            assertThat(failureOf(result)).isInstanceOf(Failure.Validation.class);
            assertThat(failureOf(result).reason()).contains("500");
            assertThat(server.getReceivedMessages()).isEmpty();
        }
    }

    @Nested
    class over_smtps {

        @RegisterExtension
        final GreenMailExtension server = new GreenMailExtension(ServerSetupTest.SMTPS.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

        @Test
        void delivers_over_tls_when_the_test_certificate_is_trusted() throws Exception {
            // GreenMail's certificate is self-signed: trusting it blindly is a test-only setting
            SmtpSettings tls = withTrustedHosts(settings(server.getSmtps().getPort(), SmtpSettings.Tls.SSL, "", ""), "*");

            MailResult result = new SmtpMailer(tls, CLOCK).send(aMail("writer@example.com"));

            assertThat(result).isInstanceOf(MailResult.Sent.class);
            assertThat(server.waitForIncomingEmail(WAIT_MS, 1)).isTrue();
            assertThat(GreenMailUtil.getBody(server.getReceivedMessages()[0])).contains("plain body");
        }

        @Test
        void refuses_a_certificate_it_cannot_verify_as_a_transient_failure() {
            SmtpSettings verifying = settings(server.getSmtps().getPort(), SmtpSettings.Tls.SSL, "", "");

            MailResult result = new SmtpMailer(verifying, CLOCK).send(aMail("writer@example.com"));

            assertThat(failureOf(result).kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(server.getReceivedMessages()).isEmpty();
        }

        @Test
        void a_plain_client_cannot_talk_to_a_tls_server_and_fails_transiently_within_its_timeout() {
            SmtpSettings plain = settings(server.getSmtps().getPort(), SmtpSettings.Tls.NONE, "", "");

            MailResult result = new SmtpMailer(plain, CLOCK).send(aMail("writer@example.com"));

            assertThat(failureOf(result).kind()).isEqualTo(FailureKind.TRANSIENT);
        }
    }

    @Nested
    class without_a_server {

        @Test
        void a_stopped_server_is_a_transient_failure_not_an_exception() {
            GreenMail stopped = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
            stopped.start();
            int port = stopped.getSmtp().getPort();
            stopped.stop();

            MailResult result = new SmtpMailer(settings(port, SmtpSettings.Tls.NONE, "", ""), CLOCK)
                    .send(aMail("writer@example.com"));

            assertThat(failureOf(result)).isInstanceOf(Failure.Transient.class);
            assertThat(failureOf(result).reason()).contains("could not be reached");
        }

        @Test
        void a_server_that_accepts_but_never_answers_is_a_transient_failure_within_the_read_timeout() throws Exception {
            List<Socket> held = new ArrayList<>();
            try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
                Thread acceptor = new Thread(() -> {
                    try {
                        while (true) {
                            held.add(silent.accept()); // never writes the 220 greeting
                        }
                    } catch (IOException closed) {
                        // the test is over
                    }
                });
                acceptor.setDaemon(true);
                acceptor.start();
                SmtpSettings s = settings(silent.getLocalPort(), SmtpSettings.Tls.NONE, "", "");

                long started = System.nanoTime();
                MailResult result = new SmtpMailer(s, CLOCK).send(aMail("writer@example.com"));

                assertThat(failureOf(result)).isInstanceOf(Failure.Transient.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    private static SmtpSettings settings(int port, SmtpSettings.Tls tls, String username, String password) {
        return new SmtpSettings("127.0.0.1", port, "Fabula <no-reply@fabula.example>", username, password, tls, "",
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    private static SmtpSettings withTrustedHosts(SmtpSettings s, String trusted) {
        return new SmtpSettings(s.host(), s.port(), s.from(), s.username(), s.password(), s.tls(), trusted,
                s.connectTimeout(), s.readTimeout(), s.writeTimeout());
    }

    private static MailMessage aMail(String to) {
        return new MailMessage(new NotificationId(UUID.randomUUID()), to, "A subject", "plain body", "<p>html body</p>",
                Locale.ENGLISH, URI.create("https://fabula.example/unsubscribe?token=t"));
    }

    private static Failure failureOf(MailResult result) {
        assertThat(result).isInstanceOf(MailResult.Failed.class);
        return ((MailResult.Failed) result).failure();
    }
}

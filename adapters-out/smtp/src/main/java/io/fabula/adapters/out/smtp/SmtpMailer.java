package io.fabula.adapters.out.smtp;

import io.fabula.application.notification.MailMessage;
import io.fabula.application.notification.MailResult;
import io.fabula.application.notification.Mailer;
import io.fabula.domain.failure.Failure;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * {@link Mailer} over SMTP with Jakarta Mail (Eclipse Angus). Each call opens a connection, sends one
 * {@code multipart/alternative} mail (plain text, then HTML) and closes it: notifications are few, and a fresh
 * connection per mail means a server restart costs one failed mail at most, never a poisoned pooled connection.
 *
 * <p>Failures are classified here, at the adapter edge, and returned, never thrown (see {@link Mailer}); nothing is
 * logged here either: the sender logs the outcome once, with the notification id.
 */
public final class SmtpMailer implements Mailer {

    private final SmtpSettings settings;
    private final Session session;
    private final InternetAddress from;
    private final String messageIdDomain;
    private final Clock clock;

    public SmtpMailer(SmtpSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.from = new InternetAddress(settings.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("the sender address is not an address: " + settings.from(), e);
        }
        String address = from.getAddress();
        this.messageIdDomain = address.substring(address.lastIndexOf('@') + 1);
        this.session = Session.getInstance(properties(settings, from));
    }

    private static Properties properties(SmtpSettings settings, InternetAddress from) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        p.setProperty("mail.smtp.from", from.getAddress()); // the envelope sender, where bounces go
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(settings.readTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(settings.writeTimeout().toMillis()));
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.authenticates()));
        switch (settings.tls()) {
            case NONE -> { }
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                // without "required" a man in the middle could strip STARTTLS from the server's EHLO answer
                p.setProperty("mail.smtp.starttls.required", "true");
            }
            case SSL -> p.setProperty("mail.smtp.ssl.enable", "true");
        }
        if (settings.tls() != SmtpSettings.Tls.NONE) {
            p.setProperty("mail.smtp.ssl.checkserveridentity", Boolean.toString(settings.trustedHosts().isBlank()));
            if (!settings.trustedHosts().isBlank()) {
                p.setProperty("mail.smtp.ssl.trust", settings.trustedHosts());
            }
        }
        return p;
    }

    @Override
    public MailResult send(MailMessage message) {
        Objects.requireNonNull(message, "message");
        InternetAddress to;
        try {
            to = new InternetAddress(message.to(), true);
            to.validate();
        } catch (AddressException e) {
            return new MailResult.Failed(Failure.Validation.of("not an email address: " + message.to()));
        }
        String messageId = messageIdOf(message);
        try {
            MimeMessage mime = compose(message, to, messageId);
            if (settings.authenticates()) {
                Transport.send(mime, settings.username(), settings.password());
            } else {
                Transport.send(mime);
            }
            return new MailResult.Sent(messageId);
        } catch (MessagingException e) {
            return new MailResult.Failed(classify(e));
        } catch (RuntimeException e) {
            // Jakarta Mail wraps most I/O in MessagingException, but not all (e.g. a failed write-timeout schedule)
            return new MailResult.Failed(new Failure.Transient("sending mail failed: " + describe(e)));
        }
    }

    /** {@code <notification-id@sender-domain>}: the same notification always gets the same Message-ID. */
    String messageIdOf(MailMessage message) {
        return "<" + message.id() + "@" + messageIdDomain + ">";
    }

    private MimeMessage compose(MailMessage message, InternetAddress to, String messageId) throws MessagingException {
        MimeMessage mime = new FixedIdMimeMessage(session, messageId);
        mime.setFrom(from);
        mime.setRecipient(Message.RecipientType.TO, to);
        mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
        mime.setSentDate(Date.from(clock.instant()));
        mime.setHeader("Content-Language", message.locale().toLanguageTag());
        mime.setHeader("List-Unsubscribe", "<" + message.unsubscribe().toASCIIString() + ">");
        // RFC 3834: an automatic mail, so vacation responders do not answer it
        mime.setHeader("Auto-Submitted", "auto-generated");

        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
        // RFC 2046: alternatives in increasing order of preference, so the HTML part comes last
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        mime.setContent(alternative);
        return mime;
    }

    /**
     * The SMTP reply code decides where one was given (4xx: try later; 5xx: the server said never); without one the
     * server was not reached or not understood, which is transient; refused credentials are an operator's mistake that
     * a retry after the fix cures, so they are transient too (and trip the breaker, which alerts).
     */
    static Failure classify(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return new Failure.Transient("the SMTP server refused our credentials");
        }
        Integer code = replyCode(e);
        if (code != null && code >= 500 && code < 600) {
            return Failure.Validation.of("the SMTP server rejected the mail permanently: " + describe(replyOf(e)));
        }
        if (code != null) {
            return new Failure.Transient("the SMTP server deferred the mail: " + describe(replyOf(e)));
        }
        return new Failure.Transient("the SMTP server could not be reached: " + describe(e));
    }

    /** The first SMTP reply code in the chain of exceptions: address failures nest inside send failures. */
    private static Integer replyCode(MessagingException e) {
        Throwable reply = replyOf(e);
        if (reply instanceof SMTPAddressFailedException address) {
            return address.getReturnCode();
        }
        if (reply instanceof SMTPSenderFailedException sender) {
            return sender.getReturnCode();
        }
        if (reply instanceof SMTPSendFailedException send) {
            return send.getReturnCode();
        }
        return null;
    }

    private static Throwable replyOf(MessagingException e) {
        Set<Throwable> seen = new HashSet<>();
        Throwable fallback = null;
        for (Throwable t = e; t != null && seen.add(t); t = next(t)) {
            // the most specific reply wins: an address failure says more than the send failure around it
            if (t instanceof SMTPAddressFailedException || t instanceof SMTPSenderFailedException) {
                return t;
            }
            if (fallback == null && t instanceof SMTPSendFailedException) {
                fallback = t;
            }
        }
        return fallback == null ? e : fallback;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return t.getCause();
    }

    /** One line, no stack trace; the message of the exception and of its root cause (e.g. "Connection refused"). */
    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String own = String.valueOf(t.getMessage()).strip().replaceAll("\\s+", " ");
        if (root == t) {
            return own;
        }
        return own + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /** Jakarta Mail replaces the Message-ID on every save; this keeps ours, derived from the notification id. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    @Override
    public String toString() {
        return "SmtpMailer[" + settings + "]";
    }
}

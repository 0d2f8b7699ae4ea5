package io.fabula.adapters.out.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the SMTP server is, how to talk to it and how long to wait for it.
 *
 * @param host           the server, e.g. {@code smtp.example.com}
 * @param port           25/587 for {@link Tls#NONE} and {@link Tls#STARTTLS}, 465 for {@link Tls#SSL}
 * @param from           the sender address, e.g. {@code Fabula <no-reply@fabula.example>}; its domain names the
 *                       Message-IDs
 * @param username       blank: no AUTH
 * @param password       from the environment ({@code FABULA_SMTP_PASSWORD}); never logged
 * @param tls            how the connection is protected
 * @param trustedHosts   blank: the server certificate is checked against the JVM's trust store (production).
 *                       Otherwise the hosts whose certificate is trusted without a check ({@code *} = any): only for
 *                       tests against a server with a self-signed certificate
 * @param connectTimeout bounds establishing the TCP connection (and, for SSL, the handshake)
 * @param readTimeout    bounds waiting for each reply of the server
 * @param writeTimeout   bounds writing each command or the message, so a server that stops reading cannot hang us
 */
public record SmtpSettings(String host, int port, String from, String username, String password, Tls tls,
                           String trustedHosts, Duration connectTimeout, Duration readTimeout, Duration writeTimeout) {

    /** How the connection to the server is protected. */
    public enum Tls {
        /** Plain text: only for a relay on the same host or in tests. */
        NONE,
        /** Plain connect, then STARTTLS, which is required: a server that does not offer it is a failure. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, "implicit TLS", usually port 465). */
        SSL
    }

    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("an SMTP host is required");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the SMTP port must be within 1..65535: " + port);
        }
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("a sender address is required");
        }
        Objects.requireNonNull(username, "username (blank for none)");
        Objects.requireNonNull(password, "password (blank for none)");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(trustedHosts, "trusted hosts (blank for none)");
        for (Duration timeout : new Duration[] {connectTimeout, readTimeout, writeTimeout}) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
    }

    boolean authenticates() {
        return !username.isBlank();
    }

    /** Without the password: settings end up in logs and exception messages. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", from=" + from + ", username=" + username
                + ", password=" + (password.isEmpty() ? "(none)" : "****") + ", tls=" + tls
                + ", trustedHosts=" + trustedHosts + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", writeTimeout=" + writeTimeout + "]";
    }
}
